package org.touchstone.agent.devices;

import java.time.Duration;
import java.util.Locale;
import org.touchstone.agent.config.ScaleConfig;
import org.touchstone.agent.config.SerialConfig;
import org.touchstone.agent.config.TcpConfig;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.ScaleDriver;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.transport.ByteTransport;
import org.touchstone.drivers.transport.serial.SerialSettings;
import org.touchstone.drivers.transport.serial.SerialTransport;
import org.touchstone.drivers.transport.tcp.TcpSettings;
import org.touchstone.drivers.transport.tcp.TcpTransport;

/**
 * Starts the driver a serial or TCP scale needs (its protocol on its transport) and routes what it observes into
 * the agent. Each scale gets its own driver thread, so one failing scale never blocks another.
 */
public final class ScaleDrivers {

    private final ScaleDriver.Reporting reporting;

    /** Drivers that report changes of indication, as the agent journals them. */
    public ScaleDrivers() {
        this(ScaleDriver.Reporting.CHANGES);
    }

    public ScaleDrivers(ScaleDriver.Reporting reporting) {
        this.reporting = java.util.Objects.requireNonNull(reporting, "reporting must not be null");
    }

    /** A started driver for a scale on {@code serial} or {@code tcp}. */
    public ScaleDriver start(ScaleConfig scale, DeviceContext ctx) {
        ByteTransport transport = transport(scale);
        ScaleDriver driver = new ScaleDriver(scale.id(), transport, scale.codec(), scale.scaleMode(),
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
                        ctx.events().inputRejected(error.deviceId() + " (" + transport.describe() + ")",
                                error.reason() + ": " + printable(error.raw()));
                    }
                });
        // The agent journals what the driver reports: changes of indication and the polls that confirm a weighing,
        // with identical polls counted into one report a minute, not every poll (ScaleDriver.Reporting).
        driver.reporting(reporting);
        driver.start();
        return driver;
    }

    public static ByteTransport transport(ScaleConfig scale) {
        if (scale.transport().equals("tcp")) {
            TcpConfig t = scale.tcp();
            return new TcpTransport(new TcpSettings(t.host(), t.port(), t.connectTimeoutMillis()));
        }
        if (scale.transport().equals("serial")) {
            return new SerialTransport(settings(scale.serial()));
        }
        throw new IllegalArgumentException("scale " + scale.id() + " arrives over " + scale.transport()
                + ", not through a driver");
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
    public static String printable(String raw) {
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
