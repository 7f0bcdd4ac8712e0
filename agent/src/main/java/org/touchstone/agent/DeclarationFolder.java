package org.touchstone.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.drivers.file.SettledFiles;

/**
 * Watches the declarations folder on its own thread ("declarations-folder"), never the desk's: a file is read once
 * it has settled, its size and time the same at two scans in a row ({@link SettledFiles}, the project's one rule; so
 * a file still being copied is not read early), and its bytes are
 * handed to the desk. Only regular files are read, never through a symlink, and at most
 * {@link DeclarationReader#MAX_BYTES}: a symlink (to {@code /etc/shadow}, to {@code /dev/zero}), a FIFO (which would
 * block the reader), a folder or an oversized file is refused with the reason, once, and never opened.
 */
final class DeclarationFolder implements AutoCloseable {

    /** What the watcher hands on: a file's bytes, or the reason it was refused. */
    interface Receiver {
        void read(Path file, byte[] document);

        void refused(Path file, String reason);
    }

    private static final Logger log = LoggerFactory.getLogger(DeclarationFolder.class);

    private final Path folder;
    private final Receiver receiver;
    private final long maxBytes;
    private final Set<Path> seen = ConcurrentHashMap.newKeySet();
    /** Files not read yet, as the previous scans saw them. Folder thread only. */
    private final SettledFiles settling = new SettledFiles(java.time.Duration.ZERO);
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "declarations-folder");
        t.setDaemon(true);
        return t;
    });

    DeclarationFolder(Path folder, Receiver receiver) {
        this(folder, receiver, DeclarationReader.MAX_BYTES);
    }

    DeclarationFolder(Path folder, Receiver receiver, long maxBytes) {
        this.folder = folder;
        this.receiver = receiver;
        this.maxBytes = maxBytes;
    }

    /** Files read before a restart (the journal names them) are not read again. */
    void alreadyRead(Set<Path> files) {
        seen.addAll(files);
    }

    void start() {
        thread.scheduleWithFixedDelay(this::scanSafely, 0, 1, TimeUnit.SECONDS);
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException e) {
            log.error("declarations folder {}: {}", folder, e.toString(), e);
        }
    }

    /** One pass over the folder (the thread runs it every second; tests call it directly). */
    void scan() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(folder, "*.json")) {
            list.forEach(files::add);
        } catch (IOException e) {
            log.warn("cannot list declarations folder {}: {}", folder, e.getMessage());
            return;
        }
        files.sort(null);
        for (Path file : files) {
            if (seen.contains(file)) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue;
            }
            String refusal = refusal(attributes);
            if (refusal != null) {
                seen.add(file);
                receiver.refused(file, refusal);
                continue;
            }
            if (settling.settled(file, attributes.size(), attributes.lastModifiedTime().toMillis())) {
                seen.add(file);
                try {
                    receiver.read(file, read(file, maxBytes));
                } catch (IOException e) {
                    receiver.refused(file, "cannot read: " + e.getMessage());
                }
            }
        }
    }

    private String refusal(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return "a symbolic link; only regular files in the folder are read";
        }
        if (!a.isRegularFile()) {
            return (a.isDirectory() ? "a folder" : "not a regular file (a FIFO, socket or device)")
                    + "; only regular files are read";
        }
        if (a.size() > maxBytes) {
            return "larger than " + maxBytes + " bytes (" + a.size() + ")";
        }
        return null;
    }

    /**
     * Reads a regular file without following a link, and never more than {@code maxBytes}: a file that grows past
     * the limit while being read is refused.
     */
    static byte[] read(Path file, long maxBytes) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            // Checked before opening: opening a FIFO for reading blocks until someone writes to it.
            throw new IOException(a.isSymbolicLink() ? "a symbolic link" : "not a regular file");
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new IOException("larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new IOException("it was removed before it could be read", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
