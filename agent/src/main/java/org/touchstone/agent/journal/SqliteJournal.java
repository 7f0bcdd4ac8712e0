package org.touchstone.agent.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(SqliteJournal.class);

    private final Path file;
    private final ObjectMapper json;
    private final Clock clock;
    private final String postId;
    private final Connection db;
    private final Outbox outbox = new SqliteOutbox();
    private long lastSeq;
    private String lastHash;
    /**
     * Whether {@link #transaction} has a write transaction open (the appends inside it join it). Written under the
     * monitor; volatile so that {@link Outbox#busy()} reads it without taking it.
     */
    private volatile boolean inTransaction;
    private int savepoints;
    /**
     * WAL pages after which a commit checkpoints by itself once {@link #checkpointInBackground} gave that work to
     * another thread: a safety net (about 40 MiB of WAL) for a checkpointer that stopped.
     */
    public static final int BACKGROUND_AUTOCHECKPOINT_PAGES = 10_000;
    /** Commits between two background checkpoints: a decision writes a few pages, so about SQLite's 1 000 pages. */
    public static final int COMMITS_PER_CHECKPOINT = 200;
    /** Told when a background checkpoint is due (null: SQLite's own, on the commit that crosses 1 000 pages). */
    private volatile Runnable walCheckpointDue;
    private int commitsSinceCheckpoint;
    private final Object walLock = new Object();
    /** The connection the background checkpoints run on (guarded by walLock; null until the first). */
    private Connection walDb;
    private boolean walClosed;
    /** Statements of the hot paths, prepared once on this connection ({@link #cached}). */
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    /**
     * A journal for reading and for records that send nothing (a technician's tool, {@code journal verify}): an
     * append with outgoing messages is refused, because their ids need the post's id.
     */
    public SqliteJournal(Path file, ObjectMapper json, Clock clock) {
        this(file, json, clock, null);
    }

    /** The post's journal, as the agent writes it: outgoing messages get ids under {@code postId}. */
    public SqliteJournal(Path file, ObjectMapper json, Clock clock, String postId) {
        this.file = file;
        this.json = json;
        this.clock = clock;
        this.postId = postId;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            sqlite.setBusyTimeout(10_000);
            // 1 MiB of page cache per connection, not SQLite's 2 MiB: the journal is appended at its end and read by
            // inspection through an index, so a few hundred pages hold what is hot (bench/run.sh: the agent's peak
            // RSS, measured against the default).
            sqlite.setCacheSize(-1024);
            // The driver would otherwise run "SELECT last_insert_rowid()" as a new statement after every INSERT, for
            // getGeneratedKeys, which nothing here calls: seven extra statements per weighing.
            sqlite.setGetGeneratedKeys(false);
            this.db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), sqlite.toProperties());
            try (Statement s = db.createStatement()) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS journal(
                          seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, inspection TEXT,
                          data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, outbox_sha256 TEXT)""");
                s.execute("CREATE INDEX IF NOT EXISTS journal_inspection ON journal(inspection)");
                // A journal from before messages were hashed into their record: its records keep their hashes (the
                // column is null for them), and records appended from now on carry the digest.
                if (!hasColumn(s, "journal", "outbox_sha256")) {
                    s.execute("ALTER TABLE journal ADD COLUMN outbox_sha256 TEXT");
                }
                s.execute("""
                        CREATE TABLE IF NOT EXISTS outbox(
                          id INTEGER PRIMARY KEY, journal_seq INTEGER NOT NULL, topic TEXT NOT NULL,
                          payload BLOB NOT NULL, message_id TEXT NOT NULL, inspection TEXT, sent_at TEXT)""");
                s.execute("CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox(id) WHERE sent_at IS NULL");
                // Keys of inputs taken (an MQTT message the broker may redeliver): written in the transaction that
                // journals the input, so a redelivery is recognised after any crash. Outside the chain: it proves
                // nothing, it only says "seen".
                s.execute("CREATE TABLE IF NOT EXISTS input_keys(key TEXT PRIMARY KEY, at TEXT NOT NULL)");
                // For each MQTT packet identifier, the key of the last input journaled under it: what a DUP resend
                // of an input its bytes do not identify is compared with (InputKey.ofRepeatable).
                s.execute("CREATE TABLE IF NOT EXISTS input_packets(packet INTEGER PRIMARY KEY, key TEXT NOT NULL)");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS chain_anchor(
                          id INTEGER PRIMARY KEY CHECK (id = 1), first_seq INTEGER NOT NULL, prev_hash TEXT NOT NULL)""");
            }
            readTail();
        } catch (SQLException | java.io.IOException e) {
            throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public synchronized Appended append(JournalPayload payload, String inspectionId, List<OutboxMessage> outgoing) {
        String type = payload.type().storedName();
        if (!outgoing.isEmpty() && postId == null) {
            throw new IllegalStateException("journal " + file + " was opened without a post id: it cannot send messages");
        }
        String text;
        try {
            text = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new JournalException("cannot serialise a " + type + " record: " + e.getOriginalMessage(), e);
        }
        long seq;
        String prev;
        Instant now = clock.instant();
        String at = now.toString();
        String hash;
        List<String> messageIds = new ArrayList<>();
        try {
            PreparedStatement j = cached("INSERT INTO journal(seq, at, type, inspection, data, prev_hash, hash,"
                    + " outbox_sha256) VALUES (?,?,?,?,?,?,?,?)");
            PreparedStatement o = cached(
                    "INSERT INTO outbox(journal_seq, topic, payload, message_id, inspection) VALUES (?,?,?,?,?)");
            // The tail is read inside a write transaction: another process (a technician's command while the agent
            // runs) may have appended since, and must not interleave with this append.
            if (!inTransaction) {
                begin();
                readTail();
            }
            seq = lastSeq + 1;
            prev = lastHash;
            // The ids come from this record's own sequence number, known only now, inside the transaction; the
            // messages' digest is part of the record's hash, so the outbox cannot be edited apart from the chain.
            List<JournalRecord.Sent> sent = new ArrayList<>(outgoing.size());
            for (int index = 0; index < outgoing.size(); index++) {
                OutboxMessage m = outgoing.get(index);
                String messageId = MessageId.of(postId, seq, index);
                sent.add(new JournalRecord.Sent(messageId, m.topic(), m.body().render(messageId)));
            }
            String outboxSha256 = JournalRecord.outboxDigest(sent);
            hash = JournalRecord.hash(prev, seq, at, type, inspectionId, text, outboxSha256);
            j.setLong(1, seq);
            j.setString(2, at);
            j.setString(3, type);
            j.setString(4, inspectionId);
            j.setString(5, text);
            j.setString(6, prev);
            j.setString(7, hash);
            j.setString(8, outboxSha256);
            j.executeUpdate();
            for (int index = 0; index < sent.size(); index++) {
                JournalRecord.Sent m = sent.get(index);
                o.setLong(1, seq);
                o.setString(2, m.topic());
                o.setBytes(3, m.payload());
                o.setString(4, m.messageId());
                o.setString(5, outgoing.get(index).inspectionId());
                o.executeUpdate();
                messageIds.add(m.messageId());
            }
            CrashPoint.appended();
            if (!inTransaction) {
                commit();
                CrashPoint.committed();
            }
        } catch (SQLException | RuntimeException e) {
            if (!inTransaction) {
                rollback();
            }
            throw new JournalException("cannot append a " + type + " record to " + file + ": " + e.getMessage(), e);
        }
        lastSeq = seq;
        lastHash = hash;
        return new Appended(seq, now, messageIds);
    }

    @Override
    public synchronized <T> T transaction(java.util.function.Supplier<T> work) {
        if (inTransaction) {
            return nested(work);
        }
        long seqBefore = lastSeq;
        String hashBefore = lastHash;
        try {
            begin();
            readTail();
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot begin a transaction in " + file + ": " + e.getMessage(), e);
        }
        inTransaction = true;
        boolean committed = false;
        try {
            T result = work.get();
            commit();
            committed = true;
            CrashPoint.committed();
            return result;
        } catch (SQLException e) {
            throw new JournalException("cannot commit to " + file + ": " + e.getMessage(), e);
        } finally {
            inTransaction = false;
            if (!committed) {
                rollback();
                lastSeq = seqBefore;
                lastHash = hashBefore;
            }
        }
    }

    @Override
    public synchronized boolean inputTaken(InputKey key) {
        String query = key.latestOnly() ? "SELECT 1 FROM input_packets WHERE packet = ? AND key = ?"
                : "SELECT 1 FROM input_keys WHERE key = ?";
        try {
            PreparedStatement s = cached(query);
            if (key.latestOnly()) {
                s.setInt(1, key.packetId());
                s.setString(2, key.key());
            } else {
                s.setString(1, key.key());
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read the input keys of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void takeInput(InputKey key) {
        try {
            if (!key.latestOnly()) {
                PreparedStatement s = cached("INSERT OR IGNORE INTO input_keys(key, at) VALUES (?, ?)");
                s.setString(1, key.key());
                s.setString(2, clock.instant().toString());
                s.executeUpdate();
            }
            if (key.packetId() > 0) {
                // At most 65 535 rows: one per packet identifier, the last input journaled under it.
                PreparedStatement s = cached("INSERT INTO input_packets(packet, key) VALUES (?, ?)"
                        + " ON CONFLICT(packet) DO UPDATE SET key = excluded.key");
                s.setInt(1, key.packetId());
                s.setString(2, key.key());
                s.executeUpdate();
            }
        } catch (SQLException e) {
            if (!inTransaction) {
                rollback();
            }
            throw new JournalException("cannot record input " + key + " in " + file + ": " + e.getMessage(), e);
        }
    }

    private void readTail() throws SQLException {
        try (ResultSet rs = cached("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").executeQuery()) {
            if (rs.next()) {
                lastSeq = rs.getLong(1);
                lastHash = rs.getString(2);
            } else {
                lastSeq = anchorFirstSeq() - 1;
                lastHash = anchorPrevHash();
            }
        }
    }

    /** The outbox in the same database: its rows are written by {@link #append} only. */
    private final class SqliteOutbox implements Outbox {
        @Override
        public List<PendingMessage> unsent(int limit) {
            synchronized (SqliteJournal.this) {
                List<PendingMessage> out = new ArrayList<>();
                try {
                    PreparedStatement s = cached("SELECT id, journal_seq, topic, payload, message_id, inspection"
                            + " FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?");
                    s.setInt(1, limit);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            out.add(new PendingMessage(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4),
                                    rs.getString(5), rs.getString(6)));
                        }
                    }
                } catch (SQLException e) {
                    rollback();
                    throw new JournalException("cannot read the outbox of " + file + ": " + e.getMessage(), e);
                }
                return out;
            }
        }

        @Override
        public void markSent(List<Long> outboxIds, Instant at) {
            synchronized (SqliteJournal.this) {
                // The publisher's own transaction; called inside an open one, it would join it, as retention does.
                // Its own commit is not fsync'd (synchronous=NORMAL for it alone): a mark lost to a power cut only
                // sends the message again, with its id, which consumers drop; and the WAL is one file written in
                // order, so the next decision's fsync makes the mark durable with it. An fsync here held the
                // journal for 0.3-0.9 ms (the two bench machines' fsync) just when the next frame's decision wanted
                // it (bench/run.sh: the weighing follows the close's alert at once).
                boolean own = !inTransaction;
                String sentAt = at.toString();
                try {
                    if (own) {
                        pragma("synchronous=NORMAL");
                        begin();
                    }
                    PreparedStatement s = cached("UPDATE outbox SET sent_at = ? WHERE id = ?");
                    for (long id : outboxIds) {
                        s.setString(1, sentAt);
                        s.setLong(2, id);
                        s.executeUpdate();
                    }
                    if (own) {
                        commit();
                    }
                } catch (SQLException e) {
                    rollback();
                    throw new JournalException("cannot mark messages " + outboxIds + " sent in " + file + ": "
                            + e.getMessage(), e);
                } finally {
                    if (own) {
                        fullSync();
                    }
                }
            }
        }

        @Override
        public boolean busy() {
            return inTransaction;
        }

        @Override
        public long unsentCount() {
            synchronized (SqliteJournal.this) {
                return count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL");
            }
        }

        @Override
        public java.util.Optional<Instant> oldestUnsentAt() {
            synchronized (SqliteJournal.this) {
                try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT j.at FROM outbox o"
                        + " JOIN journal j ON j.seq = o.journal_seq WHERE o.sent_at IS NULL ORDER BY o.id LIMIT 1")) {
                    return rs.next() ? java.util.Optional.of(Instant.parse(rs.getString(1))) : java.util.Optional.empty();
                } catch (SQLException e) {
                    throw new JournalException("cannot read the outbox of " + file + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public synchronized List<JournalRecord> records(String inspectionId) {
        return query("SELECT seq, at, type, inspection, data, prev_hash, hash, outbox_sha256 FROM journal WHERE inspection = ? ORDER BY seq",
                inspectionId);
    }

    @Override
    public synchronized List<JournalRecord> records(RecordType type, String fromInclusive, String toInclusive) {
        List<JournalRecord> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT seq, at, type, inspection, data, prev_hash, hash, outbox_sha256 FROM journal"
                + " WHERE at >= ? AND at <= ? AND type = ? ORDER BY seq")) {
            s.setString(1, fromInclusive);
            s.setString(2, toInclusive);
            s.setString(3, type.storedName());
            read(s, out::add);
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void forEachOfInspections(Consumer<JournalRecord> each) {
        try (PreparedStatement s = db.prepareStatement("SELECT seq, at, type, inspection, data, prev_hash, hash, outbox_sha256 FROM journal"
                + " WHERE inspection IS NOT NULL ORDER BY seq")) {
            read(s, each);
        } catch (SQLException e) {
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<JournalRecord> records(RecordType type, long afterSeq) {
        List<JournalRecord> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT seq, at, type, inspection, data, prev_hash, hash, outbox_sha256 FROM journal"
                + " WHERE type = ? AND seq > ? ORDER BY seq")) {
            s.setString(1, type.storedName());
            s.setLong(2, afterSeq);
            read(s, out::add);
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized java.util.Optional<JournalRecord> last() {
        List<JournalRecord> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT seq, at, type, inspection, data, prev_hash, hash, outbox_sha256 FROM journal"
                + " ORDER BY seq DESC LIMIT 1")) {
            read(s, out::add);
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out.stream().findFirst();
    }

    @Override
    public synchronized void forEach(Consumer<JournalRecord> each) {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT seq, at, type, inspection, data, prev_hash, hash, outbox_sha256 FROM journal ORDER BY seq")) {
            read(s, each);
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long anchorFirstSeq() {
        return count("SELECT COALESCE((SELECT first_seq FROM chain_anchor WHERE id = 1), 1)");
    }

    @Override
    public synchronized String anchorPrevHash() {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT prev_hash FROM chain_anchor WHERE id = 1")) {
            return rs.next() ? rs.getString(1) : GENESIS;
        } catch (SQLException e) {
            throw new JournalException("cannot read the chain anchor of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized int removeOlderThan(Instant before) {
        // Inside a batch of the desk's decisions it is part of that transaction; alone, it is its own.
        boolean own = !inTransaction;
        try (Statement s = db.createStatement()) {
            if (own) {
                begin();
            }
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
                if (own) {
                    commit();
                }
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
            try (PreparedStatement p = db.prepareStatement("DELETE FROM input_keys WHERE at < ?")) {
                p.setString(1, before.toString());
                p.executeUpdate();
            }
            int removed = s.executeUpdate("DELETE FROM journal WHERE seq <= " + lastRemovable);
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO chain_anchor(id, first_seq, prev_hash) VALUES (1, ?, ?)"
                            + " ON CONFLICT(id) DO UPDATE SET first_seq = excluded.first_seq, prev_hash = excluded.prev_hash")) {
                p.setLong(1, lastRemovable + 1);
                p.setString(2, prev);
                p.executeUpdate();
            }
            if (own) {
                commit();
            }
            return removed;
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot apply retention to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Size of the database and its write-ahead log, in bytes. */
    @Override
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

    private static boolean hasColumn(Statement s, String table, String column) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equals(rs.getString("name"))) {
                    return true;
                }
            }
            return false;
        }
    }

    private List<JournalRecord> query(String sql, String arg) {
        List<JournalRecord> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, arg);
            read(s, out::add);
        } catch (SQLException e) {
            rollback();
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void read(PreparedStatement s, Consumer<JournalRecord> each) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                each.accept(new JournalRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
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

    /**
     * A transaction inside another (one decision of a batch the desk commits together): a savepoint, so that a
     * decision that fails leaves nothing of itself behind while the others of its batch commit.
     */
    private <T> T nested(java.util.function.Supplier<T> work) {
        long seqBefore = lastSeq;
        String hashBefore = lastHash;
        String savepoint = "decision" + (++savepoints);
        try {
            execute("SAVEPOINT " + savepoint);
        } catch (SQLException e) {
            savepoints--;
            throw new JournalException("cannot set a savepoint in " + file + ": " + e.getMessage(), e);
        }
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error failure) {
            try {
                execute("ROLLBACK TO " + savepoint);
                execute("RELEASE " + savepoint);
            } catch (SQLException e) {
                // The batch's state is unknown: a journal failure, which halts the desk and rolls the batch back.
                JournalException broken = new JournalException("cannot roll back to a savepoint in " + file + ": "
                        + e.getMessage(), e);
                broken.addSuppressed(failure);
                throw broken;
            } finally {
                savepoints--;
                lastSeq = seqBefore;
                lastHash = hashBefore;
            }
            throw failure;
        }
        try {
            execute("RELEASE " + savepoint);
        } catch (SQLException e) {
            throw new JournalException("cannot release a savepoint in " + file + ": " + e.getMessage(), e);
        } finally {
            savepoints--;
        }
        return result;
    }

    /**
     * A statement prepared once on this connection and reused, its parameters cleared: on a one-item inspection,
     * preparing the same few statements again was an eighth of the desk's time in SQLite. Only the constant SQL
     * of this class's hot paths comes here, so the cache stays a handful of entries. The caller must not close it.
     */
    private PreparedStatement cached(String sql) throws SQLException {
        PreparedStatement s = statements.get(sql);
        if (s == null) {
            s = db.prepareStatement(sql);
            statements.put(sql, s);
        } else {
            s.clearParameters();
        }
        return s;
    }

    /** A statement without parameters or rows (savepoints, transactions). */
    private void execute(String statement) throws SQLException {
        cached(statement).execute();
    }

    /** This connection's {@code PRAGMA synchronous} (2 is FULL): for tests. */
    synchronized int synchronousLevel() {
        return (int) count("PRAGMA synchronous");
    }

    /** A pragma, parsed afresh each time (SQLite applies some when it prepares them, so a cached one would not). */
    private void pragma(String setting) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA " + setting);
        }
    }

    /** Back to an fsync per commit, which every record's transaction needs; a journal that cannot is not used. */
    private void fullSync() {
        try {
            pragma("synchronous=FULL");
        } catch (SQLException e) {
            throw new JournalException("cannot set synchronous=FULL on " + file + " again: " + e.getMessage(), e);
        }
    }

    private void begin() throws SQLException {
        execute("BEGIN IMMEDIATE");
    }

    private void commit() throws SQLException {
        execute("COMMIT");
        Runnable due = walCheckpointDue;
        if (due != null && ++commitsSinceCheckpoint >= COMMITS_PER_CHECKPOINT) {
            commitsSinceCheckpoint = 0;
            try {
                due.run();
            } catch (RuntimeException e) {
                // Committed all the same; a checkpointer that is gone (the agent stopping) leaves it to SQLite.
                log.debug("background WAL checkpoint not started: {}", e.toString());
            }
        }
    }

    /** Rolls back an append or a read of its own; inside a transaction, whoever opened it rolls back. */
    private void rollback() {
        if (inTransaction) {
            return;
        }
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction was open, or the original failure is what matters.
        }
    }

    /**
     * Leaves the WAL's checkpoints (copying committed pages into the database file, and its fsync) to
     * {@link #copyWalIntoDatabase} on another thread, which {@code due} is to start (it is told every
     * {@link #COMMITS_PER_CHECKPOINT} commits and must not wait), instead of to the commit that crosses SQLite's 1 000
     * pages: that decision waited for the copy. A commit still checkpoints by itself past
     * {@link #BACKGROUND_AUTOCHECKPOINT_PAGES}.
     */
    public synchronized void checkpointInBackground(Runnable due) {
        try {
            pragma("wal_autocheckpoint=" + BACKGROUND_AUTOCHECKPOINT_PAGES);
        } catch (SQLException e) {
            throw new JournalException("cannot set wal_autocheckpoint on " + file + ": " + e.getMessage(), e);
        }
        walCheckpointDue = due;
    }

    /**
     * A passive WAL checkpoint on a connection of its own: copies what no reader still needs into the database file,
     * never waits for the desk's transactions, and lets the next commit start the WAL afresh. Any thread but the desk.
     *
     * @return the WAL's pages and those of them now in the database file (SQLite's {@code wal_checkpoint} columns)
     */
    public long[] copyWalIntoDatabase() {
        synchronized (walLock) {
            if (walClosed) {
                return new long[] {0, 0};
            }
            try {
                if (walDb == null) {
                    SQLiteConfig sqlite = new SQLiteConfig();
                    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
                    sqlite.setCacheSize(-64);
                    walDb = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), sqlite.toProperties());
                }
                try (Statement s = walDb.createStatement();
                     ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    return rs.next() ? new long[] {rs.getLong(2), rs.getLong(3)} : new long[] {0, 0};
                }
            } catch (SQLException e) {
                throw new JournalException("cannot checkpoint the WAL of " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        walCheckpointDue = null;
        synchronized (walLock) {
            walClosed = true;
            if (walDb != null) {
                try {
                    walDb.close();
                } catch (SQLException e) {
                    log.warn("closing the checkpoint connection of {}: {}", file, e.getMessage());
                }
            }
        }
        try {
            db.close();
        } catch (SQLException e) {
            throw new JournalException("cannot close journal " + file + ": " + e.getMessage(), e);
        }
    }
}
