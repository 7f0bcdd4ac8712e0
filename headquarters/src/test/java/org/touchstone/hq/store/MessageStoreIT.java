package org.touchstone.hq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.journal.PendingMessage;
import org.touchstone.hq.TestDatabase;
import org.touchstone.hq.chain.ChainHeadCheck;
import org.touchstone.hq.ingest.PostMessage;
import org.touchstone.hq.ingest.PostMessageReader;
import org.touchstone.hq.ingest.Received;
import org.touchstone.hq.ingest.Received.Outcome;
import org.touchstone.hq.load.SimulatedPost;

/** The store against the real PostgreSQL, in a database of its own. */
class MessageStoreIT {

    private static TestDatabase db;
    private static Database database;
    private static final PostMessageReader reader = new PostMessageReader("touchstone");
    private static final byte[] KEY = "post-k checkpoint key\n".getBytes(StandardCharsets.UTF_8);
    private MessageStore store;

    @BeforeAll
    static void open() throws SQLException {
        db = TestDatabase.create();
        database = Database.open(db.config(), "hq-test");
    }

    @AfterAll
    static void drop() throws SQLException {
        if (database != null) {
            database.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void clean() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE post, message, message_conflict, rejected_message, inspection, finding, item, alert,"
                    + " device_status, device_trust, device, presence_change, chain_head, chain_break, risk_profile");
        }
        store = new MessageStore(database.dataSource(), "hq-test", post -> post.equals("post-k") ? KEY : null);
    }

    private static Received received(PendingMessage m) {
        return Received.read(reader, m.topic(), m.payload(), Instant.now());
    }

    private static Received received(String topic, String payload) {
        return Received.read(reader, topic, payload.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    @Test
    void everyMessageIsStoredOnce_andARepeatedBatchChangesNothing() throws Exception {
        SimulatedPost post = new SimulatedPost("touchstone", "post-a", 7);
        List<Received> batch = new ArrayList<>();
        Instant t = Instant.parse("2026-03-02T10:00:00Z");
        for (int i = 0; i < 60; i++) {
            post.inspection(t.plusSeconds(3600L * i)).forEach(m -> batch.add(received(m)));
        }
        batch.add(received(post.deviceStatus("scale-1", "DISCONNECTED", t)));
        List<Outcome> first = store.store(batch);
        assertTrue(first.stream().allMatch(o -> o == Outcome.STORED), "all new: " + first);
        Map<String, Long> before = counts();

        List<Outcome> again = store.store(batch);
        assertTrue(again.stream().allMatch(o -> o == Outcome.DUPLICATE), "all repeats: " + again);
        assertEquals(before, counts(), "a repeated batch adds no row anywhere");
        assertEquals(batch.size(), before.get("message"));
        long alerting = post.decisions().stream().filter(d -> d.outcome() != null).count();
        assertEquals(60, before.get("inspection"));
        assertEquals(alerting, before.get("alert"));
        assertEquals(alerting, scalar("SELECT count(*) FROM alert WHERE state = 'CLOSED' AND outcome IS NOT NULL"));
        assertEquals(1, before.get("device_status"));
    }

    @Test
    void revisionsArrivingOutOfOrder_endAtTheHighest() throws Exception {
        SimulatedPost post = new SimulatedPost("touchstone", "post-b", 11);
        List<PendingMessage> messages;
        do {
            messages = post.inspection(Instant.parse("2026-04-01T08:00:00Z"));
        } while (messages.size() < 5);
        List<Received> reversed = new ArrayList<>(messages.stream().map(MessageStoreIT::received).toList());
        Collections.reverse(reversed);
        for (Received r : reversed) {
            store.store(List.of(r));
        }
        SimulatedPost.Decision d = post.decisions().get(post.decisions().size() - 1);
        assertEquals("CLOSED/" + d.outcome() + "/3", text("SELECT state || '/' || outcome || '/' || revision FROM alert"));
        assertEquals(d.lane().name() + "/2/true", text("SELECT lane || '/' || revision || '/' || complete FROM inspection"));
    }

    @Test
    void aRepeatWithOtherBytes_isSetAside_andAnUnreadableMessageIsKeptWithItsReason() throws Exception {
        String topic = "touchstone/post-c/devices/scale-1/status";
        String one = "{\"messageId\":\"post-c:device:scale-1:1\",\"postId\":\"post-c\",\"deviceId\":\"scale-1\","
                + "\"state\":\"CONNECTED\",\"detail\":\"\",\"at\":\"2026-05-01T10:00:00Z\"}";
        String other = one.replace("CONNECTED", "FAULTY");
        String bad = "{\"messageId\":\"post-c:device:scale-1:2\",\"deviceId\":\"scale-1\",\"state\":7,\"at\":\"yesterday\"}";
        List<Outcome> outcomes = store.store(List.of(received(topic, one), received(topic, other), received(topic, bad)));
        assertEquals(List.of(Outcome.STORED, Outcome.CONFLICT, Outcome.REJECTED), outcomes);
        assertEquals("CONNECTED", text("SELECT state FROM device"));
        assertEquals(1, scalar("SELECT count(*) FROM message_conflict WHERE message_id = 'post-c:device:scale-1:1'"));
        String reason = text("SELECT reason FROM rejected_message");
        assertTrue(reason.contains("state: must be text") && reason.contains("at: 'yesterday' is not an ISO-8601"),
                reason);
    }

    @Test
    void twoInstancesStoringTheSameMessagesAtOnce_storeEachOnce() throws Exception {
        List<Received> all = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            SimulatedPost post = new SimulatedPost("touchstone", "post-" + p, p);
            for (int i = 0; i < 40; i++) {
                post.inspection(Instant.parse("2026-06-01T00:00:00Z").plusSeconds(60L * i)).forEach(m -> all.add(received(m)));
            }
        }
        MessageStore other = new MessageStore(database.dataSource(), "hq-other", post -> null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<Outcome>>> futures = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            List<Received> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(round));
            MessageStore s = round % 2 == 0 ? store : other;
            futures.add(pool.submit(() -> {
                List<Outcome> outcomes = new ArrayList<>();
                for (int i = 0; i < shuffled.size(); i += 100) {
                    outcomes.addAll(s.store(shuffled.subList(i, Math.min(shuffled.size(), i + 100))));
                }
                return outcomes;
            }));
        }
        long storedOnce = 0;
        for (Future<List<Outcome>> f : futures) {
            storedOnce += f.get().stream().filter(o -> o == Outcome.STORED).count();
        }
        pool.shutdown();
        assertEquals(all.size(), storedOnce, "across the four concurrent writers, each message was new exactly once");
        assertEquals(all.size(), scalar("SELECT count(*) FROM message"));
        assertEquals(240, scalar("SELECT count(*) FROM inspection"));
        assertEquals(0, scalar("SELECT count(*) FROM inspection WHERE revision <> 2"));
    }

    @Test
    void chainHeadsThatExtendPass_andACutOrRewrittenChainIsFlagged() throws Exception {
        store.store(List.of(head("post-h", "h1", 10, hash(10), null, null),
                head("post-h", "h2", 25, hash(25), 10L, hash(10)),
                head("post-h", "h3", 25, hash(25), 25L, hash(25))));
        assertFalse(bool("SELECT chain_broken FROM post WHERE post_id = 'post-h'"));
        assertEquals("FIRST,OK,OK", text("SELECT string_agg(verdict, ',' ORDER BY received_at, message_id) FROM chain_head"));

        // The journal was cut back to record 18 and published a head from there.
        store.store(List.of(head("post-h", "h4", 18, hash(18), 10L, hash(10))));
        assertTrue(bool("SELECT chain_broken FROM post WHERE post_id = 'post-h'"));
        assertEquals("SEQ_BACKWARDS", text("SELECT kind FROM chain_break"));
        // Later heads extending the new one are fine, and the post stays flagged.
        store.store(List.of(head("post-h", "h5", 30, hash(30), 18L, hash(18))));
        assertEquals(1, scalar("SELECT count(*) FROM chain_break"));
        assertTrue(bool("SELECT chain_broken FROM post WHERE post_id = 'post-h'"));

        store.store(List.of(head("post-r", "r1", 5, hash(5), null, null), head("post-r", "r2", 5, hash(6), 5L, hash(5)),
                head("post-r", "r3", 9, hash(9), 7L, hash(7))));
        assertEquals("REWRITTEN,NOT_EXTENDING",
                text("SELECT string_agg(kind, ',' ORDER BY id) FROM chain_break WHERE post_id = 'post-r'"));
    }

    @Test
    void withThePostsKey_aHeadWithoutOrWithAWrongMacIsFlagged() throws Exception {
        Received good = signed("post-k", "k1", 3, hash(3), null, null, KEY);
        Received forged = signed("post-k", "k2", 8, hash(8), 3L, hash(3), "another key".getBytes(StandardCharsets.UTF_8));
        Received unsigned = head("post-k", "k3", 9, hash(9), 8L, hash(8));
        store.store(List.of(good, forged, unsigned));
        assertEquals("BAD_MAC,BAD_MAC", text("SELECT string_agg(kind, ',' ORDER BY id) FROM chain_break"));
        assertTrue(bool("SELECT mac_verified FROM chain_head WHERE message_id = 'k1'"));
    }

    @Test
    void presenceKeepsTheLatestState_andItsChanges() throws Exception {
        store.store(List.of(received("touchstone/post-p/status", "{\"state\":\"online\",\"postId\":\"post-p\"}"),
                received("touchstone/post-p/status", "{\"state\":\"online\",\"postId\":\"post-p\"}"),
                received("touchstone/post-p/bridge/state", "1")));
        store.store(List.of(received("touchstone/post-p/status", "{\"state\":\"offline\",\"postId\":\"post-p\"}"),
                received("touchstone/post-p/bridge/state", "0")));
        assertEquals("offline/false", text("SELECT presence || '/' || bridge_connected FROM post"));
        assertEquals("agent:online,bridge:connected,agent:offline,bridge:disconnected",
                text("SELECT string_agg(what || ':' || state, ',' ORDER BY id) FROM presence_change"));
    }

    static String hash(long seq) {
        return MessageStore.sha256(("record " + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static Received head(String post, String id, long seq, String hash, Long prevSeq, String prevHash) {
        return received("touchstone/" + post + "/chain/head", headJson(post, id, seq, hash, prevSeq, prevHash, null));
    }

    private static Received signed(String post, String id, long seq, String hash, Long prevSeq, String prevHash,
                                   byte[] key) {
        PostMessage.ChainHead h = new PostMessage.ChainHead(null, null, id, post, seq, hash, null, prevSeq, prevHash,
                null, null);
        return received("touchstone/" + post + "/chain/head", headJson(post, id, seq, hash, prevSeq, prevHash,
                ChainHeadCheck.mac(key, h)));
    }

    static String headJson(String post, String id, long seq, String hash, Long prevSeq, String prevHash, String mac) {
        return "{\"messageId\":\"" + id + "\",\"postId\":\"" + post + "\",\"seq\":" + seq + ",\"hash\":\"" + hash
                + "\",\"at\":\"2026-06-01T00:00:00Z\",\"previousSeq\":" + prevSeq + ",\"previousHash\":"
                + (prevHash == null ? "null" : "\"" + prevHash + "\"") + ",\"anchorSeq\":1,\"mac\":"
                + (mac == null ? "null" : "\"" + mac + "\"") + "}";
    }

    private Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String table : List.of("message", "inspection", "finding", "item", "alert", "device_status", "device",
                "device_trust", "message_conflict")) {
            counts.put(table, scalar("SELECT count(*) FROM " + table));
        }
        return counts;
    }

    private static long scalar(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean bool(String sql) throws SQLException {
        return Boolean.parseBoolean(text(sql)) || "t".equals(text(sql));
    }

}
