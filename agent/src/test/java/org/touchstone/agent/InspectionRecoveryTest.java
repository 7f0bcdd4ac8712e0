package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.journal.schema.VerdictChanged;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * An agent stopped in the middle of an inspection comes back with it: the next agent on the same journal knows the
 * declaration, the weighings and shots already taken, and goes on numbering the verdict's revisions.
 */
class InspectionRecoveryTest {

    @TempDir
    Path dir;

    private OfflineAgent post;

    private Agent agent() throws Exception {
        post = new OfflineAgent(dir, List.of());
        return post.agent;
    }

    private void weigh(String grams) {
        post.weigh(grams);
    }

    private int tests;

    /** One more analyzer test, numbered as an analyzer numbers them (the agent counts a test number once). */
    private void shoot(String label, double au) {
        post.devices().readings().accept(new XrfReading("xrf-1", Integer.toString(++tests), "PreciousMetals", label, 10,
                Instant.now(),
                List.of(ElementResult.detected("Au", au, 0.1, 2), ElementResult.detected("Ag", 100 - au, 0.02, 2)), "{}"));
    }

    @Test
    void restart_midInspection_evidenceAndRevisionsCarryOn() throws Exception {
        Path declaration = dir.resolve("d.json");
        Files.writeString(declaration, """
                {"declarationId": "R-1", "items": [
                  {"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
                   "netMass": {"value": 1000.0, "unit": "g"}}]}""");
        Agent first = agent();
        first.submitDeclaration(declaration).get();
        first.setActiveItem("R-1", "1").get();
        weigh("1000.02");
        shoot("R-1/1", 99.99);
        first.onDesk(() -> { }).get();
        Verdict before = first.verdict("R-1");
        assertEquals(Lane.PENDING, before.lane());
        first.close();

        Agent second = agent();
        Verdict recovered = second.verdict("R-1");
        assertNotNull(recovered, "the inspection is open again after the restart");
        assertEquals(1, recovered.items().get(0).xrfShots());
        assertNotNull(recovered.items().get(0).mass(), "the weighing came back");
        shoot("R-1/1", 99.99);
        shoot("R-1/1", 99.98);
        second.onDesk(() -> { }).get();
        assertEquals(Lane.GREEN, second.verdict("R-1").lane());
        second.close();

        List<Integer> revisions = new ArrayList<>();
        ObjectMapper json = Json.mapper();
        try (SqliteJournal j = new SqliteJournal(dir.resolve("data/journal.db"), json, Clock.systemUTC())) {
            JournalSchema schema = new JournalSchema(json);
            for (JournalRecord r : j.records("R-1")) {
                if (r.is(RecordType.VERDICT)) {
                    revisions.add(schema.read(r, VerdictChanged.class).revision());
                }
            }
            assertTrue(j.outbox().unsentCount() > 0, "offline: the messages wait in the outbox");
        }
        assertEquals(revisions.stream().distinct().sorted().toList(), revisions, "revisions go on, never repeat");
        assertFalse(revisions.isEmpty());
        assertEquals(revisions.size(), revisions.get(revisions.size() - 1), "numbered 1, 2, 3... across the restart");
    }
}
