package org.touchstone.chaos;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.journal.InputKey;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.sim.broker.TestBroker;

/**
 * What {@link InputKey#ofRepeatable} relies on, shown on the real broker (CI's Mosquitto) rather than assumed from
 * the standard: a QoS 1 message the agent did not acknowledge comes back at its next connection under its original
 * packet identifier, marked DUP (MQTT 3.1.1, 4.4), and the same bytes published again come unmarked, so they are
 * never looked up. Which identifier the new message gets depends on the broker (Mosquitto counts up, Moquette
 * reuses the lowest free one); the journal compares a resend only with the last input under its identifier, which
 * covers both (AgentCommandsTest).
 */
class RedeliveryPacketIdIT {

    @Test
    void anUnacknowledgedMessage_returnsUnderItsPacketId_markedDup_andTheSameBytesPublishedAgainDoNot() throws Exception {
        String url = TestBroker.url();
        String id = "redelivery-" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "touchstone/" + id + "/cmd/active-item";
        byte[] select = "{\"declarationId\": \"D-1\", \"itemId\": \"1\"}".getBytes(StandardCharsets.UTF_8);
        MqttSettings agentSettings = MqttSettings.anonymous(url, id + "-agent");
        try (MqttConnection tools = new MqttConnection(MqttSettings.anonymous(url, id + "-tools"), null)) {
            assertTrue(tools.startAndAwait(10_000));

            List<MqttConnection.Delivery> first = new CopyOnWriteArrayList<>();
            try (MqttConnection agent = new MqttConnection(agentSettings, null, MqttConnection.Session.PERSISTENT)) {
                agent.subscribe(topic, 1, (MqttConnection.DeliveryHandler) first::add);
                assertTrue(agent.startAndAwait(10_000));
                tools.publish(topic, select, 1, false).waitForCompletion(5000);
                await().atMost(Duration.ofSeconds(10)).until(() -> !first.isEmpty());
                // Not acknowledged: the agent "crashed" before the journal commit.
            }
            MqttConnection.Delivery original = first.get(0);
            assertFalse(original.duplicate());

            List<MqttConnection.Delivery> second = new CopyOnWriteArrayList<>();
            try (MqttConnection agent = new MqttConnection(agentSettings, null, MqttConnection.Session.PERSISTENT)) {
                agent.subscribe(topic, 1, (MqttConnection.DeliveryHandler) d -> {
                    second.add(d);
                    d.acknowledge();
                });
                assertTrue(agent.startAndAwait(10_000));
                await().atMost(Duration.ofSeconds(10)).until(() -> !second.isEmpty());
                MqttConnection.Delivery resent = second.get(0);
                assertTrue(resent.duplicate(), "the broker marks its resend DUP");
                assertEquals(original.messageId(), resent.messageId(), "under its original packet identifier");
                assertEquals(key(original), key(resent));

                // The same bytes published again: a new command, under another identifier.
                tools.publish(topic, select, 1, false).waitForCompletion(5000);
                await().atMost(Duration.ofSeconds(10)).until(() -> second.size() >= 2);
                MqttConnection.Delivery again = second.get(1);
                assertFalse(again.duplicate(), "a new publication is not marked DUP");
                assertFalse(InputKey.ofRepeatable(again.topic(), again.payload(), again.messageId(), again.duplicate(),
                        again.retained()).check(), "so it is carried out without a lookup");
                System.out.println("redelivery: " + url + " resent packet " + resent.messageId() + " marked DUP; the "
                        + "same bytes published again came as packet " + again.messageId());
            }
        }
    }

    private static String key(MqttConnection.Delivery d) {
        return InputKey.ofRepeatable(d.topic(), d.payload(), d.messageId(), d.duplicate(), d.retained()).key();
    }
}
