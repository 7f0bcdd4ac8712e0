package org.touchstone.agent.devices;

import java.time.Duration;
import java.util.Locale;
import org.touchstone.agent.config.ScaleConfig;
import org.touchstone.agent.config.SerialConfig;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.MtSicsScaleDriver;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.transport.serial.SerialSettings;

/** Starts the driver a configured scale needs and routes what it observes into the agent. */
final class SerialScales {

    AutoCloseable start(ScaleConfig scale, DeviceContext ctx) {
        MtSicsScaleDriver driver = new MtSicsScaleDriver(scale.id(), settings(scale.serial()),
                Duration.ofMillis(scale.pollIntervalMillis()), ctx.clock(), new DeviceListener() {
                    @Override
                    public void readingReceived(Reading reading) {
                        ctx.readings().accept(reading);
                    }

                    @Override
                    public void deviceStateChanged(DeviceEvent event) {
                        ctx.events().deviceStatus(event.deviceId(), event.state().name(), event.detail());
                    }

                    @Override
                    public void frameRejected(FrameError error) {
                        ctx.events().inputRejected(error.deviceId() + " (" + scale.serial().path() + ")",
                                error.reason() + ": " + printable(error.raw()));
                    }
                });
        driver.start();
        return driver;
    }

    static SerialSettings settings(SerialConfig c) {
        return new SerialSettings(c.path(), c.baud(), c.dataBits(),
                SerialSettings.Parity.valueOf(c.parity().toUpperCase(Locale.ROOT)), c.stopBits(),
                switch (c.flowControl()) {
                    case "xonxoff" -> SerialSettings.FlowControl.XON_XOFF;
                    case "rtscts" -> SerialSettings.FlowControl.RTS_CTS;
                    default -> SerialSettings.FlowControl.NONE;
                });
    }

    /** Control characters shown as {@code <0D>} so a garbled frame can be read in a log. */
    static String printable(String raw) {
        StringBuilder sb = new StringBuilder();
        for (char ch : raw.toCharArray()) {
            if (ch < 0x20 || ch > 0x7e) {
                sb.append(String.format("<%02X>", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
