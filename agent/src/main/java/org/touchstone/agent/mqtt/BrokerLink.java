package org.touchstone.agent.mqtt;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttPublishException;

/** What the outbox publisher needs of a broker: whether it is reachable, and a QoS 1 publish that waits for the ack. */
public interface BrokerLink {

    boolean isConnected();

    /**
     * Publishes with QoS 1, retained only for chain heads ({@link Topics#retained}), and returns once the broker acknowledged it.
     *
     * @throws NotAcknowledgedException when it was refused or not acknowledged within {@code timeoutMillis}
     */
    void publish(String topic, byte[] payload, long timeoutMillis) throws NotAcknowledgedException;

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
            public void publish(String topic, byte[] payload, long timeoutMillis) throws NotAcknowledgedException {
                try {
                    mqtt.publish(topic, payload, 1, Topics.retained(topic)).waitForCompletion(timeoutMillis);
                } catch (MqttException | MqttPublishException e) {
                    throw new NotAcknowledgedException(e.getMessage(), e);
                }
            }
        };
    }
}
