package org.touchstone.chaos;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;
import org.touchstone.agent.journal.CrashPoint;
import org.touchstone.agent.journal.JournalVerifier;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.drivers.protocol.xrfjson.XrfJsonCodec;
import org.touchstone.sim.broker.ExternalTools;
import org.touchstone.sim.broker.MosquittoProcess;
import org.touchstone.sim.xrf.SimulatedXrfAnalyzer;
import org.touchstone.sim.xrf.XrfSample;

/**
 * Issue 12's proof that inputs survive: the agent runs as its own process ({@code touchstone run}) on a real
 * Mosquitto with persistence, and every input (declarations, XRF results, the select and close commands) is
 * published exactly once, QoS 1, acknowledged by the broker. Nothing is republished: what the agent did not journal
 * before a kill must come back from its persistent session.
 *
 * <p>{@link #twentyKillsAndBrokerStops_loseNoInputAndNoOutput_andDecideEachInputOnce}: 20 SIGKILLs at random
 * moments (seeded) and two broker stops (one under a running agent, one while it is dead), then counts: inputs lost
 * (each must have exactly one effect in the journal), inputs decided twice (a second declaration, shot, select or
 * close would show as an extra record or a refusal), outputs lost (outbox rows headquarters never got), repeats by
 * message id, and repeats with other bytes (must be 0).
 *
 * <p>{@link #aHaltAtEveryCommitPoint_endsWithTheVerdictAndAlertTheEvidenceDecides}: one inspection, its agent halted
 * ({@link CrashPoint}, {@code Runtime.halt}) right after each journal commit of the decision in turn, and right after
 * each record inside its first transactions (before their commit); after a restart headquarters' last verdict and alert must equal those of a run
 * without a crash (same inputs: same evidence), each input decided once.
 */
class DurableInputsChaosIT {

    private static final Duration LONG = Duration.ofSeconds(90);
    /** What the agent logs (WARN) when it recognises an input it journaled before. */
    private static final String REDELIVERY = "was journaled before (a redelivery)";
    /** Declared 999.9 fine gold, shot as 99.99 % gold: the XRF agrees; closing without weighing is the finding. */
    private static final Map<String, Double> FINE = Map.of("Au", 99.99, "Ag", 0.01);

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.mapper();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Process> agents = new ArrayList<>();
    private final XrfJsonCodec codec = new XrfJsonCodec();
    private final SimulatedXrfAnalyzer analyzer = new SimulatedXrfAnalyzer("xrf-1", new Random(12), Clock.systemUTC());
    private MosquittoProcess broker;
    private MqttAsyncClient headquarters;
    private MqttAsyncClient sender;
    private int publishes;
    private Post lastPost;

    private record Received(String topic, String messageId, byte[] payload) {
    }

    /** One input, published once. */
    private record Input(String topic, byte[] payload) {
    }

    /** One post: its id, configuration, journal. */
    private final class Post {
        final String id;
        final Topics topics;
        final Path config;
        final JournalProbe journal;
        /** Whether its agent commits every decision alone (no group commit): the halt test's posts. */
        final boolean commitsAlone;
        Process agent;

        Post(String id) throws Exception {
            this(id, false);
        }

        Post(String id, boolean commitsAlone) throws Exception {
            this.commitsAlone = commitsAlone;
            lastPost = this;
            this.id = id;
            this.topics = new Topics("touchstone", id);
            this.config = dir.resolve(id + ".yaml");
            Files.writeString(config, """
                    post:
                      id: %s
                    mqtt:
                      url: %s
                    xrfAnalyzers:
                      - id: xrf-1
                    dataDirectory: %s
                    """.formatted(id, broker.url(), "data-" + id));
            this.journal = new JournalProbe(dir.resolve("data-" + id + "/journal.db"));
        }
    }

