package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.alert.AlertBook;
import org.touchstone.agent.config.JournalConfig;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.JournalVerifier;
import org.touchstone.agent.journal.PendingMessage;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.DeviceStatus;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.journal.schema.ReadingUnbound;
import org.touchstone.agent.mqtt.OutboxMessages;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.agent.report.AgentEvents;

/**
 * Retention on a real journal: old records whose messages were sent go, unsent ones stay whatever their age, and a
 * journal over its size limit is reported as the device {@code journal} in state FULL: journaled, published and
 * shown, with nothing unsent removed.
 */
class RetentionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.mapper();
    private final List<String> shown = new ArrayList<>();

    private EventRecorder recorder(SqliteJournal journal, Clock clock) {
        return new EventRecorder(journal, clock, new OutboxMessages(new Topics("touchstone", "post-1"), json), () -> { },
                new AlertBook("post-1"), List.of(new AgentEvents() {
                    @Override
                    public void deviceStatus(String deviceId, String state, String detail) {
                        shown.add(deviceId + " " + state + ": " + detail);
                    }
                }));
    }

    @Test
    void oldSentRecordsGo_unsentOnesStay_andTheChainStillVerifies() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal old = new SqliteJournal(file, json, Clock.fixed(T0, ZoneOffset.UTC), "post-1")) {
            EventRecorder r = recorder(old, Clock.fixed(T0, ZoneOffset.UTC));
            r.deviceStatus("scale-1", "CONNECTED", "");
            r.deviceStatus("scale-1", "DISCONNECTED", "unplugged");
            PendingMessage first = old.outbox().unsent(1).get(0);
            old.outbox().markSent(first.id(), T0);
            old.append(new ReadingUnbound("scale-1", "no item"));
        }
        Clock later = Clock.fixed(T0.plus(Duration.ofDays(40)), ZoneOffset.UTC);
        try (SqliteJournal journal = new SqliteJournal(file, json, later, "post-1")) {
            Retention retention = new Retention(journal, new JournalConfig(30, 4096), recorder(journal, later), later);
            shown.clear();
            assertEquals(1, retention.apply(), "only the first: the second's message is unsent, so it and all after stay");
            List<String> left = new ArrayList<>();
            journal.forEach(x -> left.add(x.storedType()));
            assertEquals(List.of(RecordType.DEVICE_STATUS.storedName(), RecordType.READING_UNBOUND.storedName()), left);
            assertEquals(1, journal.outbox().unsentCount());
            assertTrue(JournalVerifier.verify(journal).ok());
            assertEquals(0, retention.apply(), "nothing more is old and sent");
            assertEquals(List.of(), shown, "under its size limit: nothing to report");
        }
    }

    @Test
    void aJournalOverItsLimit_isReportedFull_journaledPublishedAndShown() throws Exception {
        Path file = dir.resolve("journal.db");
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (SqliteJournal journal = new SqliteJournal(file, json, clock, "post-1")) {
            String padding = "x".repeat(1000);
            for (int i = 0; i < 1200; i++) {
                journal.append(new ReadingUnbound("scale-1", padding + i));
            }
            assertTrue(journal.sizeBytes() > 1024 * 1024, "over 1 MB: " + journal.sizeBytes());
            Retention retention = new Retention(journal, new JournalConfig(3650, 1), recorder(journal, clock), clock);
            assertEquals(0, retention.apply(), "nothing old: nothing removed");

            JournalRecord full = journal.records(RecordType.DEVICE_STATUS, 0).get(0);
            DeviceStatus status = new JournalSchema(json).read(full, DeviceStatus.class);
            assertEquals("journal", status.deviceId());
            assertEquals("FULL", status.state());
            assertTrue(status.detail().contains("over its 1 MB limit") && status.detail().contains("nothing unsent is removed"),
                    status.detail());
            PendingMessage message = journal.outbox().unsent(10).get(0);
            assertEquals("touchstone/post-1/devices/journal/status", message.topic());
            assertEquals("post-1:" + full.seq() + ":0", message.messageId());
            JsonNode payload = json.readTree(message.payload());
            assertEquals("FULL", payload.path("state").asText());
            assertEquals(message.messageId(), payload.path("messageId").asText());
            assertEquals(1, shown.size());
            assertTrue(shown.get(0).startsWith("journal FULL: journal "), shown::toString);
        }
    }
}
