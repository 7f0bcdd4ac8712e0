package org.touchstone.agent.devices;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Agent;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.protocol.scalejson.ScaleJsonCodec;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.sim.broker.TestBroker;

/**
 * A scale whose gateway publishes its readings over MQTT: the agent binds them to the active item like a serial
 * scale's, and refuses a reading from a scale it does not know or a payload it cannot read, naming the topic.
 */
class MqttScaleSourceIT {

    @TempDir
    Path dir;

    @Test
    void gatewayReadings_becomeWeighings_badOnesAreRefused() throws Exception {
        String url = TestBroker.url();
        String post = "mqtt-scale-" + UUID.randomUUID().toString().substring(0, 8);
        AgentConfig config = new ConfigLoader().parse("""
                post: {id: %s}
                mqtt: {url: "%s"}
                scales:
                  - {id: gw-scale, transport: mqtt, accuracyClass: II, verificationIntervalGrams: 0.1, capacityGrams: 6200}
                dataDirectory: data
                """.formatted(post, url), "mqtt-scale.yaml");
        List<String> weighings = new CopyOnWriteArrayList<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        AgentEvents events = new AgentEvents() {
            @Override
            public void weighingRecorded(String declarationId, String itemId, Weighing w) {
                weighings.add(declarationId + "/" + itemId + "=" + w.reading().value().toPlainString());
            }

            @Override
            public void inputRejected(String source, String reason) {
                refused.add(source + ": " + reason);
            }
        };
        try (Agent agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(), new PostDevices(),
                List.of(events));
             MqttConnection gateway = new MqttConnection(MqttSettings.anonymous(url, post + "-gateway"), null)) {
            agent.start();
            assertTrue(gateway.startAndAwait(10_000));
            await().atMost(Duration.ofSeconds(10)).until(agent::mqttConnected);
            Path declaration = dir.resolve("d.json");
            java.nio.file.Files.writeString(declaration, """
                    {"declarationId": "G-1", "items": [{"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au",
                      "fineness": 999.9, "netMass": {"value": 1000.0, "unit": "g"}}]}""");
            agent.submitDeclaration(declaration).get();
            agent.setActiveItem("G-1", "1").get();
            // The gateway subscription may still be on its way to the broker: repeat until the agent has it.
            byte[] reading = new ScaleJsonCodec().encode(new WeightReading("gw-scale", new BigDecimal("1000.01"),
                    WeightUnit.G, true, Instant.now(), null, "S S    1000.01 g"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
                gateway.publish(agent.topics().scaleWeight("gw-scale"), reading, 1, false);
                return !weighings.isEmpty();
            });
            assertEquals("G-1/1=1000.01", weighings.get(0));

            gateway.publish(agent.topics().scaleWeight("gw-scale"), "{\"value\": \"heavy\"}", 1, false);
            gateway.publish(agent.topics().scaleWeight("other"), reading, 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> refused.size() >= 2);
            assertTrue(refused.stream().anyMatch(r -> r.contains("/scale/gw-scale/weight")), refused.toString());
            assertTrue(refused.stream().anyMatch(r -> r.contains("no MQTT scale 'other'")), refused.toString());
            assertEquals(1, weighings.size(), "repeats of the same stable load confirm one weighing: " + weighings);
        }
    }
}
