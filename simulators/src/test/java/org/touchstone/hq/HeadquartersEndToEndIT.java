package org.touchstone.hq;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.hq.stats.NationalStatistics;
import org.touchstone.hq.stats.Table;
import org.touchstone.sim.broker.ExternalTools;
import org.touchstone.sim.broker.MosquittoProcess;

/**
 * Headquarters end to end, on real parts: a central Mosquitto, two post brokers bridged to it (Mosquitto bridges,
 * persistent, with bridge notifications), two posts and two {@code touchstone hq run} instances as separate
 * processes, and the real PostgreSQL (a database of this test's own).
 *
 * <p>The posts are {@link ReplayPost}s: recorded agent traffic sent through the agent's own journal outbox and
 * publisher, not whole agents with instruments. While they publish, post A is killed (SIGKILL) and restarted, one
 * hq instance is killed (SIGKILL) and restarted later, and the central broker is restarted. At the end every
 * message of both posts' outboxes is in the database exactly once, nothing else is, and the statistics equal what
 * the posts decided (their journals). Then post B's journal is cut back and the post restarted: headquarters flags
 * its chain, and only its chain.
 */
class HeadquartersEndToEndIT {

    private static final Duration LONG = Duration.ofMinutes(4);
    private static final int INSPECTIONS = 120;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> processes = new ArrayList<>();
    private final List<MosquittoProcess> brokers = new ArrayList<>();
    private TestDatabase db;

