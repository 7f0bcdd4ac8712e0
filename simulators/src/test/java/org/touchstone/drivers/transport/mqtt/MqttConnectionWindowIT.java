package org.touchstone.drivers.transport.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.touchstone.sim.broker.TestBroker;

/**
 * Paho's window of messages awaiting the broker's acknowledgement, against a real broker: a token's waiters are
 * woken (on Paho's receiver thread) before the message's place in the window is freed (on its callback thread), so
 * a publisher that waits on tokens can be refused with a window full of acknowledged messages, as the headquarters
 * view's simulated post was on a busy machine; {@link MqttConnection#publishAcknowledged} completes only once the
 * place is free. The callback thread is held by a message handler, which makes the race certain instead of rare.
 */
class MqttConnectionWindowIT {

    @Test
    void publishAcknowledged_completesOnlyOnceItsPlaceInTheWindowIsFree_whereATokenReturnsBefore() throws Exception {
        String root = "test/window/" + UUID.randomUUID();
        try (MqttConnection c = new MqttConnection(MqttSettings.anonymous(TestBroker.url(), "window-"
                + UUID.randomUUID().toString().substring(0, 8)), null)) {
            assertTrue(c.startAndAwait(10_000));
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            c.subscribe(root + "/hold", 1, (topic, payload) -> {
                held.countDown();
                release.await();
            });
            assertTrue(c.awaitSubscribed(root + "/hold", 10_000));
            c.publish(root + "/hold", new byte[] {1}, 1, false);
            assertTrue(held.await(10, TimeUnit.SECONDS), "the broker sent the message back to its handler");
            try {
                // The broker acknowledges in the order it received (MQTT 3.1.1, 4.6): once the second message's token
                // returns, the first was acknowledged too; its place is not freed yet, and it is not complete.
                CompletableFuture<Void> first = c.publishAcknowledged(root + "/data", new byte[] {2}, 1, false);
                c.publish(root + "/data", new byte[] {3}, 1, false).waitForCompletion(10_000);
                assertFalse(first.isDone(), "complete before Paho freed the message's place in its window");

                // Waiting on each token, one message after another, fills the window all the same.
                int sent = 0;
                MqttPublishException refused = null;
                while (sent <= MqttConnection.MAX_INFLIGHT && refused == null) {
                    try {
                        c.publish(root + "/data", new byte[] {4}, 1, false).waitForCompletion(10_000);
                        sent++;
                    } catch (MqttPublishException e) {
                        refused = e;
                    }
                }
                assertNotNull(refused, sent + " messages, each acknowledged before the next, all fitted in the window");
                assertEquals(MqttException.REASON_CODE_MAX_INFLIGHT, ((MqttException) refused.getCause()).getReasonCode(),
                        refused.toString());
                // The window is ours (not Paho's 10): the hold message, the first, the second and these fill it.
                assertTrue(sent >= MqttConnection.MAX_INFLIGHT - 3 && sent <= MqttConnection.MAX_INFLIGHT - 2,
                        sent + " acknowledged messages filled a window of " + MqttConnection.MAX_INFLIGHT);

                release.countDown();
                first.get(10, TimeUnit.SECONDS);
            } finally {
                release.countDown();
            }
        }
    }
}
