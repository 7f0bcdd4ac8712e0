package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shipped systemd unit agrees with the agent: it does not restart on the exit codes that restarting cannot
 * fix, runs as its own user with a private data directory, and (where systemd-analyze exists) parses cleanly.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("..", "packaging", "systemd", "touchstone.service");

    private static List<String> values(List<String> lines, String key) {
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(key + "=")) {
                values.add(line.substring(key.length() + 1).trim());
            }
        }
        return values;
    }

    @Test
    void unit_restartsOnFailureButNotOnWhatARestartCannotFix() throws Exception {
        List<String> lines = Files.readAllLines(UNIT);
        assertEquals(List.of("on-failure"), values(lines, "Restart"));
        assertEquals(List.of(ExitCode.USAGE + " " + ExitCode.ALREADY_RUNNING), values(lines, "RestartPreventExitStatus"),
                "a bad configuration and a second agent fail again at once; see ExitCode");
        assertEquals(List.of("143"), values(lines, "SuccessExitStatus"), "SIGTERM's exit is a clean stop");
    }

    @Test
    void unit_ownUserPrivateStateAndHardening() throws Exception {
        List<String> lines = Files.readAllLines(UNIT);
        assertEquals(List.of("touchstone"), values(lines, "User"));
        assertEquals(List.of("touchstone"), values(lines, "StateDirectory"));
        assertEquals(List.of("0700"), values(lines, "StateDirectoryMode"));
        assertEquals(List.of("0077"), values(lines, "UMask"));
        for (String key : List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "RestrictSUIDSGID")) {
            assertEquals(List.of("yes"), values(lines, key), key);
        }
        assertEquals(List.of("strict"), values(lines, "ProtectSystem"));
        assertTrue(values(lines, "ExecStart").get(0).contains("run --config /etc/touchstone/touchstone.yaml"));
    }

    @Test
    void unit_shipsTheJvmOptionsDocsOperationsRecommends() throws Exception {
        List<String> docs = Files.readAllLines(Path.of("..", "docs", "operations.md"));
        List<String> recommended = values(docs, "JAVA_OPTS");
        assertEquals(1, recommended.size(), "docs/operations.md recommends one JAVA_OPTS line");
        assertEquals(List.of("\"JAVA_OPTS=" + recommended.get(0) + "\""),
                values(Files.readAllLines(UNIT), "Environment").stream().filter(v -> v.contains("JAVA_OPTS")).toList(),
                "the unit ships the measured options (docs/operations.md, JVM settings for a post)");
    }

    @Test
    void unit_systemdAnalyzeVerify_reportsNothing() throws Exception {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed");
        Process p = new ProcessBuilder(tool.toString(), "verify", UNIT.toAbsolutePath().normalize().toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out.strip(), "systemd-analyze verify found problems");
    }
}
