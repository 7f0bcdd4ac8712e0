package org.touchstone.hq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.touchstone.agent.Json;
import org.touchstone.agent.journal.Journal.OutboxMessage;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.mqtt.OutboxPublisher;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.hq.load.SimulatedPost;

/**
 * A post for the headquarters tests, run as its own process so that it can be killed: recorded agent traffic
 * ({@link SimulatedPost}, built by the agent's own outbox messages and alert book) goes through the agent's real
 * delivery path, its {@link SqliteJournal} outbox and {@link OutboxPublisher}, to the post's broker, with the
 * agent's retained presence and last will. It also publishes chain heads as plan contract 4 describes (the agent
 * does not yet): at start, and every 10 inspections, each journaled as a {@code chainHead} record.
 *
 * <p>Deterministic: after a kill it regenerates the inspections already journaled (same ids, same bytes) and
 * carries on from the next one.
 *
 * <p>Arguments: postId brokerUrl dataDirectory inspections seed inspectionsPerSecond
 */
public final class ReplayPost {

    static final Instant START = Instant.parse("2026-02-01T08:00:00Z");

    public static void main(String[] args) throws Exception {
        String postId = args[0];
        String url = args[1];
        Path dir = Path.of(args[2]);
        int total = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        double perSecond = Double.parseDouble(args[5]);
        Files.createDirectories(dir);
        ObjectMapper json = Json.mapper();
        Clock clock = Clock.systemUTC();
        SqliteJournal journal = new SqliteJournal(dir.resolve("journal.db"), json, clock);
        SimulatedPost post = new SimulatedPost("touchstone", postId, seed);
        int done = journal.records("inspection", 0).size();
        for (int i = 0; i < done; i++) {
            post.inspection(at(i));
        }
        MqttConnection mqtt = new MqttConnection(MqttSettings.anonymous(url, "touchstone-" + postId),
                new MqttConnection.Presence("touchstone/" + postId + "/status",
                        "{\"state\":\"online\",\"postId\":\"" + postId + "\"}",
                        "{\"state\":\"offline\",\"postId\":\"" + postId + "\"}"));
        mqtt.start();
        OutboxPublisher outbox = new OutboxPublisher(journal, mqtt, clock);
        outbox.start();
        if (journal.lastSeq() > 0) {
            head(journal, json, postId, clock);
        }
        long pause = (long) (1_000_000_000L / perSecond);
        for (int i = done; i < total; i++) {
            List<OutboxMessage> messages = post.inspection(at(i));
            SimulatedPost.Decision d = post.decisions().get(post.decisions().size() - 1);
            journal.append("inspection", d.declarationId(), Map.of("lane", d.lane().name(),
                    "outcome", d.outcome() == null ? "" : d.outcome().name(),
                    "findings", d.findings().stream().map(Enum::name).toList()), messages);
            if ((i + 1) % 10 == 0) {
                head(journal, json, postId, clock);
            }
            outbox.nudge();
            // The post's own pace (an inspection every so often), not a wait for anything.
            TimeUnit.NANOSECONDS.sleep(pause);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (journal.unsentCount() > 0 && System.nanoTime() < deadline) {
            outbox.nudge();
            TimeUnit.MILLISECONDS.sleep(50);
        }
        System.out.println("DONE " + postId + " inspections=" + total + " unsent=" + journal.unsentCount());
        System.out.flush();
        // Stays up (online) until the test stops it.
        Thread.sleep(Long.MAX_VALUE);
    }

    static Instant at(int i) {
        return START.plus(Duration.ofHours(6L * i));
    }

    /** A chain head of the journal's tail, naming the previous head this post published, journaled with its message. */
    private static void head(SqliteJournal journal, ObjectMapper json, String postId, Clock clock) {
        // This post writes two kinds of records only; the tail is one of them.
        List<SqliteJournal.Record> tail = new java.util.ArrayList<>(journal.records("inspection", journal.lastSeq() - 1));
        tail.addAll(journal.records("chainHead", journal.lastSeq() - 1));
        SqliteJournal.Record last = tail.get(0);
        List<SqliteJournal.Record> heads = journal.records("chainHead", 0);
        ObjectNode head = json.createObjectNode();
        long seq = journal.lastSeq() + 1;
        head.put("messageId", postId + ":" + seq + ":0");
        head.put("postId", postId);
        head.put("seq", last.seq());
        head.put("hash", last.hash());
        head.put("at", clock.instant().toString());
        if (heads.isEmpty()) {
            head.putNull("previousSeq");
            head.putNull("previousHash");
        } else {
            try {
                var previous = json.readTree(heads.get(heads.size() - 1).data());
                head.put("previousSeq", previous.get("seq").asLong());
                head.put("previousHash", previous.get("hash").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        head.put("anchorSeq", journal.anchorFirstSeq());
        head.putNull("mac");
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(head);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        journal.append("chainHead", null, head, List.of(new OutboxMessage("touchstone/" + postId + "/chain/head",
                payload, postId + ":" + seq + ":0", null)));
    }
}
