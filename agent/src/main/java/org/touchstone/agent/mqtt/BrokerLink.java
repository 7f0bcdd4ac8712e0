package org.touchstone.agent.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttPublishException;

/**
 * What the outbox publisher needs of a broker: whether it is reachable, and QoS 1 publishes whose acknowledgements
 * it can wait for. Several can be in flight at once: they leave in order on the one connection.
 */
public interface BrokerLink {

    boolean isConnected();

    /**
     * Starts a QoS 1 publish, retained only for chain heads ({@link Topics#retained}), without waiting.
     *
     * @return what tells when the broker acknowledged it
     * @throws NotAcknowledgedException when the client refused it (disconnected, closed, too many in flight)
     */
    Delivery send(String topic, byte[] payload) throws NotAcknowledgedException;

    /** One publish in flight. */
    interface Delivery {
        /**
         * Returns once the broker acknowledged the message.
         *
         * @throws NotAcknowledgedException when it was refused or not acknowledged within {@code timeoutMillis}
         */
        void await(long timeoutMillis) throws NotAcknowledgedException;
    }

    /** The broker did not acknowledge a message; it stays in the outbox. */
    final class NotAcknowledgedException extends Exception {
        public NotAcknowledgedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The post's connection. */
    static BrokerLink of(MqttConnection mqtt) {
        return new BrokerLink() {
            @Override
            public boolean isConnected() {
                return mqtt.isConnected();
            }

            @Override
            public Delivery send(String topic, byte[] payload) throws NotAcknowledgedException {
                // Not the token's waitForCompletion: it can return before Paho frees the message's place in its
                // window, and the outbox's next window would then overrun it (MqttConnection.publishAcknowledged).
                CompletableFuture<Void> acknowledged;
                try {
                    acknowledged = mqtt.publishAcknowledged(topic, payload, 1, Topics.retained(topic));
                } catch (MqttPublishException e) {
                    throw new NotAcknowledgedException(e.getMessage(), e);
                }
                return timeoutMillis -> {
                    try {
                        acknowledged.get(timeoutMillis, TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        throw new NotAcknowledgedException(e.getCause().getMessage(), e.getCause());
                    } catch (TimeoutException e) {
                        throw new NotAcknowledgedException(topic + ": no acknowledgement from the broker within "
                                + timeoutMillis + " ms", e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new NotAcknowledgedException(topic + ": interrupted while waiting for the broker's"
                                + " acknowledgement", e);
                    }
                };
            }
        };
    }
}
