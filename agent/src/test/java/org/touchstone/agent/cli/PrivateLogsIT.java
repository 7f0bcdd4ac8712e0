package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log is the agent user's alone: {@code touchstone} in its own JVM, with the agent's logback.xml and the
 * machine's umask (022 here, which would give 0644), makes its log folder 0700 and {@code touchstone.log} 0600.
 */
class PrivateLogsIT {

    @TempDir
    Path dir;

    @Test
    void theLogFolderAndFile_arePrivate_whateverTheUmask() throws Exception {
        Path logs = dir.resolve("logs");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path logback = Path.of("src/main/resources/logback.xml").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("java.class.path"), "org.touchstone.agent.cli.TouchstoneCli",
                "journal", "verify", "--journal", dir.resolve("none.db").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("TOUCHSTONE_LOG_DIR", logs.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ExitCode.USAGE, p.exitValue(), Files.readString(dir.resolve("out.txt")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(logs)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                logs.resolve("touchstone.log"))));
    }
}
