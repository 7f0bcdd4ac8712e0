package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.journal.CheckpointKey;
import org.touchstone.agent.journal.JournalFile;
import org.touchstone.agent.journal.JournalVerifier;

/**
 * Tampering with a journal the agent wrote, the way someone with the file would: with SQLite (JDBC) on a copy,
 * recomputing hashes with the formula docs/journal.md publishes. Each case must be caught by
 * {@code journal verify}'s checks (chain, keyed checkpoints, the head headquarters last saw). The journal comes from
 * two real runs of an offline agent (declare, weigh, stop; start, weigh, stop), so it holds four checkpoints: one at
 * each start and a final one at each stop. The head "headquarters saw" is the last chain-head message in the outbox,
 * exactly the bytes the broker would deliver.
 */
class ChainTamperTest {

    private static final ObjectMapper JSON = Json.mapper();

    @TempDir
    static Path post;

    private static Path original;
    private static byte[] keyBytes;
    private static String headMessage;

    @TempDir
    Path dir;

    @BeforeAll
    static void twoRuns() throws Exception {
        Path declaration = Path.of("src/test/resources/corpus/short-weight/declaration.json").toAbsolutePath();
        OfflineAgent first = new OfflineAgent(post, List.of());
        try (Agent agent = first.agent) {
            agent.submitDeclaration(declaration).get(10, TimeUnit.SECONDS);
            agent.setActiveItem("C-SHORT", "1").get(10, TimeUnit.SECONDS);
            first.weigh("990.00");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
        }
        OfflineAgent second = new OfflineAgent(post, List.of());
        try (Agent agent = second.agent) {
            agent.setActiveItem("C-SHORT", "1").get(10, TimeUnit.SECONDS);
            second.weigh("990.01");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
        }
        original = OfflineAgent.journalOf(post);
        keyBytes = Files.readAllBytes(post.resolve("data/checkpoint.key"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + original); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload FROM outbox WHERE topic = 'touchstone/offline/chain/head'"
                     + " ORDER BY id DESC LIMIT 1")) {
            assertTrue(rs.next(), "the agent published chain heads through its outbox");
            headMessage = new String(rs.getBytes(1), StandardCharsets.UTF_8);
        }
    }

    private Path copy() throws Exception {
        Path file = dir.resolve("journal.db");
        Files.copy(original, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static JournalVerifier.Result verify(Path file, boolean withKey, String head) {
        try (JournalFile j = JournalFile.open(file)) {
            return JournalVerifier.verify(j, withKey ? CheckpointKey.of(keyBytes) : null,
                    head == null ? null : JournalVerifier.parseHead(head));
        }
    }

    private static void sql(Path file, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        }
    }

    private static long lastSeq(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(seq) FROM journal")) {
            return rs.getLong(1);
        }
    }

    private static List<Long> seqsOf(Path file, String type) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq FROM journal WHERE type = '" + type + "' ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /**
     * SHA-256 hex of prev_hash, seq, at, type, inspection, data joined by line feeds, then, for a record that sent
     * messages, a line feed, {@code outbox:} and its outbox_sha256 (docs/journal.md).
     */
    private static String sha(String prev, long seq, String at, String type, String inspection, String data,
                              String outboxSha256) throws Exception {
        String text = prev + "\n" + seq + "\n" + at + "\n" + type + "\n" + (inspection == null ? "" : inspection)
                + "\n" + data + (outboxSha256 == null ? "" : "\noutbox:" + outboxSha256);
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * A record's outbox digest written from docs/journal.md, not from the agent's code: SHA-256 hex of, for each of its
     * rows in order, message_id, topic and the SHA-256 hex of payload, each followed by a line feed; null for none.
     */
    private static String documentedDigest(Connection c, long seq) throws Exception {
        StringBuilder text = new StringBuilder();
        int rows = 0;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT message_id, topic, payload FROM outbox WHERE journal_seq = ? ORDER BY id")) {
            p.setLong(1, seq);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    text.append(rs.getString(1)).append('\n').append(rs.getString(2)).append('\n')
                            .append(hex(rs.getBytes(3))).append('\n');
                }
            }
        }
        return rows == 0 ? null : hex(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Recomputes every hash from {@code fromSeq} on, optionally rewriting what each checkpoint records so that it
     * names the new hashes (what an attacker without the key can do: the MAC stays the old one).
     */
    private static void rehashFrom(Path file, long fromSeq, boolean rewriteCheckpoints) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            String prev;
            try (PreparedStatement p = c.prepareStatement("SELECT prev_hash FROM journal WHERE seq = ?")) {
                p.setLong(1, fromSeq);
                try (ResultSet rs = p.executeQuery()) {
                    prev = rs.getString(1);
                }
            }
            java.util.Map<Long, String> newHash = new java.util.HashMap<>();
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT seq, at, type, inspection, data, outbox_sha256 FROM journal WHERE seq >= ? ORDER BY seq")) {
                p.setLong(1, fromSeq);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)});
                    }
                }
            }
            JournalVerifier.Head lastHead = null;
            for (Object[] row : rows) {
                long seq = (Long) row[0];
                String data = (String) row[4];
                if (rewriteCheckpoints && "chainHead".equals(row[2])) {
                    ObjectNode h = (ObjectNode) JSON.readTree(data);
                    long named = h.get("seq").asLong();
                    if (newHash.containsKey(named)) {
                        h.put("hash", newHash.get(named));
                    }
                    if (lastHead != null) {
                        h.put("previousHash", lastHead.hash());
                    }
                    data = JSON.writeValueAsString(h);
                    lastHead = JSON.treeToValue(h, JournalVerifier.Head.class);
                }
                String digest = (String) row[5];
                if (rewriteCheckpoints && "chainHead".equals(row[2])) {
                    // The checkpoint's message too, so that the outbox says what the rewritten record says, and the
                    // record's outbox digest with it.
                    try (PreparedStatement u = c.prepareStatement(
                            "UPDATE outbox SET payload = CAST(json_set(?, '$.messageId', message_id) AS BLOB)"
                                    + " WHERE journal_seq = ?")) {
                        u.setString(1, data);
                        u.setLong(2, seq);
                        u.executeUpdate();
                    }
                    digest = digest == null ? null : documentedDigest(c, seq);
                }
                String hash = sha(prev, seq, (String) row[1], (String) row[2], (String) row[3], data, digest);
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE journal SET data = ?, prev_hash = ?, hash = ?, outbox_sha256 = ? WHERE seq = ?")) {
                    u.setString(1, data);
                    u.setString(2, prev);
                    u.setString(3, hash);
                    u.setString(4, digest);
                    u.setLong(5, seq);
                    u.executeUpdate();
                }
                newHash.put(seq, hash);
                prev = hash;
            }
        }
    }

    /** Appends a record chained onto the tail, hashed correctly. */
    private static void appendForged(Path file, String type, String inspection, String data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, hash, at FROM journal ORDER BY seq DESC LIMIT 1")) {
            long seq = rs.getLong(1) + 1;
            String prev = rs.getString(2);
            String at = rs.getString(3);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO journal(seq, at, type, inspection, data,"
                    + " prev_hash, hash) VALUES (?,?,?,?,?,?,?)")) {
                p.setLong(1, seq);
                p.setString(2, at);
                p.setString(3, type);
                p.setString(4, inspection);
                p.setString(5, data);
                p.setString(6, prev);
                p.setString(7, sha(prev, seq, at, type, inspection, data, null));
                p.executeUpdate();
            }
        }
    }

    @Test
    void theAgentsJournal_isIntact_withKeyAndHead_andItsHeadsCarryTheKeysMac() throws Exception {
        Path file = copy();
        assertEquals(4, seqsOf(file, "chainHead").size(), "a checkpoint at each start and each stop");
        JournalVerifier.Result r = verify(file, true, headMessage);
        assertTrue(r.ok(), r.toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("4 checkpoint(s) carry the key's MAC")), r.toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.matches("\\d+ outbox message\\(s\\) match their records")),
                r.toString());
        // The MAC headquarters checks, computed here with the JDK alone over contract 3's text.
        JsonNode head = JSON.readTree(headMessage);
        String text = "offline|" + head.get("seq").asLong() + "|" + head.get("hash").asText() + "|"
                + head.get("previousSeq").asLong() + "|" + head.get("previousHash").asText();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
        assertEquals(HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))),
                head.get("mac").asText());
        assertEquals(lastSeq(file) - 1, head.get("seq").asLong(), "the final head names the record before it");
        assertEquals("agentStopped", typeAt(file, head.get("seq").asLong()));
    }

    @Test
    void verify_opensReadOnly_theFileIsByteForByteUnchanged() throws Exception {
        Path file = copy();
        byte[] before = Files.readAllBytes(file);
        assertTrue(verify(file, true, headMessage).ok());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(Files.exists(Path.of(file + "-wal")) && Files.size(Path.of(file + "-wal")) > 0,
                "nothing was written to a write-ahead log either");
    }

    @Test
    void tailTruncation_isCaughtAgainstTheHeadHeadquartersSaw() throws Exception {
        Path file = copy();
        long last = lastSeq(file);
        sql(file, "DELETE FROM journal WHERE seq > " + (last - 4), "DELETE FROM outbox WHERE journal_seq > " + (last - 4));
        JournalVerifier.Result r = verify(file, true, headMessage);
        assertFalse(r.ok());
        assertEquals(last - 3, r.firstBadSeq());
        assertTrue(r.problem().contains("cut from its end"), r.problem());
    }

    @Test
    void deletedLastRow_isCaughtAgainstTheHead() throws Exception {
        Path file = copy();
        long last = lastSeq(file);
        // Without its outbox row the deletion shows at once; a careful attacker removes that too.
        Path careless = copy();
        sql(careless, "DELETE FROM journal WHERE seq = " + last);
        JournalVerifier.Result orphan = verify(careless, false, null);
        assertFalse(orphan.ok());
        assertTrue(orphan.problem().contains("which the journal does not have"), orphan.problem());
        sql(file, "DELETE FROM journal WHERE seq = " + last, "DELETE FROM outbox WHERE journal_seq = " + last);
        assertTrue(verify(file, true, null).ok(), "without the head, a removed last checkpoint does not show");
        JournalVerifier.Result r = verify(file, true, headMessage);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("is not in the journal"), r.problem());
        // The last two: the final checkpoint and the agent's stop.
        Path two = copy();
        sql(two, "DELETE FROM journal WHERE seq >= " + (last - 1), "DELETE FROM outbox WHERE journal_seq >= " + (last - 1));
        JournalVerifier.Result r2 = verify(two, true, headMessage);
        assertFalse(r2.ok());
        assertTrue(r2.problem().contains("cut from its end"), r2.problem());
    }

    @Test
    void recomputedHashesFromARowOn_areCaughtByTheCheckpoints_evenWithoutTheKey() throws Exception {
        Path file = copy();
        long weighing = seqsOf(file, "weighing").get(0);
        sql(file, "UPDATE journal SET data = replace(data, '990.00', '1000.00') WHERE seq = " + weighing);
        rehashFrom(file, weighing, false);
        JournalVerifier.Result r = verify(file, false, null);
        assertFalse(r.ok(), "the chain alone is consistent again, but a checkpoint recorded the old hash");
        assertTrue(r.problem().contains("were rewritten"), r.problem());
    }

    @Test
    void recomputedHashesAndRewrittenCheckpoints_areCaughtByTheKey_andByTheHead() throws Exception {
        Path file = copy();
        long weighing = seqsOf(file, "weighing").get(0);
        sql(file, "UPDATE journal SET data = replace(data, '990.00', '1000.00') WHERE seq = " + weighing);
        rehashFrom(file, weighing, true);
        assertTrue(verify(file, false, null).ok(), "without the key and the head this rewrite is consistent");
        JournalVerifier.Result keyed = verify(file, true, null);
        assertFalse(keyed.ok());
        assertTrue(keyed.problem().contains("does not carry the key's MAC"), keyed.problem());
        JournalVerifier.Result headed = verify(file, false, headMessage);
        assertFalse(headed.ok());
        assertTrue(headed.problem().contains("headquarters saw"), headed.problem());
    }

    @Test
    void aForgedClosureAppended_afterTheFinalCheckpoint_isCaught() throws Exception {
        Path file = copy();
        appendForged(file, "inspectionClosed", "C-SHORT",
                "{\"declarationId\":\"C-SHORT\",\"source\":\"touchstone/offline/cmd/close-inspection\"}");
        JournalVerifier.Result r = verify(file, false, null);
        assertFalse(r.ok());
        assertEquals(lastSeq(file), r.firstBadSeq());
        assertTrue(r.problem().contains("after the final checkpoint"), r.problem());
    }

    @Test
    void aForgedClosureWithAForgedCheckpoint_isCaughtByTheKey() throws Exception {
        Path file = copy();
        long last = lastSeq(file);
        String lastHash;
        try (JournalFile j = JournalFile.open(file)) {
            lastHash = j.record(last).orElseThrow().hash();
        }
        appendForged(file, "agentStarted", null, "{\"postId\":\"offline\",\"unsentMessages\":0}");
        appendForged(file, "inspectionClosed", "C-SHORT",
                "{\"declarationId\":\"C-SHORT\",\"source\":\"touchstone/offline/cmd/close-inspection\"}");
        String closureHash;
        try (JournalFile j = JournalFile.open(file)) {
            closureHash = j.record(last + 2).orElseThrow().hash();
        }
        JsonNode h = JSON.readTree(headMessage);
        String previous = h.get("hash").asText();
        appendForged(file, "chainHead", null, "{\"postId\":\"offline\",\"seq\":" + (last + 2) + ",\"hash\":\""
                + closureHash + "\",\"at\":\"2026-01-01T00:00:00Z\",\"previousSeq\":" + h.get("seq").asLong()
                + ",\"previousHash\":\"" + previous + "\",\"anchorSeq\":1,\"mac\":\"" + "ab".repeat(32) + "\"}");
        assertTrue(verify(file, false, headMessage).ok(), "without the key a forged checkpoint passes: "
                + verify(file, false, headMessage));
        JournalVerifier.Result r = verify(file, true, headMessage);
        assertFalse(r.ok());
        assertEquals(last + 3, r.firstBadSeq());
        assertTrue(r.problem().contains("does not carry the key's MAC"), r.problem());
        assertNotNull(lastHash);
    }

    @Test
    void anUnsentVerdictRewrittenFromRedToGreen_inTheOutbox_isCaught() throws Exception {
        Path file = copy();
        long rows;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // The agent ran offline: every message is still unsent, as a verdict waiting out a broker outage.
            rows = s.executeUpdate("UPDATE outbox SET payload = CAST(replace(CAST(payload AS TEXT), '\"lane\":\"RED\"',"
                    + " '\"lane\":\"GREEN\"') AS BLOB) WHERE topic LIKE '%/verdict' AND sent_at IS NULL"
                    + " AND CAST(payload AS TEXT) LIKE '%\"lane\":\"RED\"%'");
        }
        assertTrue(rows > 0, "a RED verdict was waiting in the outbox");
        JournalVerifier.Result r = verify(file, false, null);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("field lane is \"GREEN\" in the message, \"RED\" in the record: the message "
                + "was altered"), r.problem());
    }

    @Test
    void anOutboxRowMovedToAnotherRecord_orForged_isCaught() throws Exception {
        Path moved = copy();
        sql(moved, "UPDATE outbox SET journal_seq = journal_seq - 1 WHERE id = (SELECT MIN(id) FROM outbox)");
        JournalVerifier.Result r = verify(moved, false, null);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("does not carry the id of record"), r.problem());
        Path forged = copy();
        long weighing = seqsOf(forged, "weighing").get(0);
        sql(forged, "INSERT INTO outbox(journal_seq, topic, payload, message_id) VALUES (" + weighing
                + ", 'touchstone/offline/alerts', CAST('{\"messageId\":\"offline:" + weighing + ":0\",\"state\":"
                + "\"CLOSED\"}' AS BLOB), 'offline:" + weighing + ":0')");
        JournalVerifier.Result f = verify(forged, false, null);
        assertFalse(f.ok(), "a message on a record that sends none: " + f);
    }

    @Test
    void everyRecordsOutboxDigest_isTheDocumentedOne_andItsHashCoversIt() throws Exception {
        Path file = copy();
        int withMessages = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, at, type, inspection, data, prev_hash, hash, outbox_sha256"
                     + " FROM journal ORDER BY seq")) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                String digest = rs.getString(8);
                assertEquals(documentedDigest(c, seq), digest, "record " + seq);
                assertEquals(sha(rs.getString(6), seq, rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), digest), rs.getString(7), "record " + seq + "'s hash, per docs/journal.md");
                withMessages += digest == null ? 0 : 1;
            }
        }
        assertTrue(withMessages >= 4, "verdicts, alerts and chain heads sent messages: " + withMessages);
    }

    @Test
    void aFieldAddedToAnUnsentVerdict_whichTheFieldComparisonAllows_isCaughtByTheDigest() throws Exception {
        Path file = copy();
        sql(file, "UPDATE outbox SET payload = CAST(json_set(CAST(payload AS TEXT), '$.releasedBy', 'chief') AS BLOB)"
                + " WHERE id = (SELECT MAX(id) FROM outbox WHERE topic LIKE '%/verdict')");
        JournalVerifier.Result r = verify(file, false, null);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("are not the ones its hash covers"), r.problem());
        assertEquals("verdict", typeAt(file, r.firstBadSeq()));
    }

    @Test
    void aMessageSentToAnotherTopic_isCaught() throws Exception {
        Path file = copy();
        sql(file, "UPDATE outbox SET topic = 'touchstone/offline/elsewhere'"
                + " WHERE id = (SELECT MIN(id) FROM outbox WHERE topic LIKE '%/alerts')");
        JournalVerifier.Result r = verify(file, false, null);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("sent to another topic"), r.problem());
    }

    @Test
    void anUnsentAlertDeleted_isCaught_namingItsRecord() throws Exception {
        Path file = copy();
        long alert;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(journal_seq) FROM outbox WHERE topic LIKE '%/alerts'")) {
            alert = rs.getLong(1);
        }
        sql(file, "DELETE FROM outbox WHERE journal_seq = " + alert);
        JournalVerifier.Result r = verify(file, false, null);
        assertFalse(r.ok());
        assertEquals(alert, r.firstBadSeq());
        assertTrue(r.problem().contains("sent messages (its hash covers them) that the outbox no longer has"),
                r.problem());
    }

    /**
     * A journal written before messages were hashed into their records (no outbox_sha256 column): its records keep
     * their hashes; the agent adds the column when it opens it, and the chain verifies across both kinds.
     */
    @Test
    void aJournalFromBeforeTheOutboxDigest_verifies_andRecordsAppendedSinceCarryIt() throws Exception {
        Path data = dir.resolve("post");
        Files.createDirectories(data.resolve("data"));
        Path file = data.resolve("data/journal.db");
        Files.copy(original, file);
        Files.copy(post.resolve("data/checkpoint.key"), data.resolve("data/checkpoint.key"));
        rehashAsBeforeTheDigest(file);
        assertTrue(verify(file, false, null).ok(), () -> verify(file, false, null).toString());
        long before = lastSeq(file);
        OfflineAgent third = new OfflineAgent(data, List.of());
        try (Agent agent = third.agent) {
            agent.setActiveItem("C-SHORT", "1").get(10, TimeUnit.SECONDS);
            third.weigh("990.02");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
        }
        JournalVerifier.Result r = verify(file, false, null);
        assertTrue(r.ok(), r::toString);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(seq > " + before + ") FROM journal"
                     + " WHERE outbox_sha256 IS NOT NULL")) {
            assertTrue(rs.getLong(1) > 0 && rs.getLong(1) == rs.getLong(2),
                    "only the records appended since carry a digest");
        }
    }

    /** Drops the outbox_sha256 column and recomputes every hash as before it, checkpoints rewritten to match. */
    private static void rehashAsBeforeTheDigest(Path file) throws Exception {
        sql(file, "UPDATE journal SET outbox_sha256 = NULL");
        rehashFrom(file, 1, true);
        sql(file, "ALTER TABLE journal DROP COLUMN outbox_sha256");
    }

    @Test
    void aMovedAnchor_isCaught() throws Exception {
        Path file = copy();
        long cut = seqsOf(file, "weighing").get(0);
        String prev;
        try (JournalFile j = JournalFile.open(file)) {
            prev = j.record(cut).orElseThrow().prevHash();
        }
        sql(file, "DELETE FROM journal WHERE seq < " + cut, "DELETE FROM outbox WHERE journal_seq < " + cut,
                "INSERT INTO chain_anchor(id, first_seq, prev_hash) VALUES (1, " + cut + ", '" + prev + "')");
        JournalVerifier.Result r = verify(file, true, headMessage);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("the anchor was moved"), r.problem());
    }

    private static String typeAt(Path file, long seq) {
        try (JournalFile j = JournalFile.open(file)) {
            return j.record(seq).orElseThrow().storedType();
        }
    }
}
