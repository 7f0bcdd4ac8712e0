package org.touchstone.drivers.driver;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.protocol.LineFramer;
import org.touchstone.drivers.transport.ByteTransport;

/**
 * A barcode scanner in serial (or TCP) mode: it sends one code per line when the inspector scans an item's
 * label. One thread per scanner; after an unplug it reopens with capped backoff, like the scale drivers.
 */
public final class BarcodeScannerDriver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BarcodeScannerDriver.class);
    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);

    private final String deviceId;
    private final ByteTransport transport;
    private final Clock clock;
    private final Consumer<String> codes;
    private final DeviceListener listener;
    private final LineFramer framer;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param codes    receives each scanned code, trimmed, on the driver's thread
     * @param listener hears connection states and lines that are not codes (empty, too long)
     */
    public BarcodeScannerDriver(String deviceId, ByteTransport transport, Clock clock, Consumer<String> codes,
                                DeviceListener listener) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId must not be null");
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.codes = Objects.requireNonNull(codes, "codes must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.framer = new LineFramer(new LineFramer.Sink() {
            @Override
            public void lineReceived(String line) {
                String code = line.trim();
                if (!code.isEmpty()) {
                    codes.accept(code);
                }
            }

            @Override
            public void lineTooLong(String firstBytes) {
                listener.frameRejected(new FrameError(deviceId, "line longer than " + LineFramer.MAX_LINE_BYTES
                        + " bytes: not a code", firstBytes, clock.instant()));
            }
        });
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "scanner-" + deviceId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long backoff = FIRST_RECONNECT_DELAY.toMillis();
        byte[] buffer = new byte[256];
        while (running) {
            try {
                transport.open();
                framer.reset();
                event(DeviceState.CONNECTED, transport.describe() + " open");
                backoff = FIRST_RECONNECT_DELAY.toMillis();
                while (running) {
                    int n = transport.read(buffer);
                    if (n > 0) {
                        framer.feed(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                transport.close();
                if (!running) {
                    return;
                }
                event(DeviceState.DISCONNECTED, e.getMessage());
                LOG.debug("scanner {}: {}; reopening in {} ms", deviceId, e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_RECONNECT_DELAY.toMillis());
            }
        }
    }

    private void event(DeviceState state, String detail) {
        listener.deviceStateChanged(new DeviceEvent(deviceId, state, detail, clock.instant()));
    }

    @Override
    public void close() {
        running = false;
        transport.close();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
