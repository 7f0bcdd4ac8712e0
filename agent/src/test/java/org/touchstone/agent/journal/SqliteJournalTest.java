package org.touchstone.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;
import org.touchstone.agent.journal.schema.InputRejected;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.journal.schema.ReadingUnbound;

/** The SQLite journal: numbering, the outbox, retention, and the hash chain that tampering breaks. */
class SqliteJournalTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ObjectMapper json = Json.mapper();

    @TempDir
    Path dir;

    private SqliteJournal open(Path file, Instant at) {
        return new SqliteJournal(file, json, Clock.fixed(at, ZoneOffset.UTC), "post-1");
    }

    private static OutboxMessage message(String text) {
        return new OutboxMessage("t/alerts", "D-1", id -> (id + " " + text).getBytes(StandardCharsets.UTF_8));
    }

    private static InputRejected event(String reason) {
        return InputRejected.input("test", reason);
    }

    private static List<String> reasons(Journal j) {
        JournalSchema schema = new JournalSchema(Json.mapper());
        List<String> out = new ArrayList<>();
        j.forEach(r -> out.add(r.is(RecordType.INPUT_REJECTED) ? schema.read(r, InputRejected.class).reason()
                : r.storedType()));
        return out;
    }

    @Test
    void append_numbersWithoutGaps_andContinuesAfterReopening() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal j = open(file, T0)) {
            assertEquals(1, j.append(event("a")).seq());
            assertEquals(2, j.append(event("b")).seq());
        }
        try (SqliteJournal j = open(file, T0)) {
            Appended third = j.append(event("c"));
            assertEquals(3, third.seq());
            assertEquals(T0, third.at());
            assertEquals(List.of("a", "b", "c"), reasons(j));
            List<JournalRecord> all = new ArrayList<>();
            j.forEach(all::add);
            assertEquals(RecordType.INPUT_REJECTED.storedName(), all.get(2).storedType());
            assertEquals("{\"source\":\"test\",\"reason\":\"c\"}", all.get(2).data());
            assertTrue(JournalVerifier.verify(j).ok());
        }
    }

    @Test
    void outbox_messagesWrittenWithTheirEvent_unsentInOrderUntilMarked_survivingReopen() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal j = open(file, T0)) {
            j.append(event("r1"), "D-1", List.of(message("m1")));
            j.append(event("r2"), "D-1", List.of(message("m2"), message("m3")));
            List<PendingMessage> unsent = j.outbox().unsent(10);
            assertEquals(List.of("post-1:1:0", "post-1:2:0", "post-1:2:1"),
                    unsent.stream().map(PendingMessage::messageId).toList());
            j.outbox().markSent(unsent.get(0).id(), T0);
        }
        try (SqliteJournal j = open(file, T0)) {
            assertEquals(List.of("post-1:2:0", "post-1:2:1"),
                    j.outbox().unsent(10).stream().map(PendingMessage::messageId).toList());
            assertEquals(2, j.outbox().unsentCount());
            assertEquals(2, j.records("D-1").size());
        }
    }

    @Test
    void markingSent_skipsItsOwnFsync_butLeavesEveryRecordsCommitAtFull() throws Exception {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal j = open(file, T0)) {
            assertEquals(2, j.synchronousLevel(), "a fresh journal commits with synchronous=FULL");
            j.append(event("r1"), "D-1", List.of(message("m1"), message("m2")));
            List<PendingMessage> unsent = j.outbox().unsent(10);
            j.outbox().markSent(unsent.stream().map(PendingMessage::id).toList(), T0);
            assertEquals(2, j.synchronousLevel(), "back to FULL after the mark's own transaction");
            assertEquals(0, j.outbox().unsentCount());
            // A mark that fails (no such table after a tamper) leaves FULL too.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE outbox RENAME TO outbox_gone");
            }
            assertThrows(JournalException.class, () -> j.outbox().markSent(List.of(1L), T0));
            assertEquals(2, j.synchronousLevel(), "back to FULL after a failed mark");
        }
    }

    @Test
    void walCheckpointsInTheBackground_areAskedForEveryFewHundredCommits_andCopyWhatWasCommitted() throws Exception {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal j = open(file, T0)) {
            java.util.concurrent.atomic.AtomicInteger due = new java.util.concurrent.atomic.AtomicInteger();
            j.checkpointInBackground(() -> {
                due.incrementAndGet();
                throw new IllegalStateException("a checkpointer that is gone must not fail the commit");
            });
            for (int i = 0; i < SqliteJournal.COMMITS_PER_CHECKPOINT * 2; i++) {
                j.append(event("r" + i), "D-1", List.of(message("m" + i)));
            }
            assertEquals(2, due.get(), "asked once per " + SqliteJournal.COMMITS_PER_CHECKPOINT + " commits");
            long[] pages = j.copyWalIntoDatabase();
            assertTrue(pages[0] > 0, "the appends left pages in the WAL: " + pages[0]);
            assertEquals(pages[0], pages[1], "nothing reads an old snapshot, so every page is copied");
            j.append(event("after"));
            assertEquals(2 * SqliteJournal.COMMITS_PER_CHECKPOINT, j.records("D-1").size());
            assertEquals(2, j.synchronousLevel(), "the journal's own commits still fsync");
            assertTrue(JournalVerifier.verify(j).ok());
        }
        try (SqliteJournal reopened = open(file, T0)) {
            assertEquals(2 * SqliteJournal.COMMITS_PER_CHECKPOINT + 1, reasons(reopened).size(), "every record");
        }
    }

    @Test
    void messageIds_comeFromTheRecordsOwnSequence_evenWhenAnotherWriterAppendedMeanwhile() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal agent = open(file, T0); SqliteJournal technician = open(file, T0)) {
            agent.append(event("first"));
            // Another process writes record 2: the agent's next record is 3, and so are its messages' ids.
            technician.append(event("technician's"));
            Appended a = agent.append(event("with messages"), "D-1", List.of(message("x"), message("y")));
            assertEquals(3, a.seq());
            assertEquals(List.of("post-1:3:0", "post-1:3:1"), a.messageIds());
            List<PendingMessage> rows = agent.outbox().unsent(10);
            assertEquals(List.of(3L, 3L), rows.stream().map(PendingMessage::journalSeq).toList());
            assertEquals("post-1:3:1 y", new String(rows.get(1).payload(), StandardCharsets.UTF_8),
                    "the payload carries the id it was given");
        }
    }

    @Test
    void aMessageThatCannotBeRendered_leavesNeitherTheRecordNorAnyMessage() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal j = open(file, T0)) {
            OutboxMessage broken = new OutboxMessage("t/x", null, id -> {
                throw new IllegalStateException("cannot render");
            });
            assertThrows(JournalException.class, () -> j.append(event("doomed"), null, List.of(message("ok"), broken)));
            assertEquals(0, j.outbox().unsentCount());
            assertEquals(List.of(), reasons(j));
            assertEquals(1, j.append(event("next")).seq(), "the failed append used no number");
        }
    }

    /**
     * A batch of decisions in one transaction (the desk's group commit): a decision that fails inside it leaves
     * nothing of itself (record, message, sequence number), the ones before and after it commit, and the chain is
     * continuous and verifies.
     */
    @Test
    void aFailedDecisionInsideABatch_leavesNothing_andTheOthersCommitInOneChain() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal j = open(file, T0)) {
            j.transaction(() -> {
                j.transaction(() -> j.append(event("first"), "D-1", List.of(message("one"))));
                assertThrows(IllegalStateException.class, () -> j.transaction(() -> {
                    j.append(event("doomed"), "D-1", List.of(message("never")));
                    throw new IllegalStateException("a fault of this decision");
                }));
                return j.transaction(() -> j.append(event("second"), "D-1", List.of(message("two"))));
            });
            assertEquals(List.of("first", "second"), reasons(j));
            assertEquals(List.of("post-1:1:0 one", "post-1:2:0 two"), j.outbox().unsent(10).stream()
                    .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList(),
                    "the second decision took the number the failed one gave back");
            assertTrue(JournalVerifier.verify(j).ok(), () -> JournalVerifier.verify(j).toString());
        }
        try (SqliteJournal reopened = open(file, T0)) {
            assertEquals(List.of("first", "second"), reasons(reopened), "committed, once");
        }
    }

    @Test
    void aJournalOpenedWithoutAPostId_refusesToSendMessages() {
        try (SqliteJournal j = new SqliteJournal(dir.resolve("journal.db"), json, Clock.systemUTC())) {
            assertThrows(IllegalStateException.class, () -> j.append(event("e"), null, List.of(message("m"))));
            assertEquals(1, j.append(event("without messages")).seq());
        }
    }

    @Test
    void retention_removesOnlyOldRecordsWhoseMessagesWereSent_andTheChainStillVerifies() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal old = open(file, T0)) {
            old.append(event("a"), null, List.of(message("sent")));
            old.outbox().markSent(old.outbox().unsent(1).get(0).id(), T0);
            old.append(event("b"), null, List.of(message("unsent")));
            old.append(event("c"));
        }
        try (SqliteJournal j = open(file, T0.plus(Duration.ofDays(400)))) {
            assertEquals(1, j.removeOlderThan(T0.plus(Duration.ofDays(30))), "only the first: the second is unsent");
            assertEquals(List.of("b", "c"), reasons(j));
            assertEquals(2, j.anchorFirstSeq());
            assertTrue(JournalVerifier.verify(j).ok(), JournalVerifier.verify(j).toString());
            assertEquals(4, j.append(event("d")).seq());
            assertTrue(JournalVerifier.verify(j).ok());
        }
    }

    private Path journalOfFive() {
        Path file = dir.resolve("original.db");
        try (SqliteJournal j = open(file, T0)) {
            for (int i = 1; i <= 5; i++) {
                j.append(new ReadingUnbound("scale-1", "grams " + (1000 + i)), "D-1", List.of());
            }
        }
        return file;
    }

    private static void sql(Path file, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private JournalVerifier.Result verifyCopy(Path original, String tampering) throws Exception {
        Path copy = dir.resolve("copy-" + System.nanoTime() + ".db");
        Files.copy(original, copy);
        sql(copy, tampering);
        try (SqliteJournal j = open(copy, T0)) {
            return JournalVerifier.verify(j);
        }
    }

    @Test
    void verify_alteredRecord_namesIt() throws Exception {
        JournalVerifier.Result r = verifyCopy(journalOfFive(),
                "UPDATE journal SET data = '{\"grams\":999}' WHERE seq = 3");
        assertFalse(r.ok());
        assertEquals(3L, r.firstBadSeq());
        assertTrue(r.problem().contains("record 3") && r.problem().contains("altered"), r.problem());
    }

    @Test
    void verify_removedRecord_namesTheGap() throws Exception {
        JournalVerifier.Result r = verifyCopy(journalOfFive(), "DELETE FROM journal WHERE seq = 2");
        assertFalse(r.ok());
        assertEquals(2L, r.firstBadSeq());
        assertTrue(r.problem().contains("record 2 removed"), r.problem());
    }

    @Test
    void verify_insertedRecord_namesWhereTheChainBreaks() throws Exception {
        // Insert a record after 5 that claims a plausible predecessor hash but not the real one.
        JournalVerifier.Result r = verifyCopy(journalOfFive(), "INSERT INTO journal(seq, at, type, inspection, data,"
                + " prev_hash, hash) VALUES (6, '2026-01-01T00:00:00Z', 'reading', 'D-1', '{\"grams\":1}', '"
                + "0".repeat(64) + "', '" + "1".repeat(64) + "')");
        assertFalse(r.ok());
        assertEquals(6L, r.firstBadSeq());
        assertTrue(r.problem().contains("does not follow record 5"), r.problem());
    }

    @Test
    void verify_recomputedHashOfAnAlteredRecord_breaksAtTheNextRecord() throws Exception {
        Path original = journalOfFive();
        String forged;
        try (SqliteJournal j = open(original, T0)) {
            List<JournalRecord> all = new ArrayList<>();
            j.forEach(all::add);
            JournalRecord r3 = all.get(2);
            forged = JournalRecord.hash(r3.prevHash(), 3, r3.at(), r3.storedType(), r3.inspectionId(), "{\"grams\":999}");
        }
        JournalVerifier.Result r = verifyCopy(original, "UPDATE journal SET data = '{\"grams\":999}', hash = '" + forged
                + "' WHERE seq = 3");
        assertFalse(r.ok());
        assertEquals(4L, r.firstBadSeq());
    }

    @Test
    void twoWritersOnOneFile_interleaveIntoOneUnbrokenChain() {
        Path file = dir.resolve("shared.db");
        try (SqliteJournal agent = open(file, T0); SqliteJournal technician = open(file, T0)) {
            for (int i = 0; i < 20; i++) {
                (i % 3 == 0 ? technician : agent).append(event("event " + i));
            }
            assertEquals(20, agent.append(event("last")).seq() - 1);
            JournalVerifier.Result r = JournalVerifier.verify(agent);
            assertTrue(r.ok(), r.toString());
            assertEquals(21, r.records());
        }
    }
}
