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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.file.SettledFiles;
import org.touchstone.drivers.protocol.xrfcsv.CsvProblem;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Imports XRF export files dropped into a folder (a USB stick copied at the post): every shot once, even across
 * restarts, re-exports and files still being written; and a shot counts as imported only once the agent says it
 * has it.
 *
 * <p>Only complete rows of settled files: a file is read once its size and time have not changed for {@code settle}
 * ({@link SettledFiles}), and only its lines that ended are read; a last line without its line end (a file still
 * being written, stalled longer than the settle time, or cut inside a number) is held back and read when the file
 * grows to end it. A file that changes is read again.
 *
 * <p>Every shot once: each row is known by its shot key, the analyzer serial, test number and start
 * ({@link #shotKey}), or the row's text when it has no test number. A row whose shot was imported already (an
 * overlapping re-export, the file read again after it grew, a copy under another name) is not handed on again.
 *
 * <p>Imported only when accepted: a shot is handed to the listener and is pending until {@link #acknowledge} says the
 * agent journaled it; only then is its key appended to the state file (forced to disk). A crash between the two
 * hands the shot on again after the restart, never loses it; the agent recognises the repeat by its serial and test
 * number. A file whose shots are all acknowledged, with nothing held back, is recorded by its content hash so a
 * restart does not read it again.
 *
 * <p>Hidden files and names ending in {@code .tmp}, {@code .part}, {@code .partial} or {@code ~} are what writers
 * use before an atomic rename, and are left alone.
 */
public final class XrfFolderImporter extends DriverSupport {

    private static final Logger LOG = LoggerFactory.getLogger(XrfFolderImporter.class);
    private static final List<String> TEMPORARY_SUFFIXES = List.of(".tmp", ".part", ".partial", "~");

    private final Path folder;
    private final PathMatcher pattern;
    private final String glob;
    private final Path stateFile;
    private final Duration pollInterval;
    private final XrfCsvProfile profile;
    private final XrfCsvParser.Settings settings;
    private final ZoneId zone;
    private final SettledFiles settledFiles;
    /** Shot keys journaled by the agent (from the state file and acknowledgements). */
    private final Set<String> imported = new HashSet<>();
    /** Content hashes of files whose every shot is imported. */
    private final Set<String> doneFiles = new HashSet<>();
    /** Shot keys handed on and not yet acknowledged, with the file they came from. */
    private final Map<String, Path> pending = new HashMap<>();
    /** Files read whose shots are not all acknowledged yet: their content hash and their shot keys. */
    private final Map<Path, FileRead> awaiting = new HashMap<>();
    /** The version of each file last read (size and time), so an unchanged file is not read again. */
    private final Map<Path, Long> readVersion = new HashMap<>();
    /** Problems already reported per file, so a file read again after it grew does not report them again. */
    private final Map<Path, Set<String>> reported = new HashMap<>();
    private volatile long duplicatesSkipped;
    private volatile long filesRead;
    private volatile long knownFilesSkipped;

    private record FileRead(String hash, Set<String> keys, boolean complete) {
    }

    /**
     * @param glob      which file names to import, e.g. {@code *.csv}
     * @param stateFile where the keys of imported shots are kept (created when absent)
     * @param profile   the column mapping, or null to recognise a built-in one from each file's header
     * @param settings  what the analyzer's configuration states (its unit, its date pattern)
     */
    public XrfFolderImporter(String deviceId, Path folder, String glob, Path stateFile, Duration settle,
                             Duration pollInterval, XrfCsvProfile profile, XrfCsvParser.Settings settings, ZoneId zone,
                             Clock clock, DeviceListener listener) {
        super(deviceId, clock, listener, LOG);
        this.folder = Objects.requireNonNull(folder, "folder must not be null");
        this.glob = glob == null ? "*.csv" : glob;
        this.pattern = FileSystems.getDefault().getPathMatcher("glob:" + this.glob);
        this.stateFile = Objects.requireNonNull(stateFile, "stateFile must not be null");
        this.settledFiles = new SettledFiles(Objects.requireNonNull(settle, "settle must not be null"));
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval must not be null");
        this.profile = profile;
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.zone = Objects.requireNonNull(zone, "zone must not be null");
    }

    /** An importer for analyzers whose files state their unit themselves. */
    public XrfFolderImporter(String deviceId, Path folder, String glob, Path stateFile, Duration settle,
                             Duration pollInterval, XrfCsvProfile profile, ZoneId zone, Clock clock,
                             DeviceListener listener) {
        this(deviceId, folder, glob, stateFile, settle, pollInterval, profile, XrfCsvParser.Settings.NONE, zone, clock,
                listener);
    }

    @Override
    String threadName() {
        return "xrf-folder-" + deviceId;
    }

    /**
     * What identifies a shot wherever it comes from: analyzer serial, test number and start time as the instrument
     * gave them; for a row without a test number, the row itself.
     */
    public static String shotKey(XrfReading r) {
        if (r.testNumber() != null && !r.testNumber().isBlank()) {
            return "shot:" + nz(r.analyzerSerial()) + "|" + r.testNumber().trim() + "|"
                    + (r.startedAt() == null ? "" : r.startedAt().toString());
        }
        return "row:" + sha256(r.raw().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The agent journaled this reading: its shot counts as imported from now on, also after a restart. Safe to call
     * from any thread (the agent's desk thread calls it after the journal commit).
     */
    public synchronized void acknowledge(XrfReading r) {
        String key = shotKey(r);
        Path from = pending.remove(key);
        if (from == null || !imported.add(key)) {
            return;
        }
        try {
            append("shot\t" + key + "\t" + clock.instant() + "\t" + from.getFileName());
            FileRead f = awaiting.get(from);
            if (f != null && f.complete() && imported.containsAll(f.keys())) {
                awaiting.remove(from);
                doneFiles.add(f.hash());
                append("file\t" + f.hash() + "\t" + clock.instant() + "\t" + f.keys().size() + "\t"
                        + from.getFileName());
            }
        } catch (IOException e) {
            changeState(DeviceState.FAULTY, "cannot write state file " + stateFile + ": " + e.getMessage()
                    + "; shots from " + from + " may be imported again after a restart");
        }
    }

    /** Keys of the shots imported so far (read from the state file at start, and acknowledged since). */
    public synchronized Set<String> importedShots() {
        return Set.copyOf(imported);
    }

    /** Shots handed on and not yet acknowledged. */
    public synchronized int pendingShots() {
        return pending.size();
    }

    /** Rows skipped because their shot was imported (or handed on) already. */
    public long duplicatesSkipped() {
        return duplicatesSkipped;
    }

    /** Settled files not read because their content was imported whole before (a copy, a file seen before a restart). */
    public long knownFilesSkipped() {
        return knownFilesSkipped;
    }

    /** File versions read so far (a file read again after it grew counts again). */
    public long filesRead() {
        return filesRead;
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
            rejectsDue();
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
            // a crash tore the last line: end it, so the next record starts a line of its own
            Files.write(stateFile, new byte[] {'\n'}, StandardOpenOption.APPEND);
        }
        for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            synchronized (this) {
                if (f.length >= 3 && f[0].equals("shot") && !f[1].isBlank()) {
                    imported.add(f[1]);
                } else if (f.length >= 2 && f[0].equals("file") && f[1].matches("[0-9a-f]{64}")) {
                    doneFiles.add(f[1]);
                } else if (f.length >= 1 && f[0].matches("[0-9a-f]{64}")) {
                    doneFiles.add(f[0]); // the first format: one content hash per imported file
                }
                // anything else is a line torn by a crash: ignored
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
                if (name.startsWith(".") || TEMPORARY_SUFFIXES.stream()
                        .anyMatch(s -> name.toLowerCase(Locale.ROOT).endsWith(s)) || !pattern.matches(file.getFileName())) {
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
                long size = a.size();
                long modified = a.lastModifiedTime().toMillis();
                if (settledFiles.settled(file, size, modified)) {
                    Long version = readVersion.get(file);
                    long v = size * 31 + modified;
                    if (version == null || version != v) {
                        consider(file, size, modified, v);
                    }
                }
            }
        }
        settledFiles.retainOnly(present);
        readVersion.keySet().retainAll(present);
        reported.keySet().retainAll(present);
    }

    private void consider(Path file, long size, long modified, long version) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != size || after.lastModifiedTime().toMillis() != modified || content.length != size) {
                return; // changed while read: the next polls see it settle again
            }
        } catch (IOException e) {
            reject(file + ": cannot read: " + e.getMessage(), "");
            readVersion.put(file, version);
            return;
        }
        readVersion.put(file, version);
        String hash = sha256(content);
        synchronized (this) {
            if (doneFiles.contains(hash)) {
                knownFilesSkipped++;
                return;
            }
        }
        filesRead++;
        XrfCsvParser.Result result = XrfCsvParser.parse(file.toString(), content, profile, settings, deviceId, clock,
                zone, true);
        Set<String> keys = new LinkedHashSet<>();
        int handedOn = 0;
        for (XrfReading r : result.readings()) {
            String key = shotKey(r);
            keys.add(key);
            synchronized (this) {
                if (imported.contains(key) || pending.containsKey(key)) {
                    duplicatesSkipped++;
                    continue;
                }
                pending.put(key, file);
            }
            handedOn++;
            frameAccepted();
            reading(r);
        }
        Set<String> told = reported.computeIfAbsent(file, f -> new HashSet<>());
        for (CsvProblem p : result.problems()) {
            if (told.add(p.toString())) {
                reject(p);
            }
        }
        if (result.heldBack() != null) {
            reject(file + ": the last line has no line end yet (" + result.heldBack().length() + " characters): not "
                    + "read until the file ends it; a file cut there must be exported again", "");
        }
        boolean complete = result.heldBack() == null;
        synchronized (this) {
            if (complete && imported.containsAll(keys)) {
                // Everything in it was imported before (a copy, a re-export of known shots): remember the content.
                doneFiles.add(hash);
                awaiting.remove(file);
                try {
                    append("file\t" + hash + "\t" + clock.instant() + "\t" + keys.size() + "\t" + file.getFileName());
                } catch (IOException e) {
                    changeState(DeviceState.FAULTY, "cannot write state file " + stateFile + ": " + e.getMessage());
                }
            } else {
                awaiting.put(file, new FileRead(hash, keys, complete));
            }
        }
        LOG.info("{}: read {} ({} shots, {} new, {} problems{})", deviceId, file, result.readings().size(), handedOn,
                result.problems().size(), complete ? "" : ", last line held back");
    }

    private void append(String line) throws IOException {
        try (FileChannel ch = FileChannel.open(stateFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
