package org.touchstone.agent.config;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The agent's data directory ({@code dataDirectory}: journal, alerts, import state), held by one agent at a time.
 *
 * <p>Two agents on one configuration would fight for the MQTT client id (the broker drops one each time the other
 * connects, so presence flaps) and for the serial ports, with nothing said. The first agent takes an exclusive
 * file lock on {@code touchstone.lock}; a second one refuses to start and names the first. The operating system
 * releases the lock when the process ends, however it ends ({@code kill -9}, power cut), so a stale lock file
 * never blocks a restart.
 */
public final class DataDirectory implements AutoCloseable {

    /** The lock file's name inside the data directory. */
    public static final String LOCK_FILE = "touchstone.lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** The data directory cannot be created, written or locked; the message is one line naming the folder. */
    public static class DataDirectoryException extends RuntimeException {
        public DataDirectoryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Another agent (or this process) already holds the data directory. */
    public static final class InUseException extends DataDirectoryException {
        public InUseException(String message) {
            super(message, null);
        }
    }

    /**
     * Creates the directory if needed (0700: it holds the evidence), checks that it can be written, and takes its
     * lock for {@code postId}.
     *
     * @throws InUseException         when another agent holds it
     * @throws DataDirectoryException when it cannot be created, written or locked
     */
    public static DataDirectory lock(Path directory, String postId) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
        } catch (UnsupportedOperationException e) {
            try {
                Files.createDirectories(dir);
            } catch (IOException io) {
                throw unusable(dir, "cannot create it", io);
            }
        } catch (IOException e) {
            throw unusable(dir, "cannot create it", e);
        }
        if (!Files.isWritable(dir)) {
            throw new DataDirectoryException("dataDirectory " + dir + ": cannot write there (permission denied for "
                    + "user " + System.getProperty("user.name") + "); choose a folder this user may write, or change "
                    + "its owner", null);
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw unusable(dir, "cannot open its lock file " + LOCK_FILE, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new InUseException("dataDirectory " + dir + " is already in use by an agent in this process; "
                    + "stop it first, or give this one a dataDirectory of its own");
        } catch (IOException e) {
            close(channel);
            throw unusable(dir, "cannot lock " + LOCK_FILE, e);
        }
        if (lock == null) {
            String holder = holder(lockFile);
            close(channel);
            throw new InUseException("another agent is already running on dataDirectory " + dir
                    + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + "; stop it first (two agents on one configuration fight for the broker's client id and the "
                    + "serial ports), or give this one a dataDirectory of its own");
        }
        try {
            String me = "pid " + ProcessHandle.current().pid() + ", post " + postId + ", started " + Instant.now()
                    + ", " + ManagementFactory.getRuntimeMXBean().getName();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            // The lock is what counts; the text only tells a second agent who holds it.
        }
        return new DataDirectory(dir, channel, lock);
    }

    private static String holder(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return text.length() > 200 ? text.substring(0, 200) : text.replaceAll("\\p{Cntrl}", " ");
        } catch (IOException e) {
            return "";
        }
    }

    private static DataDirectoryException unusable(Path dir, String what, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied for user " + System.getProperty("user.name");
        } else if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            reason = (e instanceof FileSystemException fs ? fs.getFile() : dir) + " is a file, not a folder";
        } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
            reason = fs.getReason();
        } else {
            reason = String.valueOf(e.getMessage());
        }
        return new DataDirectoryException("dataDirectory " + dir + ": " + what + " (" + reason + ")", e);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing releases nothing we hold.
        }
    }

    public Path directory() {
        return directory;
    }

    /** Releases the lock; the lock file stays (deleting it could race with the next agent taking it). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // The channel's close below releases it too.
        }
        close(channel);
    }
}
