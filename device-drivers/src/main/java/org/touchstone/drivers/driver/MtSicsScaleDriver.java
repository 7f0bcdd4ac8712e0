package org.touchstone.drivers.driver;

import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.protocol.mtsics.MtSicsScaleProtocol;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.transport.serial.SerialSettings;
import org.touchstone.drivers.transport.serial.SerialTransport;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * An MT-SICS balance polled with {@code SI} over a serial port: a {@link ScaleDriver} with the MT-SICS protocol and
 * a serial transport, kept for callers that only know this combination.
 */
public final class MtSicsScaleDriver implements AutoCloseable {

    public static final Duration REPLY_TIMEOUT = ScaleDriver.REPLY_TIMEOUT;
    public static final int MISSED_REPLIES_BEFORE_SILENT = ScaleDriver.MISSED_REPLIES_BEFORE_SILENT;

    private final ScaleDriver driver;

    public MtSicsScaleDriver(String deviceId, SerialSettings settings, Duration pollInterval, Clock clock,
                             DeviceListener listener) {
        this.driver = new ScaleDriver(deviceId, new SerialTransport(settings), new MtSicsScaleProtocol(),
                ScaleProtocol.Mode.POLL, pollInterval, clock, listener);
    }

    public void start() {
        driver.start();
    }

    public String deviceId() {
        return driver.deviceId();
    }

    public Optional<String> serialNumber() {
        return driver.serialNumber();
    }

    public Optional<DeviceState> state() {
        return driver.state();
    }

    @Override
    public void close() {
        driver.close();
    }
}
