package org.touchstone.agent.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A journal file opened read-only, for checking it ({@code touchstone journal verify}): SQLite's read-only mode, so
 * nothing, not even the schema, is ever written into the file that is being examined, and a file that is not a
 * Touchstone journal (empty, another SQLite database, not SQLite at all) is refused before anything is read.
 */
public final class JournalFile implements AutoCloseable {

    /** The file is not a Touchstone journal; the message says why, in one line. */
    public static final class NotAJournalException extends JournalException {
        public NotAJournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The tables and columns a journal has; extra columns (a newer agent's) are allowed. */
    private static final Map<String, List<String>> TABLES = Map.of(
            "journal", List.of("seq", "at", "type", "inspection", "data", "prev_hash", "hash"),
            "outbox", List.of("id", "journal_seq", "topic", "payload", "message_id", "inspection", "sent_at"));

    private final Path file;
    private final Connection db;
    private String recordColumns;

    private JournalFile(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /**
     * Opens {@code file} read-only and checks that it is a journal.
     *
     * @throws NotAJournalException when it is not one
     * @throws JournalException     when it cannot be opened at all (missing, unreadable)
     */
    public static JournalFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new JournalException("no journal at " + file + (Files.exists(file) ? " (not a regular file)" : ""),
                    null);
        }
        if (!Files.isReadable(file)) {
            throw new JournalException("cannot read " + file + " (permission denied for user "
                    + System.getProperty("user.name") + ")", null);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setReadOnly(true);
        sqlite.setOpenMode(SQLiteOpenMode.READONLY);
        sqlite.setBusyTimeout(10_000);
        Connection db;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro",
                    sqlite.toProperties());
        } catch (SQLException e) {
            throw new JournalException("cannot open " + file + " read-only: " + e.getMessage(), e);
        }
        JournalFile opened = new JournalFile(file, db);
        try {
            opened.checkSchema();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    private void checkSchema() {
        Set<String> missing = new HashSet<>();
        try {
            for (Map.Entry<String, List<String>> table : TABLES.entrySet()) {
                Set<String> columns = new HashSet<>();
                try (PreparedStatement s = db.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
                    s.setString(1, table.getKey());
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            columns.add(rs.getString(1));
                        }
                    }
                }
                if (columns.isEmpty()) {
                    missing.add("table " + table.getKey());
                } else {
                    table.getValue().stream().filter(c -> !columns.contains(c))
                            .forEach(c -> missing.add("column " + table.getKey() + "." + c));
                }
            }
        } catch (SQLException e) {
            // SQLite says "file is not a database" (SQLITE_NOTADB) for a file that is not SQLite at all.
            throw new NotAJournalException(file + " is not a Touchstone journal (" + sqliteReason(e) + ")", e);
        }
        if (missing.size() == 2 && missing.contains("table journal") && missing.contains("table outbox")) {
            throw new NotAJournalException(file + " is not a Touchstone journal (it has no journal and no outbox "
                    + "table: an empty file or another program's database)", null);
        }
        if (!missing.isEmpty()) {
            throw new NotAJournalException(file + " is not a Touchstone journal (missing " + String.join(", ",
                    missing.stream().sorted().toList()) + ")", null);
        }
    }

    private static String sqliteReason(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("NOTADB") || m.contains("not a database") ? "not an SQLite database" : m;
    }

    public Path file() {
        return file;
    }

    /** The sequence number the chain starts at (1, or where retention moved it). */
    public long anchorFirstSeq() {
        if (!hasAnchorTable()) {
            return 1;
        }
        return single("SELECT COALESCE((SELECT first_seq FROM chain_anchor WHERE id = 1), 1)", rs -> rs.getLong(1));
    }

    /** The hash before the first record kept (64 zeros when nothing was ever removed). */
    public String anchorPrevHash() {
        if (!hasAnchorTable()) {
            return SqliteJournal.GENESIS;
        }
        return single("SELECT COALESCE((SELECT prev_hash FROM chain_anchor WHERE id = 1), '" + SqliteJournal.GENESIS
                + "')", rs -> rs.getString(1));
    }

    private boolean hasAnchorTable() {
        return single("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'chain_anchor'",
                rs -> rs.getLong(1)) > 0;
    }

    /**
     * The columns a record is read from; a journal written before messages were hashed into their record has no
     * {@code outbox_sha256} column, and its records are read with none.
     */
    private String recordColumns() {
        if (recordColumns != null) {
            return recordColumns;
        }
        boolean digest = single("SELECT COUNT(*) FROM pragma_table_info('journal') WHERE name = 'outbox_sha256'",
                rs -> rs.getLong(1)) > 0;
        recordColumns = "seq, at, type, inspection, data, prev_hash, hash, " + (digest ? "outbox_sha256" : "NULL");
        return recordColumns;
    }

    private static JournalRecord record(ResultSet rs) throws SQLException {
        return new JournalRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    /** Every record from the anchor, in order. */
    public void forEach(Consumer<JournalRecord> each) {
        try (PreparedStatement s = db.prepareStatement("SELECT " + recordColumns() + " FROM journal ORDER BY seq");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                each.accept(record(rs));
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The record at {@code seq}, if the file has it. */
    public Optional<JournalRecord> record(long seq) {
        try (PreparedStatement s = db.prepareStatement("SELECT " + recordColumns() + " FROM journal WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** One outbox row as stored. */
    public record OutboxRow(long id, long journalSeq, String topic, byte[] payload, String messageId) {
    }

    /** Every outbox row, sent or not, in order. */
    public void forEachOutboxRow(Consumer<OutboxRow> each) {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT id, journal_seq, topic, payload, message_id FROM outbox ORDER BY id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                each.accept(new OutboxRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4),
                        rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read the outbox of " + file + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Column<T> {
        T get(ResultSet rs) throws SQLException;
    }

    private <T> T single(String sql, Column<T> column) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return column.get(rs);
        } catch (SQLException e) {
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // Nothing was written; closing a read-only connection loses nothing.
        }
    }
}
