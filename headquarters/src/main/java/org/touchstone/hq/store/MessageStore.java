package org.touchstone.hq.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.hq.chain.ChainHeadCheck;
import org.touchstone.hq.ingest.PostMessage;
import org.touchstone.hq.ingest.Received;
import org.touchstone.hq.ingest.Received.Outcome;

/**
 * Stores a batch of received messages in one transaction: each message whole (jsonb) under its messageId, and its
 * projections (inspections, findings, items, alerts, devices, trust, chain heads, presence). A messageId stored
 * before is a repeat and changes nothing, which is what makes redelivery harmless: the caller acknowledges the
 * batch to the broker only after {@link #store} returned.
 *
 * <p>Several instances write at once. Every projection keeps the highest revision or the latest time, so the
 * order in which instances commit does not matter, and rows are locked in one global order (messages by id, then
 * posts, inspections, alerts and devices by key), so two batches cannot deadlock each other. Chain heads and
 * presence, whose meaning depends on order, arrive at every instance in the post's order (plain subscriptions)
 * and are applied under the post's row lock.
 */
public final class MessageStore {

    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);
    private static final int ATTEMPTS = 5;

    private final DataSource dataSource;
    private final String instanceId;
    private final Function<String, byte[]> chainKeys;

    /**
     * @param chainKeys a post's checkpoint key, or null when headquarters has none for it
     */
    public MessageStore(DataSource dataSource, String instanceId, Function<String, byte[]> chainKeys) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.chainKeys = chainKeys;
    }

    /**
     * Stores the batch and returns one outcome per message, in the batch's order. Retries a transaction that
     * PostgreSQL aborted for a conflict with another instance (deadlock, serialization); throws when the database
     * cannot be written, and then nothing of the batch was stored.
     */
    public List<Outcome> store(List<Received> batch) throws SQLException {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    List<Outcome> outcomes = storeIn(c, batch);
                    c.commit();
                    return outcomes;
                } catch (SQLException | RuntimeException e) {
                    rollback(c);
                    throw e;
                }
            } catch (SQLException e) {
                last = e;
                if (!retryable(e)) {
                    throw e;
                }
                log.info("batch of {} aborted by the database ({}), attempt {} of {}", batch.size(), e.getSQLState(),
                        attempt, ATTEMPTS);
            }
        }
        throw last;
    }

    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "40P01".equals(state) || "40001".equals(state);
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed: {}", e.getMessage());
        }
    }

    private List<Outcome> storeIn(Connection c, List<Received> batch) throws SQLException {
        Outcome[] outcomes = new Outcome[batch.size()];
        rejected(c, batch, outcomes);
        List<Integer> fresh = events(c, batch, outcomes);
        posts(c, batch, outcomes);
        List<PostMessage.Verdict> verdicts = new ArrayList<>();
        List<PostMessage.Alert> alerts = new ArrayList<>();
        List<PostMessage.DeviceStatus> statuses = new ArrayList<>();
        for (int i : fresh) {
            PostMessage m = batch.get(i).message();
            if (m instanceof PostMessage.Verdict v) {
                verdicts.add(v);
            } else if (m instanceof PostMessage.Alert a) {
                alerts.add(a);
            } else if (m instanceof PostMessage.DeviceStatus d) {
                statuses.add(d);
            }
        }
        inspections(c, verdicts);
        alerts(c, alerts);
        details(c, verdicts, alerts);
        devices(c, statuses, verdicts);
        // Order matters for these two: they are applied one by one, in the order they arrived.
        for (int i = 0; i < batch.size(); i++) {
            Received r = batch.get(i);
            if (r.message() instanceof PostMessage.ChainHead head && outcomes[i] == Outcome.STORED) {
                chainHead(c, head, r.receivedAt());
            } else if (r.message() instanceof PostMessage.Presence p) {
                presence(c, p.postId(), "agent", p.state(), r);
                outcomes[i] = Outcome.STATE;
            } else if (r.message() instanceof PostMessage.BridgeState b) {
                presence(c, b.postId(), "bridge", b.connected() ? "connected" : "disconnected", r);
                outcomes[i] = Outcome.STATE;
            }
        }
        return List.of(outcomes);
    }

    private void rejected(Connection c, List<Received> batch, Outcome[] outcomes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rejected_message (topic, reason, payload, received_at,"
                + " instance_id) VALUES (?, ?, ?, ?, ?)")) {
            boolean any = false;
            for (int i = 0; i < batch.size(); i++) {
                Received r = batch.get(i);
                if (r.message() == null) {
                    String text = new String(r.payload(), StandardCharsets.UTF_8).replace('\0', '?');
                    ps.setString(1, r.topic());
                    ps.setString(2, r.unreadable());
                    ps.setString(3, text.length() > 64 * 1024 ? text.substring(0, 64 * 1024) + "…" : text);
                    ps.setObject(4, time(r.receivedAt()));
                    ps.setString(5, instanceId);
                    ps.addBatch();
                    outcomes[i] = Outcome.REJECTED;
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    /** Inserts every message that has a messageId; returns the indexes of those stored for the first time. */
    private List<Integer> events(Connection c, List<Received> batch, Outcome[] outcomes) throws SQLException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).message() != null && batch.get(i).message().messageId() != null) {
                order.add(i);
            }
        }
        // One lock order for every instance: by message id.
        order.sort(Comparator.comparing((Integer i) -> batch.get(i).message().messageId()).thenComparing(i -> i));
        Map<Integer, String> sha = new HashMap<>();
        List<Integer> fresh = new ArrayList<>();
        List<Integer> repeats = new ArrayList<>();
        if (order.isEmpty()) {
            return fresh;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (message_id, post_id, kind, topic, payload,"
                + " payload_sha256, received_at, instance_id) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                + " ON CONFLICT (message_id) DO NOTHING")) {
            for (int i : order) {
                Received r = batch.get(i);
                PostMessage m = r.message();
                String digest = sha256(r.payload());
                sha.put(i, digest);
                ps.setString(1, m.messageId());
                ps.setString(2, m.postId());
                ps.setString(3, m.kind());
                ps.setString(4, r.topic());
                ps.setString(5, jsonText(m.payload()));
                ps.setString(6, digest);
                ps.setObject(7, time(r.receivedAt()));
                ps.setString(8, instanceId);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int k = 0; k < order.size(); k++) {
                int i = order.get(k);
                if (counts[k] == 1) {
                    outcomes[i] = Outcome.STORED;
                    fresh.add(i);
                } else {
                    repeats.add(i);
                }
            }
        }
        if (!repeats.isEmpty()) {
            conflicts(c, batch, outcomes, sha, repeats);
        }
        fresh.sort(Comparator.naturalOrder());
        return fresh;
    }

    /** A repeat with other bytes than the stored message is set aside, not silently dropped. */
    private void conflicts(Connection c, List<Received> batch, Outcome[] outcomes, Map<Integer, String> sha,
                           List<Integer> repeats) throws SQLException {
        Map<String, String> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT message_id, payload_sha256 FROM message WHERE message_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", repeats.stream().map(i -> batch.get(i).message().messageId()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_conflict (message_id, topic, payload,"
                + " payload_sha256, received_at, instance_id) VALUES (?, ?, ?::jsonb, ?, ?, ?)")) {
            boolean any = false;
            for (int i : repeats) {
                Received r = batch.get(i);
                String id = r.message().messageId();
                if (sha.get(i).equals(stored.get(id))) {
                    outcomes[i] = Outcome.DUPLICATE;
                    continue;
                }
                outcomes[i] = Outcome.CONFLICT;
                log.warn("message {} from {} came again with other content; kept in message_conflict", id, r.topic());
                if (r.message() instanceof PostMessage.ChainHead head) {
                    // A post reusing a head's id for another head numbers its records again: its journal was cut.
                    reusedHeadId(c, head);
                }
                ps.setString(1, id);
                ps.setString(2, r.topic());
                ps.setString(3, jsonText(r.message().payload()));
                ps.setString(4, sha.get(i));
                ps.setObject(5, time(r.receivedAt()));
                ps.setString(6, instanceId);
                ps.addBatch();
                any = true;
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    /** Makes sure every post in the batch has its row, without locking rows that exist. */
    private void posts(Connection c, List<Received> batch, Outcome[] outcomes) throws SQLException {
        TreeSet<String> posts = new TreeSet<>();
        for (int i = 0; i < batch.size(); i++) {
            PostMessage m = batch.get(i).message();
            if (m != null && (outcomes[i] == Outcome.STORED || m.messageId() == null)) {
                posts.add(m.postId());
            }
        }
        if (posts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO post (post_id) VALUES (?) ON CONFLICT (post_id) DO NOTHING")) {
            for (String p : posts) {
                ps.setString(1, p);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void inspections(Connection c, List<PostMessage.Verdict> verdicts) throws SQLException {
        if (verdicts.isEmpty()) {
            return;
        }
        List<PostMessage.Verdict> sorted = new ArrayList<>(verdicts);
        sorted.sort(Comparator.comparing(PostMessage.Verdict::postId)
                .thenComparing(v -> v.body().declarationId()).thenComparingInt(PostMessage.Verdict::revision));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inspection (post_id, declaration_id, revision, lane,"
                + " complete, assessed_at, declarant, origin_country, verdict_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (post_id, declaration_id) DO UPDATE SET revision = EXCLUDED.revision,"
                + " lane = EXCLUDED.lane, complete = EXCLUDED.complete, assessed_at = EXCLUDED.assessed_at,"
                + " declarant = EXCLUDED.declarant, origin_country = EXCLUDED.origin_country,"
                + " verdict_message_id = EXCLUDED.verdict_message_id WHERE inspection.revision < EXCLUDED.revision")) {
            for (PostMessage.Verdict v : sorted) {
                PostMessage.VerdictBody b = v.body();
                ps.setString(1, v.postId());
                ps.setString(2, b.declarationId());
                ps.setInt(3, v.revision());
                ps.setString(4, b.lane());
                ps.setBoolean(5, b.complete());
                ps.setObject(6, time(b.assessedAt()));
                ps.setString(7, b.declarant());
                ps.setString(8, b.originCountry());
                ps.setString(9, v.messageId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void alerts(Connection c, List<PostMessage.Alert> alerts) throws SQLException {
        if (alerts.isEmpty()) {
            return;
        }
        List<PostMessage.Alert> sorted = new ArrayList<>(alerts);
        sorted.sort(Comparator.comparing(PostMessage.Alert::alertId).thenComparingInt(PostMessage.Alert::revision));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert (alert_id, post_id, declaration_id, revision,"
                + " state, lane, raised_at, updated_at, acknowledged_by, acknowledged_at, outcome, closed_by, closed_at,"
                + " closure_note, declarant, origin_country, message_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (alert_id) DO UPDATE SET revision = EXCLUDED.revision, state = EXCLUDED.state,"
                + " lane = EXCLUDED.lane, raised_at = EXCLUDED.raised_at, updated_at = EXCLUDED.updated_at,"
                + " acknowledged_by = EXCLUDED.acknowledged_by, acknowledged_at = EXCLUDED.acknowledged_at,"
                + " outcome = EXCLUDED.outcome, closed_by = EXCLUDED.closed_by, closed_at = EXCLUDED.closed_at,"
                + " closure_note = EXCLUDED.closure_note, declarant = EXCLUDED.declarant,"
                + " origin_country = EXCLUDED.origin_country, message_id = EXCLUDED.message_id"
                + " WHERE alert.revision < EXCLUDED.revision")) {
            for (PostMessage.Alert a : sorted) {
                ps.setString(1, a.alertId());
                ps.setString(2, a.postId());
                ps.setString(3, a.declarationId());
                ps.setInt(4, a.revision());
                ps.setString(5, a.state());
                ps.setString(6, a.lane());
                ps.setObject(7, time(a.raisedAt()));
                ps.setObject(8, time(a.updatedAt()));
                ps.setString(9, a.acknowledgedBy());
                ps.setObject(10, time(a.acknowledgedAt()));
                ps.setString(11, a.outcome());
                ps.setString(12, a.closedBy());
                ps.setObject(13, time(a.closedAt()));
                ps.setString(14, a.closureNote());
                ps.setString(15, a.verdict() == null ? null : a.verdict().declarant());
                ps.setString(16, a.verdict() == null ? null : a.verdict().originCountry());
                ps.setString(17, a.messageId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Findings and items of every verdict and alert revision, under the message that carried them. */
    private void details(Connection c, List<PostMessage.Verdict> verdicts, List<PostMessage.Alert> alerts)
            throws SQLException {
        record Carrier(String messageId, String postId, PostMessage.VerdictBody body) {
        }
        List<Carrier> carriers = new ArrayList<>();
        verdicts.forEach(v -> carriers.add(new Carrier(v.messageId(), v.postId(), v.body())));
        alerts.stream().filter(a -> a.verdict() != null)
                .forEach(a -> carriers.add(new Carrier(a.messageId(), a.postId(), a.verdict())));
        if (carriers.isEmpty()) {
            return;
        }
        try (PreparedStatement f = c.prepareStatement("INSERT INTO finding (message_id, idx, post_id, declaration_id,"
                + " code, item_id, severity, message, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
                + " ON CONFLICT DO NOTHING");
             PreparedStatement it = c.prepareStatement("INSERT INTO item (message_id, item_id, post_id, declaration_id,"
                     + " metal, hs_code, declared_grams, measured_grams, fineness_percent)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Carrier carrier : carriers) {
                List<PostMessage.Finding> findings = carrier.body().findings();
                for (int k = 0; k < findings.size(); k++) {
                    PostMessage.Finding x = findings.get(k);
                    f.setString(1, carrier.messageId());
                    f.setInt(2, k);
                    f.setString(3, carrier.postId());
                    f.setString(4, carrier.body().declarationId());
                    f.setString(5, x.code());
                    f.setString(6, x.itemId());
                    f.setString(7, x.severity());
                    f.setString(8, x.message());
                    f.setString(9, jsonText(x.evidence()));
                    f.addBatch();
                }
                for (PostMessage.Item x : carrier.body().items()) {
                    it.setString(1, carrier.messageId());
                    it.setString(2, x.itemId());
                    it.setString(3, carrier.postId());
                    it.setString(4, carrier.body().declarationId());
                    it.setString(5, x.metal());
                    it.setString(6, x.hsCode());
                    setDouble(it, 7, x.declaredGrams());
                    setDouble(it, 8, x.measuredGrams());
                    setDouble(it, 9, x.finenessPercent());
                    it.addBatch();
                }
            }
            f.executeBatch();
            it.executeBatch();
        }
    }

    private void devices(Connection c, List<PostMessage.DeviceStatus> statuses, List<PostMessage.Verdict> verdicts)
            throws SQLException {
        record Trust(String messageId, String postId, PostMessage.TrustObservation observation) {
        }
        List<Trust> trust = new ArrayList<>();
        for (PostMessage.DeviceStatus d : statuses) {
            if (d.trust() != null) {
                trust.add(new Trust(d.messageId(), d.postId(), d.trust()));
            }
        }
        for (PostMessage.Verdict v : verdicts) {
            v.body().untrustedDevices().forEach(o -> trust.add(new Trust(v.messageId(), v.postId(), o)));
        }
        if (!statuses.isEmpty()) {
            List<PostMessage.DeviceStatus> sorted = new ArrayList<>(statuses);
            sorted.sort(Comparator.comparing(PostMessage.DeviceStatus::postId)
                    .thenComparing(PostMessage.DeviceStatus::deviceId).thenComparing(PostMessage.DeviceStatus::at));
            try (PreparedStatement history = c.prepareStatement("INSERT INTO device_status (message_id, post_id, device_id,"
                    + " state, detail, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement latest = c.prepareStatement("INSERT INTO device (post_id, device_id, state, state_at)"
                         + " VALUES (?, ?, ?, ?) ON CONFLICT (post_id, device_id) DO UPDATE SET state = EXCLUDED.state,"
                         + " state_at = EXCLUDED.state_at"
                         + " WHERE device.state_at IS NULL OR device.state_at <= EXCLUDED.state_at")) {
                for (PostMessage.DeviceStatus d : sorted) {
                    history.setString(1, d.messageId());
                    history.setString(2, d.postId());
                    history.setString(3, d.deviceId());
                    history.setString(4, d.state());
                    history.setString(5, d.detail());
                    history.setObject(6, time(d.at()));
                    history.addBatch();
                    latest.setString(1, d.postId());
                    latest.setString(2, d.deviceId());
                    latest.setString(3, d.state());
                    latest.setObject(4, time(d.at()));
                    latest.addBatch();
                }
                history.executeBatch();
                latest.executeBatch();
            }
        }
        if (trust.isEmpty()) {
            return;
        }
        trust.sort(Comparator.comparing((Trust t) -> t.postId()).thenComparing(t -> t.observation().deviceId())
                .thenComparing(t -> t.observation().observedAt()));
        try (PreparedStatement history = c.prepareStatement("INSERT INTO device_trust (source_message_id, post_id,"
                + " device_id, trust, reason, next_due, observed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement latest = c.prepareStatement("INSERT INTO device (post_id, device_id, trust, trust_reason,"
                     + " trust_at, next_due) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (post_id, device_id) DO UPDATE SET"
                     + " trust = EXCLUDED.trust, trust_reason = EXCLUDED.trust_reason, trust_at = EXCLUDED.trust_at,"
                     + " next_due = EXCLUDED.next_due WHERE device.trust_at IS NULL OR device.trust_at <= EXCLUDED.trust_at")) {
            for (Trust t : trust) {
                PostMessage.TrustObservation o = t.observation();
                history.setString(1, t.messageId());
                history.setString(2, t.postId());
                history.setString(3, o.deviceId());
                history.setString(4, o.trust());
                history.setString(5, o.reason());
                history.setObject(6, time(o.nextDue()));
                history.setObject(7, time(o.observedAt()));
                history.addBatch();
                latest.setString(1, t.postId());
                latest.setString(2, o.deviceId());
                latest.setString(3, o.trust());
                latest.setString(4, o.reason());
                latest.setObject(5, time(o.observedAt()));
                latest.setObject(6, time(o.nextDue()));
                latest.addBatch();
            }
            history.executeBatch();
            latest.executeBatch();
        }
    }

    private void chainHead(Connection c, PostMessage.ChainHead head, Instant receivedAt) throws SQLException {
        ChainHeadCheck.StoredHead last = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT head_message_id, head_seq, head_hash, head_previous_seq,"
                + " head_previous_hash FROM post WHERE post_id = ? FOR UPDATE")) {
            ps.setString(1, head.postId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    long prevSeq = rs.getLong(4);
                    last = new ChainHeadCheck.StoredHead(rs.getString(1), rs.getLong(2), rs.getString(3),
                            rs.wasNull() ? null : prevSeq, rs.getString(5));
                }
            }
        }
        ChainHeadCheck.Result result = ChainHeadCheck.check(last, head, chainKeys.apply(head.postId()));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO chain_head (message_id, post_id, seq, hash, at,"
                + " previous_seq, previous_hash, anchor_seq, mac, verdict, mac_verified, received_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, head.messageId());
            ps.setString(2, head.postId());
            ps.setLong(3, head.seq());
            ps.setString(4, head.hash());
            ps.setObject(5, time(head.at()));
            setLong(ps, 6, head.previousSeq());
            ps.setString(7, head.previousHash());
            setLong(ps, 8, head.anchorSeq());
            ps.setString(9, head.mac());
            ps.setString(10, !result.ok() ? "BROKEN" : result.first() ? "FIRST" : "OK");
            ps.setBoolean(11, result.macVerified());
            ps.setObject(12, time(receivedAt));
            ps.executeUpdate();
        }
        if (!result.ok()) {
            log.warn("post {}: chain head {} does not extend the last one: {} ({})", head.postId(), head.messageId(),
                    result.problem(), result.detail());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chain_break (post_id, kind, detail, message_id,"
                    + " expected_seq, expected_hash, got_seq, got_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, head.postId());
                ps.setString(2, result.problem().name());
                ps.setString(3, result.detail());
                ps.setString(4, head.messageId());
                setLong(ps, 5, last == null ? null : last.seq());
                ps.setString(6, last == null ? null : last.hash());
                ps.setLong(7, head.seq());
                ps.setString(8, head.hash());
                ps.executeUpdate();
            }
        }
        // The new head becomes the reference either way: after a cut, later heads are checked against it.
        try (PreparedStatement ps = c.prepareStatement("UPDATE post SET head_message_id = ?, head_seq = ?, head_hash = ?,"
                + " head_previous_seq = ?, head_previous_hash = ?, head_at = ?, head_received_at = ?,"
                + " chain_broken = chain_broken OR ? WHERE post_id = ?")) {
            ps.setString(1, head.messageId());
            ps.setLong(2, head.seq());
            ps.setString(3, head.hash());
            setLong(ps, 4, head.previousSeq());
            ps.setString(5, head.previousHash());
            ps.setObject(6, time(head.at()));
            ps.setObject(7, time(receivedAt));
            ps.setBoolean(8, !result.ok());
            ps.setString(9, head.postId());
            ps.executeUpdate();
        }
    }

    private void reusedHeadId(Connection c, PostMessage.ChainHead head) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO chain_break (post_id, kind, detail, message_id,"
                + " got_seq, got_hash) VALUES (?, 'MESSAGE_ID_REUSED', ?, ?, ?, ?)")) {
            ps.setString(1, head.postId());
            ps.setString(2, "head message id " + head.messageId() + " came again with other content (seq "
                    + head.seq() + "): the post numbers its records again");
            ps.setString(3, head.messageId());
            ps.setLong(4, head.seq());
            ps.setString(5, head.hash());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE post SET chain_broken = true WHERE post_id = ?")) {
            ps.setString(1, head.postId());
            ps.executeUpdate();
        }
    }

    /** Presence is state: the post's row takes the latest, and a change is kept in the history. */
    private void presence(Connection c, String postId, String what, String state, Received r) throws SQLException {
        boolean agent = what.equals("agent");
        String current;
        try (PreparedStatement ps = c.prepareStatement("SELECT presence, bridge_connected FROM post WHERE post_id = ?"
                + " FOR UPDATE")) {
            ps.setString(1, postId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (agent) {
                    current = rs.getString(1);
                } else {
                    boolean b = rs.getBoolean(2);
                    current = rs.wasNull() ? null : b ? "connected" : "disconnected";
                }
            }
        }
        if (state.equals(current)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(agent
                ? "UPDATE post SET presence = ?, presence_changed_at = ? WHERE post_id = ?"
                : "UPDATE post SET bridge_connected = (? = 'connected'), bridge_changed_at = ? WHERE post_id = ?")) {
            ps.setString(1, state);
            ps.setObject(2, time(r.receivedAt()));
            ps.setString(3, postId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO presence_change (post_id, what, state, changed_at,"
                + " payload, instance_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, postId);
            ps.setString(2, what);
            ps.setString(3, state);
            ps.setObject(4, time(r.receivedAt()));
            ps.setString(5, new String(r.payload(), StandardCharsets.UTF_8));
            ps.setString(6, instanceId);
            ps.executeUpdate();
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null || value.isNaN() || value.isInfinite()) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    /** PostgreSQL's jsonb refuses the NUL character that JSON allows as {@code \u0000}; it is replaced. */
    private static String jsonText(JsonNode node) {
        return node.toString().replace("\\u0000", "\\ufffd");
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
