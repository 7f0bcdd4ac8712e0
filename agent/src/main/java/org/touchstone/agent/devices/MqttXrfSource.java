package org.touchstone.agent.devices;

import java.util.Set;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.protocol.xrfjson.XrfJsonCodec;

/**
 * XRF results arriving as JSON over MQTT on {@code <root>/<post>/xrf/<device>/result}. One subscription serves
 * every MQTT analyzer; a result for a device that is not configured is refused, not guessed at.
 */
final class MqttXrfSource {

    private final XrfJsonCodec codec = new XrfJsonCodec();

    void start(Set<String> devices, DeviceContext ctx) {
        ctx.mqtt().subscribe(ctx.topics().xrfResultFilter(), 1, (topic, payload) -> {
            String device = ctx.topics().xrfDeviceOf(topic);
            if (device == null || !devices.contains(device)) {
                ctx.events().inputRejected(topic, "no XRF analyzer '" + device + "' is configured; configured: "
                        + devices);
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
