package org.touchstone.drivers.driver;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.protocol.LineFramer;
import org.touchstone.drivers.transport.ByteTransport;

/**
 * A barcode scanner in serial (or TCP) mode: it sends one code per line when the inspector scans an item's
 * label. One thread per scanner; after an unplug it reopens with capped backoff, like every stream driver.
 */
public final class BarcodeScannerDriver extends DriverSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BarcodeScannerDriver.class);

    private final ByteTransport transport;
    private final LineFramer framer;

    /**
     * @param codes    receives each scanned code, trimmed, on the driver's thread
     * @param listener hears connection states and lines that are not codes (too long)
     */
    public BarcodeScannerDriver(String deviceId, ByteTransport transport, Clock clock, Consumer<String> codes,
                                DeviceListener listener) {
        super(deviceId, clock, listener, LOG);
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        Objects.requireNonNull(codes, "codes must not be null");
        this.framer = new LineFramer(new LineFramer.Sink() {
            @Override
            public void lineReceived(String line) {
                String code = line.trim();
                if (!code.isEmpty()) {
                    frameAccepted();
                    codes.accept(code);
                }
            }

            @Override
            public void lineTooLong(String firstBytes) {
                reject("line longer than " + LineFramer.MAX_LINE_BYTES + " bytes: not a code", firstBytes);
            }
        });
    }

    @Override
    String threadName() {
        return "scanner-" + deviceId;
    }

    @Override
    void run() {
        // A scan buffered before the connect would choose an item nobody is holding now: dropped.
        readStream(transport, true, framer::reset, (buf, n) -> framer.feed(buf, 0, n));
    }
}
