package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.alert.AlertBook;
import org.touchstone.agent.config.JournalConfig;
import org.touchstone.agent.journal.CheckpointKey;
import org.touchstone.agent.journal.JournalFile;
import org.touchstone.agent.journal.JournalVerifier;
import org.touchstone.agent.journal.PendingMessage;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.ReadingUnbound;
import org.touchstone.agent.mqtt.OutboxMessages;
import org.touchstone.agent.mqtt.Topics;

/**
 * Retention moves the chain's anchor legitimately; the checkpoint written right after it records the new anchor, so
 * {@code journal verify} tells it from an anchor moved by hand (ChainTamperTest), even when the journal's tail was
 * a checkpoint already.
 */
class RetentionCheckpointTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void retentionThenACheckpoint_verifiesWithTheKey() throws Exception {
        ObjectMapper json = Json.mapper();
        Path file = dir.resolve("journal.db");
        CheckpointKey key = CheckpointKey.readOrCreate(dir.resolve("checkpoint.key"));
        Clock then = Clock.fixed(T0, ZoneOffset.UTC);
        try (SqliteJournal old = new SqliteJournal(file, json, then, "post-1")) {
            ChainCheckpoints checkpoints = new ChainCheckpoints(old, json, "post-1", "touchstone/post-1/chain/head", key,
                    then);
            old.append(new ReadingUnbound("scale-1", "no item"));
            checkpoints.checkpoint();
            old.append(new ReadingUnbound("scale-1", "no item"));
            checkpoints.checkpoint();
            for (PendingMessage m : old.outbox().unsent(10)) {
                old.outbox().markSent(m.id(), T0); // headquarters received the heads
            }
        }
        Clock later = Clock.fixed(T0.plus(Duration.ofDays(40)), ZoneOffset.UTC);
        try (SqliteJournal journal = new SqliteJournal(file, json, later, "post-1")) {
            EventRecorder recorder = new EventRecorder(journal, later, new OutboxMessages(new Topics("touchstone",
                    "post-1"), json), () -> { }, new AlertBook("post-1"), List.of());
            Retention retention = new Retention(journal, new JournalConfig(30, 4096), recorder, later);
            assertEquals(4, retention.apply(), "everything is old and sent");
            ChainCheckpoints checkpoints = new ChainCheckpoints(journal, json, "post-1", "touchstone/post-1/chain/head",
                    key, later);
            assertTrue(checkpoints.checkpoint().isPresent(), "the anchor moved: a checkpoint records it");
            assertTrue(checkpoints.checkpoint().isEmpty(), "and nothing more until something happens");
        }
        try (JournalFile j = JournalFile.open(file)) {
            JournalVerifier.Result r = JournalVerifier.verify(j, key, null);
            assertTrue(r.ok(), r.toString());
            assertEquals(5, j.anchorFirstSeq());
        }
    }
}
