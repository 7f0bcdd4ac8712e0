package org.touchstone.agent.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttException;
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

    /** Publishes and returns once the broker acknowledged it. */
    default void publish(String topic, byte[] payload, long timeoutMillis) throws NotAcknowledgedException {
        send(topic, payload).await(timeoutMillis);
    }

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
                IMqttDeliveryToken token;
                try {
                    token = mqtt.publish(topic, payload, 1, Topics.retained(topic));
                } catch (MqttPublishException e) {
                    throw new NotAcknowledgedException(e.getMessage(), e);
                }
                return timeoutMillis -> {
                    try {
                        token.waitForCompletion(timeoutMillis);
                    } catch (MqttException e) {
                        throw new NotAcknowledgedException(topic + ": " + e.getMessage(), e);
                    }
                };
            }
        };
    }
}
