package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.config.DataDirectory;
import picocli.CommandLine;

/**
 * Each case of issue 15's list, run through the real command line: the message names what and where in the
 * user's terms, and the exit code is the one {@link ExitCode} documents.
 */
class UserFacingErrorsTest {

    @TempDir
    Path dir;

    private Path config;

    /** What a command printed to either stream, and its exit code. */
    record Outcome(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("post.yaml");
        Files.writeString(config, """
                post:
                  id: post-1
                mqtt:
                  url: tcp://127.0.0.1:1
                scales:
                  - id: scale-1
                    serial: {path: /dev/ttyUSB0}
                    accuracyClass: II
                    verificationIntervalGrams: 0.1
                    capacityGrams: 6200
                xrfAnalyzers:
                  - id: xrf-1
                dataDirectory: data
                """);
    }

    private static Outcome run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliOut = new StringWriter();
        StringWriter cliErr = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = TouchstoneCli.commandLine();
            cli.setOut(new PrintWriter(cliOut, true));
            cli.setErr(new PrintWriter(cliErr, true));
            int exit = cli.execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8) + cliOut,
                    err.toString(StandardCharsets.UTF_8) + cliErr);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static void noJavaInternals(String text) {
        for (String internal : new String[] {"No enum constant", "Exception", "org.touchstone", "org.apache",
                "Cannot construct instance", "\tat "}) {
            assertFalse(text.contains(internal), "'" + internal + "' reached the user: " + text);
        }
    }

    @Test
    void probe_modeTypo_exit2NamingTheOption() {
        Outcome o = run("probe", "--protocol", "mt-sics", "--tcp", "127.0.0.1:1", "--mode", "STREM");
        assertEquals(ExitCode.USAGE, o.exit());
        assertTrue(o.err().contains("--mode must be poll or stream, was: 'STREM'"), o.err());
        noJavaInternals(o.err());
    }

    @Test
    void probe_parityTypo_exit2NamingTheOption() {
        Outcome o = run("probe", "--protocol", "mt-sics", "--serial", dir.resolve("none").toString(), "--parity", "evn");
        assertEquals(ExitCode.USAGE, o.exit());
        assertTrue(o.err().contains("--parity must be none, odd, even, mark or space, was: evn"), o.err());
        noJavaInternals(o.err());
    }

    @Test
    void import_unclosedQuote_exit1NamingFileLineAndTheQuote() throws Exception {
        Path csv = dir.resolve("results.csv");
        Files.writeString(csv, "File #,DateTime\n\"17,2026-03-14\n");
        Outcome o = run("import", "--profile", "bruker-s1-titan", csv.toString());
        assertEquals(ExitCode.FAILED, o.exit());
        assertTrue(o.err().contains(csv + ", line 2: not a CSV line: a quoted cell has no closing quote"), o.err());
        noJavaInternals(o.err());
    }

    @Test
    void calibrateReport_unknownDevice_exit2ListingTheConfiguredOnes() {
        Outcome o = run("calibrate", "report", "--device", "scale-9", "--config", config.toString());
        assertEquals(ExitCode.USAGE, o.exit());
        assertTrue(o.err().contains("--device scale-9: no such device in " + config + "; configured: scale-1, xrf-1"),
                o.err());
    }

    @Test
    void calibrateReport_knownDeviceWithoutJournal_exit0AndCreatesNothing() {
        Outcome o = run("calibrate", "report", "--device", "scale-1", "--config", config.toString());
        assertEquals(ExitCode.OK, o.exit(), o.all());
        assertTrue(o.out().contains("no journal yet"), o.out());
        assertFalse(Files.exists(dir.resolve("data/journal.db")), "a report must not create a journal");
    }

    @Test
    void journalExport_unknownInspection_isNotABrokenChain() throws Exception {
        Path journal = dir.resolve("journal.db");
        try (var j = new org.touchstone.agent.journal.SqliteJournal(journal, org.touchstone.agent.Json.mapper(),
                java.time.Clock.systemUTC())) {
            j.append(new org.touchstone.agent.journal.schema.AgentStarted("post-1", 0));
        }
        Outcome o = run("journal", "export", "--journal", journal.toString(), "--inspection", "NOPE",
                "--out", dir.toString());
        assertEquals(ExitCode.USAGE, o.exit());
        assertTrue(o.err().contains("no record of inspection 'NOPE'"), o.err());
    }

    @Test
    void run_secondAgentOnTheSameDataDirectory_exit4NamingTheFirst() {
        try (DataDirectory first = DataDirectory.lock(dir.resolve("data"), "post-1")) {
            Outcome o = run("run", "--config", config.toString());
            assertEquals(ExitCode.ALREADY_RUNNING, o.exit(), o.all());
            assertTrue(o.err().contains("touchstone run: dataDirectory " + first.directory() + " is already in use"),
                    o.err());
            noJavaInternals(o.err());
        }
    }

    @Test
    void run_dataDirectoryBlockedByAFile_exit2OneLine() throws Exception {
        Files.writeString(dir.resolve("data"), "not a folder");
        Outcome o = run("run", "--config", config.toString());
        assertEquals(ExitCode.USAGE, o.exit(), o.all());
        String line = o.err().strip();
        assertEquals(-1, line.indexOf('\n'), line);
        assertEquals("touchstone run: dataDirectory " + dir.resolve("data") + ": cannot create it ("
                + dir.resolve("data") + " is a file, not a folder)", line);
    }

    @Test
    void run_configurationTypo_exit2NamingFileAndLine() throws Exception {
        Files.writeString(config, Files.readString(config).replace("url: tcp://127.0.0.1:1", "url: tcp://127.0.0.1:1\n  url: x"));
        Outcome o = run("run", "--config", config.toString());
        assertEquals(ExitCode.USAGE, o.exit(), o.all());
        assertTrue(o.err().contains(config + ", line 5: mqtt.url: written twice (first at line 4)"), o.err());
    }

    @Test
    void run_monitoringPortInUse_exit3NamingTheSetting() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Files.writeString(config, Files.readString(config) + "monitoring: {port: " + taken.getLocalPort() + "}\n");
            Outcome o = run("run", "--config", config.toString());
            assertEquals(ExitCode.UNAVAILABLE, o.exit(), o.all());
            assertTrue(o.err().contains("touchstone run: cannot serve health and metrics (monitoring.port): Port already"
                    + " in use. Make sure no other process is using port " + taken.getLocalPort()), o.err());
            noJavaInternals(o.err());
        }
    }

    @Test
    void uncaughtDefect_exit70OneLinePointingAtTheLog() {
        CommandLine cli = new CommandLine(CommandLine.Model.CommandSpec.create().name("touchstone"));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int exit = TouchstoneCli.failed(new IllegalStateException("desk queue\nclosed"), cli, null);
        assertEquals(ExitCode.SOFTWARE, exit);
        String text = err.toString().strip();
        assertEquals(-1, text.indexOf('\n'), text);
        assertTrue(text.contains("internal error (IllegalStateException: desk queue closed)"), text);
        assertTrue(text.contains("touchstone.log"), text);
    }
}
