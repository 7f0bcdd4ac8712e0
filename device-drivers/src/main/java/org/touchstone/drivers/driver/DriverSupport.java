package org.touchstone.drivers.driver;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.protocol.xrfcsv.CsvProblem;
import org.touchstone.drivers.reading.Reading;

/** What the stream and API drivers share: one thread, state changes told once, a contained listener, backoff. */
abstract class DriverSupport implements AutoCloseable {

    /** First wait before reopening a link, doubled at each failure up to {@link #MAX_RECONNECT_DELAY}. */
    public static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(200);
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);

    final String deviceId;
    final Clock clock;
    private final DeviceListener listener;
    private final Logger log;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    volatile boolean running;
    private volatile Thread thread;
    private volatile DeviceState state;

    DriverSupport(String deviceId, Clock clock, DeviceListener listener, Logger log) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank");
        }
        this.deviceId = deviceId;
        this.clock = java.util.Objects.requireNonNull(clock, "clock must not be null");
        this.listener = java.util.Objects.requireNonNull(listener, "listener must not be null");
        this.log = log;
    }

    /** The driver's loop; returns when {@link #running} turns false. */
    abstract void run();

    abstract String threadName();

    /** True when the thread may sit in a call only an interrupt ends (an HTTP request waiting for a test). */
    boolean interruptOnClose() {
        return false;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(deviceId + ": driver already started");
        }
        running = true;
        Thread t = new Thread(() -> {
            try {
                run();
            } catch (RuntimeException e) {
                log.error("{}: driver stopped by a bug", deviceId, e);
            }
        }, threadName());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public String deviceId() {
        return deviceId;
    }

    /** The last state reported, or empty before the first attempt to open the link. */
    public java.util.Optional<DeviceState> state() {
        return java.util.Optional.ofNullable(state);
    }

    /** The last state reported, or null (for the driver's own decisions). */
    DeviceState currentState() {
        return state;
    }

    /** Stops the driver; returns once its thread has ended. */
    @Override
    public void close() {
        running = false;
        stopSignal.countDown();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            if (interruptOnClose()) {
                t.interrupt();
            }
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void reading(Reading r) {
        tell(() -> listener.readingReceived(r));
    }

    void reject(String reason, String raw) {
        FrameError error = new FrameError(deviceId, reason, raw, clock.instant());
        tell(() -> listener.frameRejected(error));
    }

    void reject(CsvProblem p) {
        reject(p.toString(), "");
    }

    void changeState(DeviceState next, String detail) {
        if (next == state) {
            return;
        }
        state = next;
        log.info("{}: {} ({})", deviceId, next, detail);
        DeviceEvent event = new DeviceEvent(deviceId, next, detail, clock.instant());
        tell(() -> listener.deviceStateChanged(event));
    }

    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("{}: listener failed", deviceId, e);
        }
    }

    static Duration nextBackoff(Duration current) {
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(MAX_RECONNECT_DELAY) > 0 ? MAX_RECONNECT_DELAY : doubled;
    }

    /** Waits, returning early when the driver is closed. */
    void pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            stopSignal.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** A byte stream a driver reads: opened anew after each failure, read until it fails or the driver stops. */
    interface StreamLink {
        void open() throws java.io.IOException;

        /** Bytes read into the buffer, 0 when none came within a short wait. */
        int read(byte[] buffer) throws java.io.IOException;

        String describe();

        void close();
    }

    /** A byte transport (serial, TCP) as a stream link. */
    static StreamLink link(org.touchstone.drivers.transport.ByteTransport t) {
        return new StreamLink() {
            @Override
            public void open() throws java.io.IOException {
                t.open();
            }

            @Override
            public int read(byte[] buffer) throws java.io.IOException {
                return t.read(buffer);
            }

            @Override
            public String describe() {
                return t.describe();
            }

            @Override
            public void close() {
                t.close();
            }
        };
    }

    /**
     * Reads a stream until the driver stops: open, tell CONNECTED, hand every chunk on; on a failure close, tell
     * DISCONNECTED, wait with capped backoff and open anew.
     *
     * @param onOpen runs after each successful open (reset a parser's state)
     * @param chunks receives each chunk read: the buffer and how many bytes of it are new
     */
    final void readStream(StreamLink link, Runnable onOpen, java.util.function.ObjIntConsumer<byte[]> chunks) {
        byte[] buffer = new byte[4096];
        Duration backoff = FIRST_RECONNECT_DELAY;
        try {
            while (running) {
                try {
                    link.open();
                } catch (java.io.IOException | RuntimeException e) {
                    changeState(DeviceState.DISCONNECTED, e.getMessage());
                    pause(backoff);
                    backoff = nextBackoff(backoff);
                    continue;
                }
                onOpen.run();
                changeState(DeviceState.CONNECTED, link.describe() + " open");
                backoff = FIRST_RECONNECT_DELAY;
                try {
                    while (running) {
                        int n = link.read(buffer);
                        if (n > 0) {
                            chunks.accept(buffer, n);
                        }
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    link.close();
                    if (running) {
                        changeState(DeviceState.DISCONNECTED, e.getMessage());
                        pause(backoff);
                        backoff = nextBackoff(backoff);
                    }
                }
            }
        } finally {
            link.close();
        }
    }
}
