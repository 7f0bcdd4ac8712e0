package org.touchstone.agent.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The post's evidence files (journal, its write-ahead log, alerts, logs, the checkpoint key) are readable by the
 * agent's user only: 0600 files in 0700 folders, whatever the umask. A file is made 0600 before anything writes to
 * it (SQLite gives its {@code -wal} and {@code -shm} files the database file's mode), and an existing one that others
 * may read is narrowed. On a file system without POSIX permissions nothing is changed.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> FOLDER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private PrivateFiles() {
    }

    /**
     * Creates {@code file} empty with mode 0600 when it does not exist; narrows it to 0600 when it does.
     *
     * @throws IOException when it cannot be created or its mode cannot be set
     */
    public static Path file(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                return file;
            } catch (UnsupportedOperationException e) {
                return file;
            } catch (FileAlreadyExistsException e) {
                // Made by someone else meanwhile: narrowed below.
            }
        }
        narrow(file, FILE);
        return file;
    }

    /**
     * Creates {@code folder} (and its parents) with mode 0700 when it does not exist. An existing folder is left as
     * it is: it may be shared ({@code /var/log}), and its files are 0600 anyway.
     */
    public static Path folder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            try {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(folder);
            }
        }
        return folder;
    }

    private static void narrow(Path path, Set<PosixFilePermission> wanted) throws IOException {
        try {
            if (Files.isSymbolicLink(path)) {
                return; // never change what a link points to
            }
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
            if (!wanted.containsAll(now)) {
                Set<PosixFilePermission> narrowed = EnumSet.copyOf(now);
                narrowed.retainAll(wanted);
                Files.setPosixFilePermissions(path, narrowed);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        }
    }
}
