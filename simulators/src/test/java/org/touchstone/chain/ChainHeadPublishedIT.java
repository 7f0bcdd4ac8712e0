package org.touchstone.chain;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Agent;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.hq.chain.ChainHeadCheck;
import org.touchstone.hq.ingest.PostMessage;
import org.touchstone.hq.ingest.PostMessageReader;
import org.touchstone.sim.broker.TestBroker;

/**
 * The agent publishes its chain heads to a real broker, retained, and headquarters' own check accepts them in
 * order with the post's key (plan contract 3): three runs of an agent give six heads (a start and a stop each), each
 * extending the one before, each with a MAC headquarters verifies from its copy of the key file. A subscriber that
 * comes later gets the last head, retained.
 */
class ChainHeadPublishedIT {

    @TempDir
    Path dir;

    @Test
    void threeRuns_publishSixHeads_thatHeadquartersAcceptsInOrder_theLastRetained() throws Exception {
        String url = TestBroker.url();
        String post = "chain-" + UUID.randomUUID().toString().substring(0, 8);
        AgentConfig config = new ConfigLoader().parse("""
                post: {id: %s}
                mqtt: {url: "%s"}
                dataDirectory: data
                """.formatted(post, url), "chain.yaml");
        String topic = "touchstone/" + post + "/chain/head";
        List<byte[]> heads = new CopyOnWriteArrayList<>();
        try (MqttConnection hq = new MqttConnection(MqttSettings.anonymous(url, post + "-hq"), null)) {
            hq.subscribe(topic, 1, d -> heads.add(d.payload()));
            assertTrue(hq.startAndAwait(10_000));
            for (int run = 0; run < 2; run++) {
                int expected = 2 * run + 1;
                try (Agent agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(),
                        (c, ctx) -> List.of(), List.of())) {
                    agent.start();
                    // The start's head (and, from the second run on, the previous stop's, sent at that stop).
                    await().atMost(Duration.ofSeconds(30)).until(() -> heads.size() >= expected);
                }
            }
            // A clean stop sends its final head before it closes: a third start shows it arrived before its own.
            assertEquals(4, heads.size(), "start, stop, start, stop");
            try (Agent agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(),
                    (c, ctx) -> List.of(), List.of())) {
                agent.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> heads.size() >= 5);
            }
            // Its stop's head, sent before it closed.
            await().atMost(Duration.ofSeconds(30)).until(() -> heads.size() >= 6);
        }
        byte[] key = Files.readAllBytes(dir.resolve("data/checkpoint.key"));
        PostMessageReader reader = new PostMessageReader("touchstone");
        ChainHeadCheck.StoredHead last = null;
        for (byte[] payload : heads) {
            PostMessage.ChainHead head = (PostMessage.ChainHead) reader.read(topic, payload);
            ChainHeadCheck.Result r = ChainHeadCheck.check(last, head, key);
            assertTrue(r.ok(), r.detail());
            assertTrue(r.macVerified(), "headquarters verified the MAC with its copy of the key");
            last = new ChainHeadCheck.StoredHead(head.messageId(), head.seq(), head.hash(), head.previousSeq(),
                    head.previousHash());
        }
        assertEquals(6, heads.size(), "start and stop, three times");
        // A forged head (another key) is refused by the same check.
        PostMessage.ChainHead lastHead = (PostMessage.ChainHead) reader.read(topic, heads.get(5));
        assertEquals(ChainHeadCheck.Problem.BAD_MAC, ChainHeadCheck.check(null, lastHead,
                "another key".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).problem());
        // Retained: a subscriber that comes now gets the last head.
        List<byte[]> late = new CopyOnWriteArrayList<>();
        try (MqttConnection later = new MqttConnection(MqttSettings.anonymous(url, post + "-late"), null)) {
            later.subscribe(topic, 1, d -> late.add(d.payload()));
            assertTrue(later.startAndAwait(10_000));
            await().atMost(Duration.ofSeconds(10)).until(() -> !late.isEmpty());
        }
        assertEquals(new String(heads.get(5)), new String(late.get(0)));
    }
}
