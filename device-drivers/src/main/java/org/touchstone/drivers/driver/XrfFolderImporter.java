package org.touchstone.drivers.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.protocol.xrfcsv.CsvProblem;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Imports XRF export files dropped into a folder (a USB stick copied at the post): each file once, even across
 * restarts, and never a file still being written.
 *
 * <p>Once: after a file's readings are handed on, the SHA-256 of its content is appended to a small state file
 * (forced to disk), and content whose hash is listed there is never imported again, whatever its name. A crash
 * between the two may import a file twice, never lose one. A file rewritten with other content is new content and
 * is imported in full.
 *
 * <p>Not early: a file is read only after its size and modification time have stayed the same for
 * {@code settle}, and is read again later if they changed while it was read. Hidden files and names ending in
 * {@code .tmp}, {@code .part}, {@code .partial} or {@code ~} are what writers use before an atomic rename, and
 * are left alone. The folder is polled rather than watched, because file-system events are unreliable on USB
 * sticks and network shares.
 */
public final class XrfFolderImporter extends DriverSupport {

    private static final Logger LOG = LoggerFactory.getLogger(XrfFolderImporter.class);
    private static final List<String> TEMPORARY_SUFFIXES = List.of(".tmp", ".part", ".partial", "~");

    private final Path folder;
    private final PathMatcher pattern;
    private final String glob;
    private final Path stateFile;
    private final Duration settle;
    private final Duration pollInterval;
    private final XrfCsvProfile profile;
    private final ZoneId zone;
    private final Set<String> imported = new HashSet<>();
    private final Map<Path, Seen> seen = new HashMap<>();

    /** What a poll saw of a file: size and time, since when they have not changed, and whether it is done. */
    private record Seen(long size, long modified, long stableSinceNanos, boolean done) {
    }

    /**
     * @param glob      which file names to import, e.g. {@code *.csv}
     * @param stateFile where the hashes of imported content are kept (created when absent)
     * @param profile   the column mapping, or null to recognise a built-in one from each file's header
     */
    public XrfFolderImporter(String deviceId, Path folder, String glob, Path stateFile, Duration settle,
                             Duration pollInterval, XrfCsvProfile profile, ZoneId zone, Clock clock,
                             DeviceListener listener) {
        super(deviceId, clock, listener, LOG);
        this.folder = Objects.requireNonNull(folder, "folder must not be null");
        this.glob = glob == null ? "*.csv" : glob;
        this.pattern = FileSystems.getDefault().getPathMatcher("glob:" + this.glob);
        this.stateFile = Objects.requireNonNull(stateFile, "stateFile must not be null");
        this.settle = Objects.requireNonNull(settle, "settle must not be null");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval must not be null");
        this.profile = profile;
        this.zone = Objects.requireNonNull(zone, "zone must not be null");
    }

    @Override
    String threadName() {
        return "xrf-folder-" + deviceId;
    }

    /** Hashes of the content imported so far (read from the state file at start). */
    public synchronized Set<String> importedHashes() {
        return Set.copyOf(imported);
    }

    @Override
    void run() {
        try {
            loadState();
        } catch (IOException e) {
            changeState(DeviceState.FAULTY, "cannot read state file " + stateFile + ": " + e.getMessage()
                    + "; nothing is imported, so nothing is imported twice");
            return;
        }
        while (running) {
            try {
                poll();
                changeState(DeviceState.CONNECTED, "watching " + folder + " for " + glob);
            } catch (IOException e) {
                changeState(DeviceState.DISCONNECTED, "cannot list " + folder + ": " + e.getMessage());
            }
            pause(pollInterval);
        }
    }

    private void loadState() throws IOException {
        Files.createDirectories(stateFile.toAbsolutePath().getParent());
        if (!Files.exists(stateFile)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(stateFile);
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
            // a crash tore the last line: end it, so the next hash starts a line of its own
            Files.write(stateFile, new byte[] {'\n'}, StandardOpenOption.APPEND);
        }
        for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
            String hash = line.split("\t", 2)[0];
            if (hash.matches("[0-9a-f]{64}")) { // a line torn by a crash is ignored
                synchronized (this) {
                    imported.add(hash);
                }
            }
        }
    }

    private void poll() throws IOException {
        Set<Path> present = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (!running) {
                    return;
                }
                String name = file.getFileName().toString();
                if (name.startsWith(".") || TEMPORARY_SUFFIXES.stream().anyMatch(s -> name.toLowerCase(Locale.ROOT).endsWith(s))
                        || !pattern.matches(file.getFileName())) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // gone since the listing
                }
                if (!a.isRegularFile()) {
                    continue;
                }
                present.add(file);
                consider(file, a.size(), a.lastModifiedTime().toMillis());
            }
        }
        seen.keySet().retainAll(present);
    }

    private void consider(Path file, long size, long modified) {
        long now = System.nanoTime();
        Seen s = seen.get(file);
        if (s == null || s.size() != size || s.modified() != modified) {
            seen.put(file, new Seen(size, modified, now, false));
            return;
        }
        if (s.done() || size == 0 || now - s.stableSinceNanos() < settle.toNanos()) {
            return;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != size || after.lastModifiedTime().toMillis() != modified || content.length != size) {
                seen.put(file, new Seen(after.size(), after.lastModifiedTime().toMillis(), now, false));
                return;
            }
        } catch (IOException e) {
            reject(file + ": cannot read: " + e.getMessage(), "");
            seen.put(file, new Seen(size, modified, now, true));
            return;
        }
        seen.put(file, new Seen(size, modified, s.stableSinceNanos(), true));
        String hash = sha256(content);
        synchronized (this) {
            if (imported.contains(hash)) {
                return;
            }
        }
        XrfCsvParser.Result result = XrfCsvParser.parse(file.toString(), content, profile, deviceId, clock, zone);
        for (XrfReading r : result.readings()) {
            reading(r);
        }
        for (CsvProblem p : result.problems()) {
            reject(p);
        }
        try {
            record(hash, file, result.readings().size());
        } catch (IOException e) {
            changeState(DeviceState.FAULTY, "cannot write state file " + stateFile + ": " + e.getMessage()
                    + "; " + file + " may be imported again after a restart");
        }
        LOG.info("{}: imported {} ({} readings, {} problems)", deviceId, file, result.readings().size(),
                result.problems().size());
    }

    private void record(String hash, Path file, int readings) throws IOException {
        synchronized (this) {
            imported.add(hash);
        }
        String line = hash + "\t" + clock.instant() + "\t" + readings + "\t" + file.getFileName() + "\n";
        try (FileChannel ch = FileChannel.open(stateFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
