package org.touchstone.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory's lock between two real processes: refused while held, free again once the holder dies. */
class DataDirectoryLockIT {

    @TempDir
    Path dir;

    private Process child(Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), data.toString())).start();
    }

    @Test
    void lockHeldByAnotherProcess_refusedNamingIt_thenFreeOnceItIsKilled() throws Exception {
        Path data = dir.resolve("data");
        Process holder = child(data);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();   // blocks until the child holds the lock (or ends)
            assertEquals("locked " + holder.pid(), first);

            DataDirectory.InUseException refused = assertThrows(DataDirectory.InUseException.class,
                    () -> DataDirectory.lock(data, "post-parent"));
            assertTrue(refused.getMessage().startsWith("another agent is already running on dataDirectory "
                    + data.toAbsolutePath() + " (pid " + holder.pid() + ", post post-child"), refused.getMessage());

            // kill -9: no chance to release anything; the operating system drops the lock with the process.
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            try (DataDirectory mine = DataDirectory.lock(data, "post-parent")) {
                assertEquals(data.toAbsolutePath(), mine.directory());
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void lockHeldHere_secondProcessExits4WithTheHolder() throws Exception {
        Path data = dir.resolve("data");
        try (DataDirectory held = DataDirectory.lock(data, "post-parent")) {
            Process second = child(data);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            String err = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(4, second.exitValue(), err);
            assertTrue(err.contains("(pid " + ProcessHandle.current().pid() + ", post post-parent"), err);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    data.resolve(DataDirectory.LOCK_FILE))));
        }
    }

    @Test
    void releasedLock_canBeTakenAgainInTheSameProcess() {
        Path data = dir.resolve("data");
        DataDirectory.lock(data, "post-1").close();
        DataDirectory.lock(data, "post-1").close();
    }
}
