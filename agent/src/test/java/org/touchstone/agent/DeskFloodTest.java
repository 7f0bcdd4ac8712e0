package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.journal.schema.ReadingReceived;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * A scale floods a real agent (real desk, real journal) through the agent's own device context, as its driver would
 * hand over its readings: 200 000 readings in motion with a stable reading of a new load every 10 000. The readings
 * in motion coalesce, so the desk's queue stays a handful of tasks; every stable reading is journaled, each after
 * the motion that preceded it; each reading in motion is journaled or counted as coalesced; and the agent decides
 * the next inspection as it would have without the flood.
 */
class DeskFloodTest {

    private static final int IN_MOTION = 200_000;
    private static final int EVERY = 10_000;

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.mapper();

    private static WeightReading weight(String grams, boolean stable) {
        return new WeightReading("scale-1", new BigDecimal(grams), WeightUnit.G, stable, Instant.now(), null,
                (stable ? "S S " : "S D ") + grams + " g");
    }

    @Test
    void aFloodOfReadingsInMotion_staysBounded_keepsEveryStableReading_andTheAgentStillDecides() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        List<String> stableSent = new ArrayList<>();
        try (Agent agent = post.agent) {
            for (int i = 0; i < IN_MOTION; i++) {
                post.devices().readings().accept(weight(String.format("%d.%02d", 100 + i % 500, i % 100), false));
                if (i % EVERY == EVERY - 1) {
                    String grams = (200 + stableSent.size()) + ".00";
                    stableSent.add(grams);
                    post.devices().readings().accept(weight(grams, true));
                }
            }
            agent.onDesk(() -> { }).get(60, TimeUnit.SECONDS);
            Agent.DeskLoad load = agent.deskLoad();
            // Every task ever queued is an open slot (one scale: at most 1), a slot a stable reading closed (at
            // most one per stable reading), a stable reading, or one of the agent's own (a few): nowhere near the
            // 220 000 readings handed over.
            assertTrue(load.peak() <= 2 * stableSent.size() + 8, "peak " + load.peak());
            assertTrue(load.peak() <= load.capacity(), "peak " + load.peak());

            // Afterwards the agent decides as before: 612.40 g where 1000.0 g were declared is RED.
            Actor officer = new Actor("officer-17", Actor.Channel.IN_PROCESS, "console", true);
            assertTrue(agent.commands().submit(new Command.Declare(null, """
                    {"declarationId": "C-1", "items": [
                      {"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
                       "netMass": {"value": 1000.0, "unit": "g"}}]}""".getBytes(StandardCharsets.UTF_8), "test"),
                    officer).get(10, TimeUnit.SECONDS).accepted());
            assertTrue(agent.commands().submit(new Command.SelectItem(null, "C-1", "1", null), officer)
                    .get(10, TimeUnit.SECONDS).accepted());
            post.devices().readings().accept(weight("0.00", true)); // the flood's last load taken off
            post.weigh("612.40");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(Lane.RED, agent.verdict("C-1").lane(), "612.40 g where 1000.0 g were declared");

            List<ReadingReceived> readings = readings();
            List<String> stableJournaled = new ArrayList<>();
            long inMotionJournaled = 0;
            boolean motionSinceLastStable = false;
            for (ReadingReceived r : readings) {
                WeightReading w = r.weight();
                if (w.stable()) {
                    if (stableJournaled.size() < stableSent.size()) {
                        assertTrue(motionSinceLastStable, "the motion before " + w.value() + " g is journaled");
                    }
                    stableJournaled.add(w.value().setScale(2).toPlainString());
                    motionSinceLastStable = false;
                } else {
                    inMotionJournaled++;
                    motionSinceLastStable = true;
                }
            }
            List<String> expected = new ArrayList<>(stableSent);
            expected.add("0.00");
            expected.add("612.40");
            assertEquals(expected, stableJournaled, "every stable reading, in order");
            assertEquals(IN_MOTION, inMotionJournaled + agent.deskLoad().coalesced(),
                    "each reading in motion was either journaled or coalesced");
            assertEquals(0, agent.deskLoad().waits(), "one producer below the capacity never waits");
        }
    }

    private List<ReadingReceived> readings() {
        List<JournalRecord> all = new ArrayList<>();
        try (SqliteJournal j = new SqliteJournal(OfflineAgent.journalOf(dir), json, Clock.systemUTC())) {
            j.forEach(all::add);
        }
        JournalSchema schema = new JournalSchema(json);
        return all.stream().filter(r -> r.is(RecordType.READING)).map(r -> schema.read(r, ReadingReceived.class))
                .toList();
    }
}
