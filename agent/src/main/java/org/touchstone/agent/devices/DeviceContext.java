package org.touchstone.agent.devices;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * What a device source gets from the agent: the clock to stamp with, the post's MQTT connection and topics for
 * sources that arrive over MQTT, where to hand readings, where to report status and bad input (both safe to call
 * from any thread), and the configuration file's folder, which relative paths in it are resolved against.
 * {@code mqtt} is null when no device arrives over MQTT (a probe of a serial device).
 */
public record DeviceContext(Clock clock, MqttConnection mqtt, Topics topics, Consumer<Reading> readings,
                            DeviceInput events, Path baseDirectory) {
}
