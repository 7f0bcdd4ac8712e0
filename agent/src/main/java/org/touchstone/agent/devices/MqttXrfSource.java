package org.touchstone.agent.devices;

import java.util.Set;
import org.touchstone.agent.journal.InputKey;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.protocol.xrfjson.XrfJsonCodec;

/**
 * XRF results arriving as JSON over MQTT on {@code <root>/<post>/xrf/<device>/result}. One subscription serves
 * every MQTT analyzer; a result for a device that is not configured is refused, not guessed at.
 */
final class MqttXrfSource {

    private final XrfJsonCodec codec = new XrfJsonCodec();

    void start(Set<String> devices, DeviceContext ctx) {
        ctx.mqtt().subscribe(ctx.topics().xrfResultFilter(), 1, (MqttConnection.Delivery d) -> {
            String topic = d.topic();
            byte[] payload = d.payload();
            String device = ctx.topics().xrfDeviceOf(topic);
            if (device == null || !devices.contains(device)) {
                ctx.journaled().rejected(ctx.events(), topic, "no XRF analyzer '" + device
                        + "' is configured; configured: " + devices, d::acknowledge);
                return;
            }
            try {
                // An XRF result carries its analyzer and test number: the same bytes are the same shot.
                ctx.journaled().accept(codec.decode(payload, topic, device, ctx.clock().instant()),
                        InputKey.ofContent(topic, payload).deliveredAs(d.messageId()), d::acknowledge);
            } catch (MalformedInputException e) {
                ctx.journaled().rejected(ctx.events(), topic, e.getMessage().substring(topic.length() + 2),
                        d::acknowledge);
            }
        });
    }
}
