package org.touchstone.sim.broker;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Programs some integration tests run (mosquitto, openssl). On a developer's machine without them such a test is
 * skipped with a message saying what to install; with {@code CI=true} it fails instead, because CI has them and a
 * quietly skipped chaos test proves nothing.
 */
public final class ExternalTools {

    private ExternalTools() {
    }

    /** The program on the PATH, or in the sbin folders where Debian puts mosquitto. */
    public static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/opt/homebrew/sbin"));
        for (String d : dirs) {
            if (d.isBlank()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Skips (developer machine) or fails (CI=true) unless every program is installed. */
    public static void require(String... names) {
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (find(n).isEmpty()) {
                missing.add(n);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "needs " + String.join(", ", missing) + " on the PATH (Debian/Ubuntu: apt-get install mosquitto"
                + " mosquitto-clients openssl)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but this test " + message);
        }
        assumeTrue(false, "skipped: this test " + message + "; CI fails instead of skipping");
    }

    /** Runs a program to completion (bounded), failing with its output if it does not succeed. */
    public static String run(Path workDir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit " + p.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            p.destroyForcibly();
        }
    }
}
