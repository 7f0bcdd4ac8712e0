package org.touchstone.sim.xrf;

import org.touchstone.drivers.protocol.xrfjson.XrfJsonCodec;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * The simulated analyzer's MQTT output path, as an instrument gateway would publish: one JSON result per shot on
 * {@code <root>/<post>/xrf/<device>/result}, written by the same codec the agent reads with.
 */
public final class MqttXrfPublisher {

    private final SimulatedXrfAnalyzer analyzer;
    private final MqttConnection connection;
    private final String topic;
    private final XrfJsonCodec codec = new XrfJsonCodec();

    public MqttXrfPublisher(SimulatedXrfAnalyzer analyzer, MqttConnection connection, String topic) {
        this.analyzer = analyzer;
        this.connection = connection;
        this.topic = topic;
    }

    /** Takes a shot and publishes it (QoS 1); returns what was published. */
    public XrfReading shoot(XrfSample sample, double seconds, String sampleLabel) {
        XrfReading reading = analyzer.shoot(sample, seconds, sampleLabel);
        connection.publish(topic, codec.encode(reading), 1, false);
        return reading;
    }

    /** Takes a shot on a random spot of the item and publishes it (QoS 1); returns what was published. */
    public XrfReading shoot(XrfItem item, double seconds, String sampleLabel) {
        XrfReading reading = analyzer.shoot(item, seconds, sampleLabel);
        connection.publish(topic, codec.encode(reading), 1, false);
        return reading;
    }

    public String topic() {
        return topic;
    }
}
