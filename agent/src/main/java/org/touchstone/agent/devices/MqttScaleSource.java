package org.touchstone.agent.devices;

import java.util.Set;
import org.touchstone.agent.journal.InputKey;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.protocol.scalejson.ScaleJsonCodec;

/**
 * Scale readings a gateway publishes as JSON on {@code <root>/<post>/scale/<device>/weight} (format in
 * {@link ScaleJsonCodec}). One subscription serves every MQTT scale; a reading for a scale that is not configured
 * is refused, not guessed at.
 */
final class MqttScaleSource {

    private final ScaleJsonCodec codec = new ScaleJsonCodec();

    void start(Set<String> devices, DeviceContext ctx) {
        if (devices.isEmpty()) {
            return;
        }
        ctx.mqtt().subscribe(ctx.topics().scaleWeightFilter(), 1, (MqttConnection.Delivery d) -> {
            String topic = d.topic();
            byte[] payload = d.payload();
            String device = ctx.topics().scaleDeviceOf(topic);
            if (device == null || !devices.contains(device)) {
                ctx.journaled().rejected(ctx.events(), topic, "no MQTT scale '" + device + "' is configured; configured: "
                        + devices, d::acknowledge);
                return;
            }
            try {
                // A stable scale repeats its reading byte for byte: only a redelivery is looked up.
                ctx.journaled().accept(codec.decode(payload, topic, device, ctx.clock().instant()),
                        InputKey.ofRepeatable(topic, payload, d.messageId(), d.duplicate(), d.retained()), d::acknowledge);
            } catch (MalformedInputException e) {
                ctx.journaled().rejected(ctx.events(), topic, e.getMessage().substring(topic.length() + 2),
                        d::acknowledge);
            }
        });
    }
}