    @TempDir
    Path dir;

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (MosquittoProcess b : brokers) {
            b.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void twoPostsTwoInstances_killsAndARestartedBroker_everyMessageOnce_statisticsAsDecided_cutChainFlagged()
            throws Exception {
        ExternalTools.require("mosquitto");
        db = TestDatabase.create();
        // Debug logs name every PUBLISH and PUBACK with its topic: a timeout quotes them for each missing message.
        MosquittoProcess central = broker("central", "max_inflight_messages 200\nlog_type debug\n");
        MosquittoProcess postA = broker("post-a", bridge("post-a", central.port()) + "log_type debug\n");
        MosquittoProcess postB = broker("post-b", bridge("post-b", central.port()) + "log_type debug\n");

        Process hq1 = hq("hq-1", central.port());
        Process hq2 = hq("hq-2", central.port());
        awaitLine("hq-1.out", "touchstone hq: subscribed", hq1);
        awaitLine("hq-2.out", "touchstone hq: subscribed", hq2);
        // How the instances read follows the broker: Mosquitto's shared subscriptions lose messages of persistent
        // sessions at reconnects and restarts, so there each instance reads every message (BrokerVersion).
        String version = central.log().lines().filter(l -> l.contains("mosquitto version")).findFirst().orElse("");
        boolean flawed = new org.touchstone.hq.ingest.BrokerVersion(version).losesSharedMessages();
        for (String f : List.of("hq-1.out", "hq-2.out")) {
            String subscribed = read(f).lines().filter(l -> l.startsWith("touchstone hq: subscribed")).findFirst()
                    .orElseThrow();
            assertTrue(subscribed.contains(flawed ? "reads every message" : "sharing in group hq"), subscribed);
            System.out.println("HQ-E2E: " + at() + f + ": " + subscribed);
        }

        Process a = post("post-a", postA.url(), 1);
        Process b = post("post-b", postB.url(), 2);

        awaitPhase("60 of post-a's messages stored",
                () -> count("SELECT count(*) FROM message WHERE post_id = 'post-a'") >= 60);
        a.destroyForcibly();
        assertTrue(a.waitFor(30, TimeUnit.SECONDS));
        System.out.println("HQ-E2E: " + at() + "post-a killed with SIGKILL; "
                + count("SELECT count(*) FROM message") + " message(s) stored so far");
        a = post("post-a", postA.url(), 1);

        awaitPhase("250 messages stored", () -> count("SELECT count(*) FROM message") >= 250);
        hq2.destroyForcibly();
        assertTrue(hq2.waitFor(30, TimeUnit.SECONDS));
        System.out.println("HQ-E2E: " + at() + "hq-2 killed with SIGKILL at " + count("SELECT count(*) FROM message") + " stored");

        // Progress while hq-2 is down is measured at the posts: where the instances share (not on Mosquitto), the
        // group hands hq-2 about half of the new messages, which wait in its session, and the database only has to
        // show that hq-1 carries on.
        long sentAtKill = sent();
        long storedAtKill = count("SELECT count(*) FROM message");
        awaitPhase("100 more messages sent by the posts and 20 more stored after hq-2's kill",
                () -> (sent() >= sentAtKill + 100 || postsDone())
                        && count("SELECT count(*) FROM message") >= storedAtKill + 20);
        central.restart();
        System.out.println("HQ-E2E: " + at() + "central broker restarted at " + count("SELECT count(*) FROM message")
                + " stored, " + sent() + " sent");

        long sentAtRestart = sent();
        long storedAtRestart = count("SELECT count(*) FROM message");
        awaitPhase("80 more messages sent by the posts and 20 more stored after the broker's restart",
                () -> (sent() >= sentAtRestart + 80 || postsDone())
                        && count("SELECT count(*) FROM message") >= storedAtRestart + 20);
        hq2 = hq("hq-2", central.port());
        // hq-2.out holds both runs: the second run's line is the second one.
        awaitLine("hq-2.out", "touchstone hq: subscribed", hq2, 2);

        awaitLine("post-a.out", "DONE post-a", a);
        awaitLine("post-b.out", "DONE post-b", b);
        TreeSet<String> expected = new TreeSet<>(outboxIds("post-a"));
        expected.addAll(outboxIds("post-b"));
        awaitPhase("every outbox message stored", () -> count("SELECT count(*) FROM message") >= expected.size());

        // Every message of both outboxes once, and nothing else.
        TreeSet<String> stored = new TreeSet<>(strings("SELECT message_id FROM message"));
        assertEquals(expected, stored, "the database holds exactly the posts' outbox messages");
        assertEquals(0, count("SELECT count(*) FROM message_conflict"));
        assertEquals(0, count("SELECT count(*) FROM rejected_message"));

        // Statistics equal to what the posts decided, read from their journals.
        NationalStatistics stats = new NationalStatistics(dataSource());
        Map<String, Long> seizuresByPost = new TreeMap<>();
        Map<String, Long> seizuresByCode = new TreeMap<>();
        Map<String, Long> lanes = new TreeMap<>();
        for (String post : List.of("post-a", "post-b")) {
            for (JsonNode d : decisions(post)) {
                lanes.merge(post + "/" + d.get("lane").asText(), 1L, Long::sum);
                if (d.get("outcome").asText().equals("SEIZED")) {
                    seizuresByPost.merge(post, 1L, Long::sum);
                    d.get("findings").forEach(f -> seizuresByCode.merge(f.asText(), 1L, Long::sum));
                }
            }
        }
        Instant from = Instant.EPOCH;
        Instant to = Instant.parse("2100-01-01T00:00:00Z");
        assertEquals(seizuresByPost, counts(stats.seizuresBy(List.of(NationalStatistics.Dimension.POST), from, to)));
        assertEquals(seizuresByCode, counts(stats.seizuresBy(List.of(NationalStatistics.Dimension.TYPOLOGY), from, to)));
        Map<String, Long> storedLanes = new TreeMap<>();
        for (String row : strings("SELECT post_id || '/' || lane FROM inspection")) {
            storedLanes.merge(row, 1L, Long::sum);
        }
        assertEquals(lanes, storedLanes);
        assertEquals(2 * INSPECTIONS, count("SELECT count(*) FROM inspection"));
        assertEquals(0, count("SELECT count(*) FROM chain_break"), "chains intact through kills and restarts");
        // Every head post-a journaled was checked: its first as FIRST, each later one as extending the one before.
        // (How many there are depends on where the kill fell: a head due just after it is never made.)
        long heads;
        try (Connection c = journal("post-a"); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM journal WHERE type = ?")) {
            ps.setString(1, RecordType.CHAIN_HEAD.storedName());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                heads = rs.getLong(1);
            }
        }
        assertTrue(heads >= 11, "post-a journaled " + heads + " heads");
        assertEquals(1, count("SELECT count(*) FROM chain_head WHERE post_id = 'post-a' AND verdict = 'FIRST'"));
        assertEquals(heads - 1, count("SELECT count(*) FROM chain_head WHERE post_id = 'post-a' AND verdict = 'OK'"));
        Table posts = stats.posts(Duration.ofMinutes(5), Instant.now());
        assertEquals(List.of("online", "online"), posts.column("presence"));
        assertEquals(List.of("connected", "connected"), posts.column("bridge"));
        System.out.println("HQ-E2E: " + at() + stored.size() + " messages stored once; " + tailLine("hq-1.out") + " | "
                + tailLine("hq-2.out"));

        // Post B's journal is cut back by 40 records (as a restored old copy would be) and the post restarted.
        b.destroyForcibly();
        assertTrue(b.waitFor(30, TimeUnit.SECONDS));
        cutJournal("post-b", 40);
        b = post("post-b", postB.url(), 2);
        awaitPhase("post-b's cut chain flagged",
                () -> count("SELECT count(*) FROM chain_break WHERE post_id = 'post-b'") > 0);
        assertEquals(List.of("post-b"), strings("SELECT post_id FROM post WHERE chain_broken"));
        // With message ids made from journal sequence numbers (contract 3), the restored post numbers its records
        // again, so its first new head reuses the id of a message it sent before the cut: that is flagged as
        // MESSAGE_ID_REUSED before the head's sequence is compared (SEQ_BACKWARDS).
        List<String> kinds = strings("SELECT kind FROM chain_break");
        assertTrue(kinds.contains("SEQ_BACKWARDS") || kinds.contains("MESSAGE_ID_REUSED"),
                strings("SELECT kind || ': ' || detail FROM chain_break").toString());
        assertFalse(strings("SELECT post_id FROM chain_break").contains("post-a"));
        System.out.println("HQ-E2E: " + at() + strings("SELECT post_id || ' ' || kind || ': ' || detail FROM chain_break"));
    }