    @BeforeEach
    void startBroker() throws Exception {
        ExternalTools.require("mosquitto");
        broker = MosquittoProcess.in(dir.resolve("broker")).persistence().configuration("log_type subscribe").start();
        headquarters = client("chaos-hq");
        headquarters.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                byte[] payload = message.getPayload();
                received.add(new Received(topic, json.readTree(payload).path("messageId").asText(), payload));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        connect(headquarters);
        headquarters.subscribe(new String[] {"touchstone/+/alerts", "touchstone/+/inspections/+/verdict"}, new int[] {1, 1})
                .waitForCompletion(30_000);
        sender = client("chaos-sender");
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(10_000);
        sender.setBufferOpts(buffer);
        connect(sender);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : agents) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        quietly(() -> headquarters.disconnectForcibly(1000));
        quietly(() -> headquarters.close(true));
        quietly(() -> sender.disconnectForcibly(1000));
        quietly(() -> sender.close(true));
        quietly(() -> broker.close());
    }

    // ---- 20 kills and broker stops ------------------------------------------------------------------------------

    @Test
    void twentyKillsAndBrokerStops_loseNoInputAndNoOutput_andDecideEachInputOnce() throws Exception {
        Post post = new Post("chaos-inputs");
        try {
            killsAndStops(post);
        } catch (Throwable t) {
            diagnostics(post);
            throw t;
        }
    }

    private void killsAndStops(Post post) throws Exception {
        Random chaos = new Random(20);
        int kills = 20;
        int perCycle = 2;
        int declarations = kills * perCycle + 2;
        List<Input> inputs = new ArrayList<>();
        for (int d = 0; d < declarations; d++) {
            inputs.addAll(inspection(post, "IN-%03d".formatted(d)));
        }
        int perDeclaration = inputs.size() / declarations;

        int starts = 1;
        startAgent(post, null);
        awaitSubscribed(post);
        int next = 0;
        for (int cycle = 0; cycle < kills; cycle++) {
            if (cycle > 0) {
                startAgent(post, null);
                starts++;
            }
            // Published while the agent starts; once it has started it takes them from its session, and the kill
            // falls somewhere in that.
            next = publish(inputs, next, perCycle * perDeclaration / 2);
            awaitStarted(post, starts);
            Thread.sleep(chaos.nextInt(400)); // the kill's moment, not a synchronisation
            if (cycle == 7) {
                // The broker goes away under a running agent (SIGTERM: it saves its sessions), with inputs queued.
                broker.stop();
                System.out.println("CHAOS: broker stopped under a running agent");
                broker.restart();
                awaitConnected(sender);
            }
            kill(post);
            // Published while the agent is dead: the broker queues them in its persistent session.
            next = publish(inputs, next, perCycle * perDeclaration - perCycle * perDeclaration / 2);
            if (cycle == 13) {
                broker.stop();
                System.out.println("CHAOS: broker stopped while the agent is dead; the agent starts without it");
                startAgent(post, null);
                awaitStarted(post, ++starts);
                Thread.sleep(chaos.nextInt(1000)); // it runs offline for a while
                broker.restart();
                awaitConnected(sender);
                Thread.sleep(chaos.nextInt(1500));
                kill(post);
            }
        }
        startAgent(post, null);
        starts++;
        next = publish(inputs, next, inputs.size() - next);
        assertEquals(inputs.size(), next);

        String[] ids = new String[declarations];
        for (int d = 0; d < declarations; d++) {
            ids[d] = "IN-%03d".formatted(d);
        }
        await().atMost(Duration.ofSeconds(150)).until(() -> post.journal.count(RecordType.INSPECTION_CLOSED, "")
                >= declarations && post.journal.unsent() == 0);
        // Headquarters here reads verdicts and alerts; the outbox also holds chain heads (checkpoints) on other topics.
        Set<String> outboxIds = post.journal.outbox().stream().filter(r -> r.topic().endsWith("/alerts")
                || r.topic().endsWith("/verdict")).map(JournalProbe.OutboxRow::messageId)
                .collect(Collectors.toCollection(TreeSet::new));
        await().atMost(LONG).until(() -> receivedIds().containsAll(outboxIds));
        stopNormally(post);

        JournalProbe j = post.journal;
        long declared = j.count(RecordType.DECLARATION, "");
        long shots = j.count(RecordType.XRF_SHOT, "");
        long selects = j.count(RecordType.ACTIVE_ITEM, "");
        long closes = j.count(RecordType.INSPECTION_CLOSED, "");
        long refusals = j.count(RecordType.DECLARATION_REJECTED, "") + j.count(RecordType.INPUT_REJECTED, "");
        long journaledStarts = j.count(RecordType.AGENT_STARTED, "");
        Outputs out = outputs(post);
        long redeliveries = agentLogCount("was journaled before (a redelivery)");
        System.out.printf("CHAOS INPUTS: published=%d (each once; publish calls %d) journaled keys=%d | declarations"
                        + " %d/%d shots %d/%d selects %d/%d closes %d/%d refusals=%d | redeliveries recognised=%d |"
                        + " agent starts=%d | OUTPUTS outbox=%d received=%d duplicates=%d lost=%d unknown=%d"
                        + " conflictingRepeats=%d%n",
                inputs.size(), publishes, j.inputKeys(), declared, declarations, shots, 3 * declarations, selects,
                declarations, closes, declarations, refusals, redeliveries, journaledStarts, out.outbox, out.received,
                out.duplicates, out.lost.size(), out.unknown.size(), out.conflicting.size());

        assertEquals(inputs.size(), publishes, "every input published once, never again");
        // Lost inputs would leave a count short; inputs decided twice would leave it long or refused.
        assertEquals(declarations, declared, "declarations journaled, each once");
        assertEquals(3L * declarations, shots, "XRF shots journaled, each once");
        assertEquals(declarations, selects, "select commands journaled, each once");
        assertEquals(declarations, closes, "close commands journaled, each once");
        assertEquals(0, refusals, "a redelivered declaration or command decided again would be refused");
        assertEquals(inputs.size(), j.inputKeys(), "every input's key committed with it");
        assertEquals(starts, journaledStarts, "every start journaled");
        assertEquals(kills + 2, journaledStarts, "the agent started after every kill (and once more while the broker"
                + " was down)");
        assertEquals(Set.of(), out.lost, "outputs lost");
        assertEquals(Set.of(), out.unknown, "outputs headquarters got that are not in the outbox");
        assertEquals(List.of(), out.conflicting, "a repeat must carry the same id, topic and bytes");
        // Every inspection ends as the undisturbed first one does: the same evidence decides the same.
        JsonNode reference = lastVerdict(post, ids[0]);
        for (String id : ids) {
            assertEquals(decision(reference), decision(lastVerdict(post, id)), id + ": headquarters' last verdict");
            assertEquals(lastVerdict(post, id).path("lane").asText(), lastAlert(post, id).path("lane").asText(),
                    id + ": headquarters' last alert has the last verdict's lane");
        }
        try (SqliteJournal journal = new SqliteJournal(dir.resolve("data-" + post.id + "/journal.db"), json,
                Clock.systemUTC())) {
            assertTrue(JournalVerifier.verify(journal).ok(), "journal chain intact");
        }
    }

    // ---- a halt at every commit point ---------------------------------------------------------------------------

    /**
     * Not in the default build: run it with {@code -Dtouchstone.it.excludedGroups=none}. Since the agent journals
     * chain heads at start, the commit numbers it halts after include checkpoint commits, which carry no input. Its
     * agents commit each decision alone ({@code -Dtouchstone.desk.groupCommit=false}), so that each commit point is
     * one input's; the kill test above runs with group commit, where inputs that wait together share a commit.
     */
    @Test
    @Tag("long-chaos")
    void aHaltAtEveryCommitPoint_endsWithTheVerdictAndAlertTheEvidenceDecides() throws Exception {
        try {
            haltAtEveryCommitPoint();
        } catch (Throwable t) {
            diagnostics(lastPost);
            throw t;
        }
    }

    private void haltAtEveryCommitPoint() throws Exception {
        // The run without a crash: what the evidence decides, and how many commits the agent makes before any input.
        Post control = new Post("halt-control", true);
        startAgent(control, null);
        awaitSubscribed(control);
        long startupCommits = control.journal.lastSeq(); // each start-up record is its own commit
        List<Input> controlInputs = inspection(control, "H-1");
        publishAll(controlInputs);
        awaitFinished(control);
        JsonNode expectedVerdict = lastVerdict(control, "H-1");
        JsonNode expectedAlert = lastAlert(control, "H-1");
        stopNormally(control);
        System.out.println("CHAOS HALT: control verdict " + decision(expectedVerdict) + ", alert lane "
                + expectedAlert.path("lane").asText() + ", " + startupCommits + " start-up commit(s)");

        // Every commit of the decisions; and the records inside the first transactions (the control's journal:
        // declaration | verdict, then reading | xrfShot | verdict | alert), each halted after, before the commit.
        long s = startupCommits;
        Map<String, List<Long>> points = new LinkedHashMap<>();
        points.put("commit", null);
        points.put("append", List.of(s + 1, s + 4, s + 5, s + 6));
        int halted = 0;
        Map<String, Integer> haltsByKind = new LinkedHashMap<>();
        long compared = 0;
        long outboxed = 0;
        long duplicates = 0;
        long lost = 0;
        for (Map.Entry<String, List<Long>> point : points.entrySet()) {
            String kind = point.getKey();
            for (long k = startupCommits + 1; ; k++) {
                if (point.getValue() != null && !point.getValue().contains(k)) {
                    if (k > point.getValue().get(point.getValue().size() - 1)) {
                        break;
                    }
                    continue;
                }
                Post post = new Post("halt-" + kind + "-" + k, true);
                Process agent = startAgent(post, kind + ":" + k);
                awaitSubscribed(post);
                publishAll(inspection(post, "H-1"));
                await().atMost(LONG).until(() -> !agent.isAlive() || finished(post));
                if (agent.isAlive()) {
                    stopNormally(post); // the decision needed fewer than k: every point of this kind was tried
                    break;
                }
                assertEquals(CrashPoint.EXIT_STATUS, agent.exitValue(), kind + " " + k + ": halted at the point");
                halted++;
                haltsByKind.merge(kind, 1, Integer::sum);
                startAgent(post, null);
                String restartLog = "logs/agent-" + agents.size() + ".out";
                awaitFinished(post);
                stopNormally(post);
                String at = kind + " " + k + ": ";
                JournalProbe j = post.journal;
                assertEquals(1, j.count(RecordType.DECLARATION, ""), at + "declaration decided once");
                assertEquals(3, j.count(RecordType.XRF_SHOT, ""), at + "each shot decided once");
                assertEquals(1, j.count(RecordType.ACTIVE_ITEM, ""), at + "select decided once");
                assertEquals(1, j.count(RecordType.INSPECTION_CLOSED, ""), at + "close decided once");
                assertEquals(0, j.count(RecordType.DECLARATION_REJECTED, "") + j.count(RecordType.INPUT_REJECTED, ""),
                        at + "nothing refused as a repeat");
                assertEquals(decision(expectedVerdict), decision(lastVerdict(post, "H-1")), at + "last verdict");
                assertEquals(expectedAlert.path("lane").asText(), lastAlert(post, "H-1").path("lane").asText(),
                        at + "last alert");
                Outputs out = outputs(post);
                assertEquals(Set.of(), out.lost, at + "outputs lost");
                assertEquals(Set.of(), out.unknown, at + "outputs headquarters got that are not in the outbox");
                assertEquals(List.of(), out.conflicting, at + "conflicting repeats");
                // A halt right after a commit leaves that input unacknowledged: the broker redelivers it and the
                // restarted agent recognises it by its key (once). A halt before the commit rolls the key back with
                // the records: the redelivery is then a first decision, not a recognised repeat.
                assertEquals(kind.equals("commit") ? 1 : 0, logCount(restartLog, REDELIVERY),
                        at + "redeliveries recognised by the restarted agent");
                compared += 2;
                outboxed += out.outbox;
                duplicates += out.duplicates;
                lost += out.lost.size();
            }
        }
        long redeliveries = agentLogCount(REDELIVERY);
        int inputs = controlInputs.size();
        System.out.println("CHAOS HALT: " + halted + " halts " + haltsByKind + ", " + redeliveries
                + " redelivered input(s) recognised | verdicts and alerts compared " + compared + " | outbox verdicts"
                + " and alerts " + outboxed + ", lost " + lost + ", duplicates (same id, same bytes) " + duplicates);
        // One transaction per input: a halt after each of their commits (checkpoint commits at start-up are not
        // among the points), and after each record of the first two transactions.
        assertEquals(inputs, haltsByKind.getOrDefault("commit", 0), "a halt after every input's commit");
        assertEquals(points.get("append").size(), haltsByKind.getOrDefault("append", 0),
                "a halt inside the first transactions");
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    /** A one-item declaration, the item selected, three XRF shots, and the close: six inputs, in that order. */
    private List<Input> inspection(Post post, String declarationId) {
        Topics t = post.topics;
        List<Input> in = new ArrayList<>();
        in.add(new Input(t.declarations(), """
                {"declarationId": "%s", "declarant": "Chaos Transit Ltd", "exporter": "Test Refinery Ltd",
                 "originCountry": "GH", "items": [{"itemId": "1", "hsCode": "7108.12", "description": "Fine gold bar",
                 "form": "bar", "metal": "Au", "fineness": 999.9, "pieces": 1,
                 "netMass": {"value": 1000.0, "unit": "g"}}]}""".formatted(declarationId).getBytes(StandardCharsets.UTF_8)));
        in.add(new Input(t.activeItemCommand(), ("{\"declarationId\":\"" + declarationId + "\",\"itemId\":\"1\","
                + "\"correlationId\":\"select-" + declarationId + "\"}").getBytes(StandardCharsets.UTF_8)));
        for (int s = 0; s < 3; s++) {
            in.add(new Input(t.xrfResult("xrf-1"), codec.encode(analyzer.shoot(XrfSample.homogeneous(FINE), 10.0,
                    declarationId + "/1")).getBytes(StandardCharsets.UTF_8)));
        }
        in.add(new Input(t.closeInspectionCommand(), ("{\"declarationId\":\"" + declarationId + "\","
                + "\"correlationId\":\"close-" + declarationId + "\"}").getBytes(StandardCharsets.UTF_8)));
        return in;
    }

    private void publishAll(List<Input> inputs) throws Exception {
        publish(inputs, 0, inputs.size());
    }

    /** Publishes {@code count} inputs from {@code from}, each once, each acknowledged by the broker. */
    private int publish(List<Input> inputs, int from, int count) throws Exception {
        int to = Math.min(inputs.size(), from + count);
        for (int i = from; i < to; i++) {
            Input in = inputs.get(i);
            publishes++;
            sender.publish(in.topic(), in.payload(), 1, false).waitForCompletion(60_000);
        }
        return to;
    }

    // ---- the agent process --------------------------------------------------------------------------------------

    private Process startAgent(Post post, String haltAt) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int n = agents.size() + 1;
        Files.createDirectories(dir.resolve("logs"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto"));
        if (haltAt != null) {
            command.add("-Dtouchstone.test.haltAt=" + haltAt);
        }
        if (post.commitsAlone) {
            // The halt test names one commit per input; with group commit, inputs that wait together share one.
            command.add("-Dtouchstone.desk.groupCommit=false");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.touchstone.agent.cli.TouchstoneCli",
                "run", "--config", post.config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/agent-" + n + ".out").toFile());
        pb.environment().put("TOUCHSTONE_LOG_DIR", dir.resolve("logs").toString());
        post.agent = pb.start();
        agents.add(post.agent);
        return post.agent;
    }

    /** The agent's first connection made its session and subscriptions: only from then on does the broker queue. */
    private void awaitSubscribed(Post post) {
        await().atMost(LONG).until(() -> {
            assertTrue(post.agent.isAlive(), () -> "agent of " + post.id + " exited: " + tail("logs/agent-"
                    + agents.size() + ".out"));
            String log = broker.log();
            return log.contains(post.topics.closeInspectionCommand()) && log.contains(post.topics.xrfResultFilter())
                    && log.contains(post.topics.declarations()) && log.contains(post.topics.activeItemCommand());
        });
    }

    /** Waits until the agent has journaled its {@code n}-th start (it then connects and takes its inputs). */
    private void awaitStarted(Post post, long n) {
        await().atMost(LONG).until(() -> {
            assertTrue(post.agent.isAlive(), () -> "agent of " + post.id + " exited: " + tail("logs/agent-"
                    + agents.size() + ".out"));
            return post.journal.count(RecordType.AGENT_STARTED, "") >= n;
        });
    }

    private void kill(Post post) throws Exception {
        post.agent.destroyForcibly();
        assertTrue(post.agent.waitFor(30, TimeUnit.SECONDS), "SIGKILL ends the agent");
        assertEquals(128 + 9, post.agent.exitValue(), "killed by SIGKILL, not exited by itself");
    }

    private void stopNormally(Post post) throws Exception {
        post.agent.destroy();
        assertTrue(post.agent.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the agent");
    }

    private boolean finished(Post post) {
        return post.journal.count(RecordType.INSPECTION_CLOSED, "") > 0 && post.journal.unsent() == 0
                && receivedIds().containsAll(post.journal.outbox().stream().filter(r -> r.topic().endsWith("/alerts")
                || r.topic().endsWith("/verdict")).map(JournalProbe.OutboxRow::messageId).toList());
    }

    private void awaitFinished(Post post) {
        await().atMost(LONG).until(() -> {
            assertTrue(post.agent.isAlive(), () -> "agent of " + post.id + " exited: " + tail("logs/agent-"
                    + agents.size() + ".out"));
            return finished(post);
        });
    }

    // ---- what headquarters got ----------------------------------------------------------------------------------

    private record Outputs(int outbox, int received, long duplicates, Set<String> lost, Set<String> unknown,
                           List<String> conflicting) {
    }

    private Outputs outputs(Post post) {
        List<JournalProbe.OutboxRow> outbox = post.journal.outbox().stream()
                .filter(r -> r.topic().startsWith("touchstone/" + post.id + "/alerts")
                        || r.topic().endsWith("/verdict")).toList();
        Map<String, List<Received>> byId = received.stream().filter(r -> r.topic().startsWith("touchstone/" + post.id + "/"))
                .collect(Collectors.groupingBy(Received::messageId, LinkedHashMap::new, Collectors.toList()));
        Set<String> ids = outbox.stream().map(JournalProbe.OutboxRow::messageId).collect(Collectors.toSet());
        Set<String> lost = new TreeSet<>(ids);
        lost.removeAll(byId.keySet());
        Set<String> unknown = new TreeSet<>(byId.keySet());
        unknown.removeAll(ids);
        long total = byId.values().stream().mapToLong(List::size).sum();
        List<String> conflicting = byId.entrySet().stream()
                .filter(e -> e.getValue().stream().map(r -> Arrays.hashCode(r.payload())).distinct().count() > 1
                        || e.getValue().stream().map(Received::topic).distinct().count() > 1)
                .map(Map.Entry::getKey).toList();
        return new Outputs(outbox.size(), (int) total, total - byId.size(), lost, unknown, conflicting);
    }

    private JsonNode lastVerdict(Post post, String declarationId) throws Exception {
        return last(post.topics.verdict(declarationId), declarationId);
    }

    private JsonNode lastAlert(Post post, String declarationId) throws Exception {
        return last(post.topics.alerts(), declarationId);
    }

    /** The highest revision headquarters received on a topic for a declaration. */
    private JsonNode last(String topic, String declarationId) throws Exception {
        JsonNode last = null;
        for (Received r : received) {
            if (r.topic().equals(topic)) {
                JsonNode v = json.readTree(r.payload());
                if ((!v.has("declarationId") || declarationId.equals(v.path("declarationId").asText()))
                        && (last == null || v.path("revision").asInt() > last.path("revision").asInt())) {
                    last = v;
                }
            }
        }
        assertTrue(last != null, "headquarters received something on " + topic + " for " + declarationId);
        return last;
    }

    /** What a verdict decides: lane, completeness and the findings by code and item. */
    private static String decision(JsonNode verdict) {
        JsonNode v = verdict.has("verdict") ? verdict.get("verdict") : verdict;
        List<String> findings = new ArrayList<>();
        v.path("findings").forEach(f -> findings.add(f.path("code").asText() + "/" + f.path("itemId").asText()));
        return v.path("lane").asText() + " complete=" + v.path("complete").asBoolean() + " " + findings;
    }

    private Set<String> receivedIds() {
        return received.stream().map(Received::messageId).collect(Collectors.toSet());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private MqttAsyncClient client(String id) throws Exception {
        return new MqttAsyncClient(broker.url(), id, new MemoryPersistence());
    }

    private static void connect(MqttAsyncClient c) throws Exception {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(500);
        options.setKeepAliveInterval(10);
        options.setMaxInflight(1000);
        c.connect(options).waitForCompletion(30_000);
    }

    private static void awaitConnected(MqttAsyncClient c) {
        await().atMost(LONG).until(c::isConnected);
    }

    private long logCount(String relative, String text) throws Exception {
        return Files.readAllLines(dir.resolve(relative), StandardCharsets.UTF_8).stream().filter(l -> l.contains(text))
                .count();
    }

    private long agentLogCount(String text) throws Exception {
        long n = 0;
        try (var files = Files.list(dir.resolve("logs"))) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().endsWith(".log") || f.getFileName().toString().endsWith(".out")) {
                    n += Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).count();
                }
            }
        }
        return n;
    }

    private void diagnostics(Post post) {
        System.out.println("CHAOS diagnostics: received " + received.size() + "; unsent " + post.journal.unsent()
                + "; received ids " + receivedIds() + "; outbox " + post.journal.outbox().stream()
                .map(r -> r.messageId() + " " + r.topic() + (r.sent() ? " sent" : " unsent")).toList()
                + "; closed " + post.journal.count(RecordType.INSPECTION_CLOSED, "") + ", shots "
                + post.journal.count(RecordType.XRF_SHOT, "") + ", declarations "
                + post.journal.count(RecordType.DECLARATION, "") + ", last seq " + post.journal.lastSeq()
                + ", refused " + post.journal.count(RecordType.INPUT_REJECTED, "") + "/"
                + post.journal.count(RecordType.DECLARATION_REJECTED, "") + ", unbound "
                + post.journal.count(RecordType.READING_UNBOUND, "") + ", selects "
                + post.journal.count(RecordType.ACTIVE_ITEM, "") + ", agent alive " + (post.agent != null
                && post.agent.isAlive()) + ", exits " + agents.stream().filter(p -> !p.isAlive())
                .map(p -> String.valueOf(p.exitValue())).distinct().toList());
        for (int d = 0; d < 42; d++) {
            String id = "IN-%03d".formatted(d);
            if (post.id.equals("chaos-inputs") && post.journal.count(RecordType.DECLARATION, "inspection = ?", id) == 0) {
                System.out.println("CHAOS missing declaration " + id);
            }
        }
        for (int n = Math.max(1, agents.size() - 2); n <= agents.size(); n++) {
            System.out.println("---- agent #" + n + " output\n" + tail("logs/agent-" + n + ".out"));
        }
        String log = broker == null ? "" : broker.log();
        System.out.println("---- mosquitto log (tail)\n" + log.substring(Math.max(0, log.length() - 6000)));
    }

    private String tail(String relative) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(relative), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (Exception e) {
            return "(no " + relative + ")";
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            // Keep closing the rest.
        }
    }
}
