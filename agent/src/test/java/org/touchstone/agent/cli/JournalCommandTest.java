package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;
import org.touchstone.agent.journal.SqliteJournal;

/** {@code touchstone journal verify|export} on a journal written the way the agent writes it. */
class JournalCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private Path journal;

    @BeforeEach
    void writeJournal() throws Exception {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        journal = dir.resolve("journal.db");
        ObjectMapper json = Json.mapper();
        JsonNode declaration = json.readTree(Files.readString(
                Path.of("src/test/resources/corpus/short-weight/declaration.json")));
        try (SqliteJournal j = new SqliteJournal(journal, json, Clock.systemUTC())) {
            j.append("agentStarted", Map.of("postId", "p"));
            j.append("declaration", "C-SHORT", Map.of("source", "test", "document", declaration), List.of());
            j.append("weighing", "C-SHORT", Map.of("itemId", "1", "reading", Map.of("deviceId", "scale-1",
                    "value", 990.0, "unit", "G", "raw", "S S     990.00 g")), List.of());
            j.append("verdict", "C-SHORT", Map.of("revision", 1, "verdict", Map.of("declarationId", "C-SHORT",
                    "lane", "RED", "findings", List.of(Map.of("code", "MASS_DISCREPANCY", "itemId", "1",
                            "severity", "RED", "message", "Item 1 weighs 990.00 g <short>")),
                    "notTested", List.of("Bulk composition"))), List.of());
        }
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
    }

    @Test
    void verify_intactJournal_exit0() {
        assertEquals(0, TouchstoneCli.commandLine().execute("journal", "verify", "--journal", journal.toString()));
        assertTrue(out.toString().contains("4 record(s) verified") && out.toString().contains("intact"), out.toString());
    }

    @Test
    void verify_alteredCopy_exit1NamingTheRecord() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal)) {
            c.createStatement().executeUpdate("UPDATE journal SET data = replace(data, '990.0', '1000.0') WHERE seq = 3");
        }
        assertEquals(1, TouchstoneCli.commandLine().execute("journal", "verify", "--journal", journal.toString()));
        assertTrue(out.toString().contains("BROKEN at record 3"), out.toString());
    }

    @Test
    void export_writesJsonWithTheRecordsAndAReadableEscapedPage() throws Exception {
        Path target = dir.resolve("evidence");
        assertEquals(0, TouchstoneCli.commandLine().execute("journal", "export", "--journal", journal.toString(),
                "--inspection", "C-SHORT", "--out", target.toString()));
        JsonNode p = new ObjectMapper().readTree(target.resolve("C-SHORT.json").toFile());
        assertEquals("C-SHORT", p.path("declaration").path("declarationId").asText());
        assertEquals(3, p.path("records").size());
        assertEquals("RED", p.path("lane").asText());
        assertTrue(p.path("journalVerification").path("ok").asBoolean());
        p.path("records").forEach(r -> assertTrue(r.path("hashMatches").asBoolean()));
        String html = Files.readString(target.resolve("C-SHORT.html"));
        assertTrue(html.contains("MASS_DISCREPANCY") && html.contains("&lt;short&gt;") && html.contains("S S     990.00 g"),
                html);
    }

    @Test
    void export_unknownInspection_exit2WithTheReason() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // 2 (a wrong argument), never 1, which says the chain is broken.
            assertEquals(ExitCode.USAGE, TouchstoneCli.commandLine().execute("journal", "export", "--journal",
                    journal.toString(), "--inspection", "NOPE", "--out", dir.toString()));
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString().contains("no record of inspection 'NOPE'"), captured.toString());
    }
}