    // ---- parts ---------------------------------------------------------------------------------------------------

    private MosquittoProcess broker(String name, String configuration) throws Exception {
        MosquittoProcess b = MosquittoProcess.in(dir.resolve(name)).persistence().configuration(configuration).start();
        brokers.add(b);
        return b;
    }

    /** A post broker's bridge to the central one, as in config/mosquitto/post-bridge.conf (without TLS). */
    private static String bridge(String post, int centralPort) {
        return """
                connection %1$s-to-central
                address 127.0.0.1:%2$d
                bridge_protocol_version mqttv311
                cleansession false
                remote_clientid bridge-%1$s
                local_clientid bridge-%1$s-local
                try_private true
                notifications true
                notification_topic touchstone/%1$s/bridge/state
                restart_timeout 1 3
                keepalive_interval 10
                topic touchstone/%1$s/inspections/+/verdict out 1
                topic touchstone/%1$s/alerts out 1
                topic touchstone/%1$s/devices/+/status out 1
                topic touchstone/%1$s/chain/head out 1
                topic touchstone/%1$s/status out 1
                topic touchstone/hq/# in 1
                """.formatted(post, centralPort);
    }

    private final long started = System.nanoTime();

    private String at() {
        return String.format(java.util.Locale.ROOT, "[%.1f s] ", (System.nanoTime() - started) / 1e9);
    }

    private Process hq(String instance, int port) throws Exception {
        Path config = dir.resolve(instance + ".yaml");
        Files.writeString(config, """
                instanceId: %s
                broker: {url: "tcp://127.0.0.1:%d"}
                shareGroup: hq
                database: {url: "%s", user: "%s"%s, poolSize: 3}
                ingest: {maxBatch: 200}
                """.formatted(instance, port, db.url(), TestDatabase.USER,
                TestDatabase.PASSWORD == null ? "" : ", password: \"" + TestDatabase.PASSWORD + "\""));
        return java(instance, "org.touchstone.agent.cli.TouchstoneCli", "hq", "run", "--config", config.toString(),
                "--report-every", "2");
    }

