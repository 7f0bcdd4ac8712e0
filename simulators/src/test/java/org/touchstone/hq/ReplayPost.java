package org.touchstone.hq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.touchstone.agent.Json;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.OutboxMessage;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.ChainHead;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.journal.schema.VerdictChanged;
import org.touchstone.agent.mqtt.BrokerLink;
import org.touchstone.agent.mqtt.OutboxPublisher;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.hq.load.SimulatedPost;

/**
 * A post for the headquarters tests, run as its own process so that it can be killed: recorded agent traffic
 * ({@link SimulatedPost}, built by the agent's own outbox messages and alert book) goes through the agent's real
 * delivery path, its {@link SqliteJournal} outbox and {@link OutboxPublisher}, to the post's broker, with the
 * agent's retained presence and last will. It also publishes chain heads as plan contract 4 describes (the agent
 * does not yet): at start, and every 10 inspections, each journaled as a {@code chainHead} record. Each inspection is
 * one {@code verdict} record (its final verdict) committed with all of its messages, so a kill never leaves half
 * an inspection journaled.
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
        SqliteJournal journal = new SqliteJournal(dir.resolve("journal.db"), json, clock, postId);
        SimulatedPost post = new SimulatedPost("touchstone", postId, seed);
        int done = journal.records(RecordType.VERDICT, 0).size();
        for (int i = 0; i < done; i++) {
            post.inspectionDrafts(at(i));
        }
        MqttConnection mqtt = new MqttConnection(MqttSettings.anonymous(url, "touchstone-" + postId),
                new MqttConnection.Presence("touchstone/" + postId + "/status",
                        "{\"state\":\"online\",\"postId\":\"" + postId + "\"}",
                        "{\"state\":\"offline\",\"postId\":\"" + postId + "\"}"));
        mqtt.start();
        OutboxPublisher outbox = new OutboxPublisher(journal.outbox(), BrokerLink.of(mqtt), clock);
        outbox.start();
        if (journal.last().isPresent()) {
            head(journal, json, postId, clock);
        }
        long pause = (long) (1_000_000_000L / perSecond);
        for (int i = done; i < total; i++) {
            List<OutboxMessage> messages = post.inspectionDrafts(at(i));
            SimulatedPost.Decision d = post.decisions().get(post.decisions().size() - 1);
            journal.append(new VerdictChanged(2, post.lastVerdict()), d.declarationId(), messages);
            if ((i + 1) % 10 == 0) {
                head(journal, json, postId, clock);
            }
            outbox.nudge();
            // The post's own pace (an inspection every so often), not a wait for anything.
            TimeUnit.NANOSECONDS.sleep(pause);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (journal.outbox().unsentCount() > 0 && System.nanoTime() < deadline) {
            outbox.nudge();
            TimeUnit.MILLISECONDS.sleep(50);
        }
        System.out.println("DONE " + postId + " inspections=" + total + " unsent=" + journal.outbox().unsentCount());
        System.out.flush();
        // Stays up (online) until the test stops it.
        Thread.sleep(Long.MAX_VALUE);
    }

    static Instant at(int i) {
        return START.plus(Duration.ofHours(6L * i));
    }

    /** A chain head of the journal's tail, naming the previous head this post published, journaled with its message. */
    private static void head(SqliteJournal journal, ObjectMapper json, String postId, Clock clock) {
        JournalRecord last = journal.last().orElseThrow();
        List<JournalRecord> heads = journal.records(RecordType.CHAIN_HEAD, 0);
        ChainHead previous = heads.isEmpty() ? null
                : new JournalSchema(json).read(heads.get(heads.size() - 1), ChainHead.class);
        ChainHead head = new ChainHead(postId, last.seq(), last.hash(), clock.instant().toString(),
                previous == null ? null : previous.seq(), previous == null ? null : previous.hash(),
                journal.anchorFirstSeq(), null);
        journal.append(head, null, List.of(new OutboxMessage("touchstone/" + postId + "/chain/head", null, id -> {
            ObjectNode message = json.createObjectNode().put("messageId", id);
            message.setAll((ObjectNode) json.valueToTree(head));
            // Contract 4 names every field; an absent previous head or key is an explicit null.
            for (String field : List.of("previousSeq", "previousHash", "mac")) {
                if (!message.has(field)) {
                    message.putNull(field);
                }
            }
            try {
                return json.writeValueAsBytes(message);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        })));
    }
}
