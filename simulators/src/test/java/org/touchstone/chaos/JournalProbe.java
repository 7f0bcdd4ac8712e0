package org.touchstone.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.touchstone.agent.journal.RecordType;

/**
 * Reads a running agent's {@code journal.db} from the test JVM with plain SQL, one short connection per question,
 * so the test can follow the agent (in another process, possibly killed at any moment) without ever writing to
 * it. WAL mode lets a reader look while the agent writes.
 */
final class JournalProbe {

    /** One row of the outbox, in the order the agent wrote it. */
    record OutboxRow(long id, String topic, String messageId, String inspection, byte[] payload, boolean sent) {
    }

    private final Path file;

    JournalProbe(Path file) {
        this.file = file;
    }

    /** Records of a type, with an optional further condition ({@code ""} for none). */
    long count(RecordType type, String where, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = type.storedName();
        System.arraycopy(args, 0, all, 1, args.length);
        return number("SELECT COUNT(*) FROM journal WHERE type = ?" + (where.isEmpty() ? "" : " AND " + where), all);
    }

    /** The highest sequence number so far (0 before the journal exists). */
    long lastSeq() {
        return number("SELECT COALESCE(MAX(seq), 0) FROM journal");
    }

    long unsent() {
        return number("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL");
    }

    List<OutboxRow> outbox() {
        List<OutboxRow> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try (Connection c = open(); PreparedStatement s = c.prepareStatement(
                "SELECT id, topic, message_id, inspection, payload, sent_at IS NOT NULL FROM outbox ORDER BY id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                        rs.getBoolean(6)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox of " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** Inputs the agent recorded as taken (the keys that recognise a redelivery). */
    long inputKeys() {
        return number("SELECT COUNT(*) FROM input_keys");
    }

    private long number(String sql, Object... args) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Connection c = open(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            // The agent may be creating the schema right now; "not yet" is the honest answer.
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return 0;
            }
            throw new IllegalStateException("cannot query " + file + ": " + e.getMessage(), e);
        }
    }

    private Connection open() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (var s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }
}
