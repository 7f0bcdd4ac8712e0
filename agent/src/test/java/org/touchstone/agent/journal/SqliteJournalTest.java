package org.touchstone.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;

/** The SQLite journal: numbering, the outbox, retention, and the hash chain that tampering breaks. */
class SqliteJournalTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ObjectMapper json = Json.mapper();

    @TempDir
    Path dir;

    private SqliteJournal open(Path file, Instant at) {
        return new SqliteJournal(file, json, Clock.fixed(at, ZoneOffset.UTC));
    }

    private static Journal.OutboxMessage message(String id) {
        return new Journal.OutboxMessage("t/alerts", id.getBytes(StandardCharsets.UTF_8), id, "D-1");
    }

    @Test
    void append_numbersWithoutGaps_andContinuesAfterReopening() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal j = open(file, T0)) {
            assertEquals(1, j.append("a", Map.of("n", 1)));
            assertEquals(2, j.append("b", Map.of("n", 2)));
        }
        try (SqliteJournal j = open(file, T0)) {
            assertEquals(3, j.append("c", Map.of("n", 3)));
            List<SqliteJournal.Record> all = new ArrayList<>();
            j.forEach(all::add);
            assertEquals(List.of("a", "b", "c"), all.stream().map(SqliteJournal.Record::type).toList());
            assertEquals("{\"n\":3}", all.get(2).data());
            assertTrue(JournalVerifier.verify(j).ok());
        }
    }

    @Test
    void outbox_messagesWrittenWithTheirEvent_unsentInOrderUntilMarked_survivingReopen() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal j = open(file, T0)) {
            j.append("alert", "D-1", Map.of("rev", 1), List.of(message("m1")));
            j.append("alert", "D-1", Map.of("rev", 2), List.of(message("m2"), message("m3")));
            List<SqliteJournal.Pending> unsent = j.unsent(10);
            assertEquals(List.of("m1", "m2", "m3"), unsent.stream().map(SqliteJournal.Pending::messageId).toList());
            j.markSent(unsent.get(0).id(), T0);
        }
        try (SqliteJournal j = open(file, T0)) {
            assertEquals(List.of("m2", "m3"), j.unsent(10).stream().map(SqliteJournal.Pending::messageId).toList());
            assertEquals(2, j.unsentCount());
            assertEquals(2, j.records("D-1").size());
        }
    }

    @Test
    void retention_removesOnlyOldRecordsWhoseMessagesWereSent_andTheChainStillVerifies() {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal old = open(file, T0)) {
            old.append("a", null, Map.of(), List.of(message("sent")));
            old.markSent(old.unsent(1).get(0).id(), T0);
            old.append("b", null, Map.of(), List.of(message("unsent")));
            old.append("c", Map.of());
        }
        try (SqliteJournal j = open(file, T0.plus(Duration.ofDays(400)))) {
            assertEquals(1, j.removeOlderThan(T0.plus(Duration.ofDays(30))), "only the first: the second is unsent");
            List<SqliteJournal.Record> left = new ArrayList<>();
            j.forEach(left::add);
            assertEquals(List.of("b", "c"), left.stream().map(SqliteJournal.Record::type).toList());
            assertEquals(2, j.anchorFirstSeq());
            assertTrue(JournalVerifier.verify(j).ok(), JournalVerifier.verify(j).toString());
            assertEquals(4, j.append("d", Map.of()));
            assertTrue(JournalVerifier.verify(j).ok());
        }
    }

    private Path journalOfFive() {
        Path file = dir.resolve("original.db");
        try (SqliteJournal j = open(file, T0)) {
            for (int i = 1; i <= 5; i++) {
                j.append("reading", "D-1", Map.of("grams", 1000 + i), List.of());
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
            List<SqliteJournal.Record> all = new ArrayList<>();
            j.forEach(all::add);
            SqliteJournal.Record r3 = all.get(2);
            forged = SqliteJournal.hash(r3.prevHash(), 3, r3.at(), r3.type(), r3.inspectionId(), "{\"grams\":999}");
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
                (i % 3 == 0 ? technician : agent).append("event", Map.of("i", i));
            }
            assertEquals(20, agent.append("last", Map.of()) - 1);
            JournalVerifier.Result r = JournalVerifier.verify(agent);
            assertTrue(r.ok(), r.toString());
            assertEquals(21, r.records());
        }
    }
}
