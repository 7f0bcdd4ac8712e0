package org.touchstone.agent.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The journal in an embedded SQLite database: WAL mode with {@code synchronous=FULL}, so every committed event
 * survives a crash or a power cut (the WAL is synced at each commit; NORMAL would be faster but could lose the
 * last events on power loss, which an evidence record cannot afford).
 *
 * <p>Each record carries the SHA-256 of its predecessor's hash and its own content, so altering, removing or
 * inserting a record breaks the chain at that point ({@link JournalVerifier}). Retention removes the oldest
 * records whose messages were all sent, and moves the chain's anchor with them.
 */
public final class SqliteJournal implements Journal {

    static final String GENESIS = "0".repeat(64);

    /** A message waiting in the outbox. */
    public record Pending(long id, long journalSeq, String topic, byte[] payload, String messageId, String inspectionId) {
    }

    /** One stored record. */
    public record Record(long seq, String at, String type, String inspectionId, String data, String prevHash,
                         String hash) {
    }

    private final Path file;
    private final ObjectMapper json;
    private final Clock clock;
    private final Connection db;
    private long lastSeq;
    private String lastHash;

    public SqliteJournal(Path file, ObjectMapper json, Clock clock) {
        this.file = file;
        this.json = json;
        this.clock = clock;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            sqlite.setBusyTimeout(10_000);
            this.db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), sqlite.toProperties());
            try (Statement s = db.createStatement()) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS journal(
                          seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, inspection TEXT,
                          data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""");
                s.execute("CREATE INDEX IF NOT EXISTS journal_inspection ON journal(inspection)");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS outbox(
                          id INTEGER PRIMARY KEY, journal_seq INTEGER NOT NULL, topic TEXT NOT NULL,
                          payload BLOB NOT NULL, message_id TEXT NOT NULL, inspection TEXT, sent_at TEXT)""");
                s.execute("CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox(id) WHERE sent_at IS NULL");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS chain_anchor(
                          id INTEGER PRIMARY KEY CHECK (id = 1), first_seq INTEGER NOT NULL, prev_hash TEXT NOT NULL)""");
            }
            readTail();
        } catch (SQLException | java.io.IOException e) {
            throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized long append(String type, String inspectionId, Object data, List<OutboxMessage> outgoing) {
        String text;
        try {
            text = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new JournalException("cannot serialise a " + type + " event: " + e.getOriginalMessage(), e);
        }
        long seq;
        String prev;
        String at = clock.instant().toString();
        String hash;
        try (PreparedStatement j = db.prepareStatement(
                "INSERT INTO journal(seq, at, type, inspection, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?)");
             PreparedStatement o = db.prepareStatement(
                     "INSERT INTO outbox(journal_seq, topic, payload, message_id, inspection) VALUES (?,?,?,?,?)")) {
            // The tail is read inside a write transaction: another process (a technician's command while the agent
            // runs) may have appended since, and must not interleave with this append.
            begin();
            readTail();
            seq = lastSeq + 1;
            prev = lastHash;
            hash = hash(prev, seq, at, type, inspectionId, text);
            j.setLong(1, seq);
            j.setString(2, at);
            j.setString(3, type);
            j.setString(4, inspectionId);
            j.setString(5, text);
            j.setString(6, prev);
            j.setString(7, hash);
            j.executeUpdate();
            for (OutboxMessage m : outgoing) {
                o.setLong(1, seq);
                o.setString(2, m.topic());
                o.setBytes(3, m.payload());
                o.setString(4, m.messageId());
                o.setString(5, m.inspectionId());
                o.executeUpdate();
            }
            commit();
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot append a " + type + " event to " + file + ": " + e.getMessage(), e);
        }
        lastSeq = seq;
        lastHash = hash;
        return seq;
    }

    private void readTail() throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")) {
            if (rs.next()) {
                lastSeq = rs.getLong(1);
                lastHash = rs.getString(2);
            } else {
                lastSeq = anchorFirstSeq() - 1;
                lastHash = anchorPrevHash();
            }
        }
    }

    /** The oldest unsent messages, in the order they were written. */
    public synchronized List<Pending> unsent(int limit) {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT id, journal_seq, topic, payload, message_id, inspection"
                + " FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4), rs.getString(5),
                            rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read the outbox of " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Records that the broker acknowledged a message. */
    public synchronized void markSent(long outboxId, Instant at) {
        try (PreparedStatement s = db.prepareStatement("UPDATE outbox SET sent_at = ? WHERE id = ?")) {
            s.setString(1, at.toString());
            s.setLong(2, outboxId);
            s.executeUpdate();
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot mark message " + outboxId + " sent in " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized long unsentCount() {
        return count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL");
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Every record of an inspection, in order. */
    public synchronized List<Record> records(String inspectionId) {
        return query("SELECT seq, at, type, inspection, data, prev_hash, hash FROM journal WHERE inspection = ? ORDER BY seq",
                inspectionId);
    }

    /** Records in a time window (device events around an inspection), in order. */
    public synchronized List<Record> records(String fromInclusive, String toInclusive, String type) {
        List<Record> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT seq, at, type, inspection, data, prev_hash, hash FROM journal"
                + " WHERE at >= ? AND at <= ? AND type = ? ORDER BY seq")) {
            s.setString(1, fromInclusive);
            s.setString(2, toInclusive);
            s.setString(3, type);
            read(s, out::add);
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Walks the records tied to an inspection, in order (what recovery after a restart needs). */
    public synchronized void forEachOfInspections(Consumer<Record> each) {
        try (PreparedStatement s = db.prepareStatement("SELECT seq, at, type, inspection, data, prev_hash, hash FROM journal"
                + " WHERE inspection IS NOT NULL ORDER BY seq")) {
            read(s, each);
        } catch (SQLException e) {
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records of one type after a sequence number, in order (a reader polling for what other processes wrote). */
    public synchronized List<Record> records(String type, long afterSeq) {
        List<Record> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT seq, at, type, inspection, data, prev_hash, hash FROM journal"
                + " WHERE type = ? AND seq > ? ORDER BY seq")) {
            s.setString(1, type);
            s.setLong(2, afterSeq);
            read(s, out::add);
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Walks every record from the anchor, in order. */
    public synchronized void forEach(Consumer<Record> each) {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT seq, at, type, inspection, data, prev_hash, hash FROM journal ORDER BY seq")) {
            read(s, each);
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The sequence number the chain starts at and the hash before it (moves with retention). */
    public synchronized long anchorFirstSeq() {
        return count("SELECT COALESCE((SELECT first_seq FROM chain_anchor WHERE id = 1), 1)");
    }

    public synchronized String anchorPrevHash() {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT prev_hash FROM chain_anchor WHERE id = 1")) {
            return rs.next() ? rs.getString(1) : GENESIS;
        } catch (SQLException e) {
            throw new JournalException("cannot read the chain anchor of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes records older than {@code before} whose messages were all sent, moving the chain's anchor.
     *
     * @return how many records were removed
     */
    public synchronized int removeOlderThan(Instant before) {
        try (Statement s = db.createStatement()) {
            begin();
            long firstUnsent = count("SELECT COALESCE(MIN(journal_seq), 9223372036854775807) FROM outbox WHERE sent_at IS NULL");
            long lastRemovable;
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT COALESCE(MAX(seq), 0) FROM journal WHERE at < ? AND seq < ?")) {
                p.setString(1, before.toString());
                p.setLong(2, firstUnsent);
                try (ResultSet rs = p.executeQuery()) {
                    lastRemovable = rs.next() ? rs.getLong(1) : 0;
                }
            }
            if (lastRemovable == 0) {
                commit();
                return 0;
            }
            String prev;
            try (PreparedStatement p = db.prepareStatement("SELECT hash FROM journal WHERE seq = ?")) {
                p.setLong(1, lastRemovable);
                try (ResultSet rs = p.executeQuery()) {
                    prev = rs.next() ? rs.getString(1) : anchorPrevHash();
                }
            }
            s.executeUpdate("DELETE FROM outbox WHERE journal_seq <= " + lastRemovable);
            int removed = s.executeUpdate("DELETE FROM journal WHERE seq <= " + lastRemovable);
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO chain_anchor(id, first_seq, prev_hash) VALUES (1, ?, ?)"
                            + " ON CONFLICT(id) DO UPDATE SET first_seq = excluded.first_seq, prev_hash = excluded.prev_hash")) {
                p.setLong(1, lastRemovable + 1);
                p.setString(2, prev);
                p.executeUpdate();
            }
            commit();
            return removed;
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot apply retention to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Size of the database and its write-ahead log, in bytes. */
    public long sizeBytes() {
        long size = 0;
        for (String suffix : new String[] {"", "-wal"}) {
            Path p = Path.of(file.toAbsolutePath() + suffix);
            try {
                size += Files.exists(p) ? Files.size(p) : 0;
            } catch (java.io.IOException e) {
                // A WAL can vanish between the check and the read.
            }
        }
        return size;
    }

    static String hash(String prevHash, long seq, String at, String type, String inspectionId, String data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String content = prevHash + "\n" + seq + "\n" + at + "\n" + type + "\n"
                    + (inspectionId == null ? "" : inspectionId) + "\n" + data;
            return HexFormat.of().formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private List<Record> query(String sql, String arg) {
        List<Record> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, arg);
            read(s, out::add);
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void read(PreparedStatement s, Consumer<Record> each) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                each.accept(new Record(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
    }

    private long count(String sql) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new JournalException("cannot query " + file + ": " + e.getMessage(), e);
        }
    }

    private void begin() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    private void commit() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("COMMIT");
        }
    }

    private void rollback() {
        try (Statement s = db.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction was open, or the original failure is what matters.
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new JournalException("cannot close journal " + file + ": " + e.getMessage(), e);
        }
    }
}
