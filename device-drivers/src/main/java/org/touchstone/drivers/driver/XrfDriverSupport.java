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

/** What the XRF drivers share: one thread, state changes told once, a contained listener, and backoff. */
abstract class XrfDriverSupport implements AutoCloseable {

    static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(200);
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);

    final String deviceId;
    final Clock clock;
    private final DeviceListener listener;
    private final Logger log;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    volatile boolean running;
    private volatile Thread thread;
    private volatile DeviceState state;

    XrfDriverSupport(String deviceId, Clock clock, DeviceListener listener, Logger log) {
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

    public java.util.Optional<DeviceState> state() {
        return java.util.Optional.ofNullable(state);
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
}