    private Process post(String post, String url, long seed) throws Exception {
        return java(post, ReplayPost.class.getName(), post, url, dir.resolve(post + "-data").toString(),
                Integer.toString(INSPECTIONS), Long.toString(seed), "15");
    }

    private Process java(String name, String... args) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        Files.createDirectories(dir.resolve("logs-" + name));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile()));
        pb.environment().put("TOUCHSTONE_LOG_DIR", dir.resolve("logs-" + name).toString());
        Process p = pb.start();
        processes.add(p);
        System.out.println("HQ-E2E: " + at() + name + " started, pid " + p.pid());
        return p;
    }

    private void awaitLine(String file, String line, Process p) {
        awaitLine(file, line, p, 1);
    }

    private void awaitLine(String file, String line, Process p, int occurrence) {
        await().atMost(LONG).until(() -> {
            String text = read(file);
            assertTrue(p.isAlive(), () -> file + ": the process exited with " + p.exitValue() + ":\n" + text);
            return text.split(java.util.regex.Pattern.quote(line), -1).length - 1 >= occurrence;
        });
    }

    private String read(String file) throws java.io.IOException {
        Path f = dir.resolve(file);
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private String tailLine(String file) throws Exception {
        String[] lines = read(file).split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].contains("stored=")) {
                return lines[i];
            }
        }
        return "";
    }

    private Connection journal(String post) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(post + "-data/journal.db"));
    }

    private List<String> outboxIds(String post) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = journal(post); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT message_id, sent_at FROM outbox")) {
            while (rs.next()) {
                assertTrue(rs.getString(2) != null, post + ": message " + rs.getString(1) + " still unsent");
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Outbox messages both posts have had acknowledged by their brokers. */
    private long sent() throws Exception {
        long n = 0;
        for (String post : List.of("post-a", "post-b")) {
            try (Connection c = journal(post); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

    private boolean postsDone() throws Exception {
        return read("post-a.out").contains("DONE post-a") && read("post-b.out").contains("DONE post-b");
    }

    /**
     * What the post decided for each inspection, from its journal: one verdict record per inspection (lane,
     * findings), and the closing alert among the messages committed with it (outcome).
     */
    private List<JsonNode> decisions(String post) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = journal(post); PreparedStatement s = c.prepareStatement(
                "SELECT seq, data FROM journal WHERE type = ? ORDER BY seq");
             PreparedStatement alerts = c.prepareStatement(
                     "SELECT payload FROM outbox WHERE journal_seq = ? AND topic LIKE '%/alerts' ORDER BY id")) {
            s.setString(1, RecordType.VERDICT.storedName());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    JsonNode verdict = json.readTree(rs.getString(2)).path("verdict");
                    com.fasterxml.jackson.databind.node.ObjectNode d = json.createObjectNode();
                    d.put("lane", verdict.path("lane").asText());
                    d.put("outcome", "");
                    com.fasterxml.jackson.databind.node.ArrayNode codes = d.putArray("findings");
                    verdict.path("findings").forEach(f -> codes.add(f.path("code").asText()));
                    alerts.setLong(1, rs.getLong(1));
                    try (ResultSet a = alerts.executeQuery()) {
                        while (a.next()) {
                            JsonNode alert = json.readTree(a.getBytes(1));
                            if (alert.hasNonNull("closure")) {
                                d.put("outcome", alert.path("closure").path("outcome").asText());
                            }
                        }
                    }
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** Removes the journal's last records and their outbox rows, as a journal restored from an older copy. */
    private void cutJournal(String post, int records) throws Exception {
        try (Connection c = journal(post); Statement s = c.createStatement()) {
            long last;
            try (ResultSet rs = s.executeQuery("SELECT max(seq) FROM journal")) {
                rs.next();
                last = rs.getLong(1);
            }
            s.executeUpdate("DELETE FROM outbox WHERE journal_seq > " + (last - records));
            s.executeUpdate("DELETE FROM journal WHERE seq > " + (last - records));
        }
    }

    private javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(TestDatabase.USER);
        if (TestDatabase.PASSWORD != null) {
            ds.setPassword(TestDatabase.PASSWORD);
        }
        return ds;
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            // Before the first instance has migrated the schema there is no table yet.
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    private List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * Waits for a phase of the scenario; on a timeout, fails with what is missing: the messages the posts' brokers
     * acknowledged and the database does not hold, each with its topic and what the brokers logged about it, and
     * the instances' last lines.
     */
    private void awaitPhase(String phase, java.util.concurrent.Callable<Boolean> done) throws Exception {
        try {
            await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(done);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not within " + LONG.toMinutes() + " min: " + phase + "\n" + missingReport(), e);
        }
    }

    private String missingReport() throws Exception {
        Map<String, String> sentTopics = new TreeMap<>();
        StringBuilder r = new StringBuilder();
        for (String post : List.of("post-a", "post-b")) {
            if (!Files.exists(dir.resolve(post + "-data/journal.db"))) {
                continue;
            }
            try (Connection c = journal(post); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT message_id, topic, sent_at FROM outbox")) {
                int unsent = 0;
                while (rs.next()) {
                    if (rs.getString(3) == null) {
                        unsent++;
                    } else {
                        sentTopics.put(rs.getString(1), rs.getString(2));
                    }
                }
                r.append(post).append(": ").append(unsent).append(" outbox message(s) not yet acknowledged by its broker\n");
            }
        }
        TreeSet<String> missing = new TreeSet<>(sentTopics.keySet());
        missing.removeAll(strings("SELECT message_id FROM message"));
        r.append(missing.size()).append(" of the ").append(sentTopics.size())
                .append(" messages the posts' brokers acknowledged are not in the database: ").append(missing).append('\n');
        Map<String, String[]> logs = new TreeMap<>();
        for (String b : List.of("central", "post-a", "post-b")) {
            logs.put(b, brokers.stream().filter(m -> m.log().contains(dir.resolve(b).toString())).findFirst()
                    .map(MosquittoProcess::log).orElse("").split("\n"));
        }
        int shown = 0;
        for (String id : missing) {
            if (shown++ == 10) {
                r.append("(the others alike)\n");
                break;
            }
            String topic = sentTopics.get(id);
            r.append("- ").append(id).append(" on ").append(topic).append('\n');
            logs.forEach((broker, lines) -> {
                List<String> about = java.util.Arrays.stream(lines).filter(l -> l.contains("'" + topic + "'")).toList();
                r.append("    ").append(broker).append(": ").append(about.size()).append(" line(s) name its topic")
                        .append(about.isEmpty() ? "" : ", the last: " + about.subList(Math.max(0, about.size() - 6),
                                about.size())).append('\n');
            });
        }
        for (String f : List.of("hq-1.out", "hq-2.out", "post-a.out", "post-b.out")) {
            List<String> lines = read(f).lines().toList();
            r.append(f).append(", last lines:\n");
            lines.subList(Math.max(0, lines.size() - 12), lines.size()).forEach(l -> r.append("    ").append(l).append('\n'));
        }
        logs.forEach((broker, lines) -> {
            r.append(broker).append(" broker, warnings and connections:\n");
            java.util.Arrays.stream(lines).filter(l -> l.matches(".*(dropped|Error|error|Warning: (?!Mosquitto should)"
                    + "|disconnected|closed its connection|New client|New bridge|terminating).*"))
                    .skip(0).limit(40).forEach(l -> r.append("    ").append(l).append('\n'));
        });
        return r.toString();
    }

    private static Map<String, Long> counts(Table t) {
        Map<String, Long> m = new TreeMap<>();
        for (List<Object> row : t.rows()) {
            m.put(String.valueOf(row.get(0)), ((Number) row.get(row.size() - 1)).longValue());
        }
        return m;
    }
}
