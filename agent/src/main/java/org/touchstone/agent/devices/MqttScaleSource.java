package org.touchstone.agent.devices;

import java.util.Set;
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
        ctx.mqtt().subscribe(ctx.topics().scaleWeightFilter(), 1, (topic, payload) -> {
            String device = ctx.topics().scaleDeviceOf(topic);
            if (device == null || !devices.contains(device)) {
                ctx.events().inputRejected(topic, "no MQTT scale '" + device + "' is configured; configured: " + devices);
                return;
            }
            try {
                ctx.readings().accept(codec.decode(payload, topic, device, ctx.clock().instant()));
            } catch (MalformedInputException e) {
                ctx.events().inputRejected(topic, e.getMessage().substring(topic.length() + 2));
            }
        });
    }
}
