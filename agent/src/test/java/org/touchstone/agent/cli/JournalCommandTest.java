package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;
import org.touchstone.agent.Fixtures;
import org.touchstone.agent.assessment.Assessor;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.assessment.AssessmentPolicy;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.AgentStarted;
import org.touchstone.agent.journal.schema.DeclarationAccepted;
import org.touchstone.agent.journal.schema.InspectionClosed;
import org.touchstone.agent.journal.schema.VerdictChanged;
import org.touchstone.agent.journal.schema.WeighingRecorded;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;

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
        Path file = Path.of("src/test/resources/corpus/short-weight/declaration.json");
        Declaration declaration = new DeclarationReader().read(file);
        Inspection inspection = new Inspection(declaration, Fixtures.T0);
        // The raw frame carries markup, which the page must escape.
        WeightReading reading = new WeightReading("scale-1", new BigDecimal("990.00"), WeightUnit.G, true, Fixtures.T0,
                null, "S S     990.00 g <short>");
        Weighing weighing = new Weighing(reading, Fixtures.CLASS_II_E01, 1, Fixtures.trusted("scale-1"));
        inspection.item("1").orElseThrow().addWeighing(weighing);
        Verdict verdict = new Assessor(AssessmentPolicy.defaults()).assess(inspection, Fixtures.T0);
        try (SqliteJournal j = new SqliteJournal(journal, json, Clock.systemUTC())) {
            j.append(new AgentStarted("p", 0));
            j.append(new DeclarationAccepted("test", declaration.original(), null), "C-SHORT", List.of());
            j.append(new WeighingRecorded("C-SHORT", "1", Weighing.Medium.AIR, reading, weighing.trust()), "C-SHORT",
                    List.of());
            j.append(new VerdictChanged(1, verdict), "C-SHORT", List.of());
            j.append(new InspectionClosed("C-SHORT", "touchstone/p/cmd/close-inspection", null), "C-SHORT", List.of());
        }
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
    }

    @Test
    void verify_intactJournal_exit0() {
        assertEquals(0, TouchstoneCli.commandLine().execute("journal", "verify", "--journal", journal.toString()));
        assertTrue(out.toString().contains("5 record(s) verified") && out.toString().contains("intact"), out.toString());
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
        assertEquals(4, p.path("records").size());
        assertEquals("RED", p.path("lane").asText());
        assertEquals("MASS_DISCREPANCY", p.path("findings").get(0).path("code").asText());
        assertEquals("touchstone/p/cmd/close-inspection", p.path("closure").path("source").asText(),
                "the closure is part of the evidence");
        assertTrue(p.path("journalVerification").path("ok").asBoolean());
        p.path("records").forEach(r -> assertTrue(r.path("hashMatches").asBoolean()));
        String html = Files.readString(target.resolve("C-SHORT.html"));
        assertTrue(html.contains("MASS_DISCREPANCY") && html.contains("S S     990.00 g &lt;short&gt;")
                && html.contains("Closed "), html);
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
