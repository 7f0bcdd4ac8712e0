package org.touchstone.drivers.driver;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ObjIntConsumer;
import org.slf4j.Logger;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.protocol.xrfcsv.CsvProblem;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.transport.Backoff;
import org.touchstone.drivers.transport.ByteTransport;

/**
 * The one driver runtime every device driver runs on: one thread per device, state changes told once, a listener
 * that cannot break the driver, the reconnect {@link Backoff}, and the rules every driver keeps:
 * <ul>
 *   <li>an unexpected exception in the driver's loop makes the device {@link DeviceState#FAULTY} (told once, with
 *       the error) and the loop is started again after the backoff; a driver thread never dies silently;</li>
 *   <li>a device that mostly sends rejected frames (more than half of the last {@link RejectedFrames#WINDOW}) is
 *       FAULTY until it decodes {@link RejectedFrames#GOOD_IN_A_ROW_TO_RECOVER} frames in a row;</li>
 *   <li>rejected frames are reported one at a time only at the start of each {@link RejectedFrames#SUMMARY_INTERVAL};
 *       the rest are counted into one summary per interval;</li>
 *   <li>the backoff is reset by a good session (one that delivered what the link is for, or stayed up
 *       {@link #GOOD_SESSION}), not by a mere open.</li>
 * </ul>
 */
abstract class DriverSupport implements AutoCloseable {

    /** First wait before reopening a link, doubled at each failure up to {@link #MAX_RECONNECT_DELAY}. */
    public static final Duration FIRST_RECONNECT_DELAY = Backoff.DEFAULT_FIRST;
    public static final Duration MAX_RECONNECT_DELAY = Backoff.DEFAULT_MAX;
    /** A session that stayed open this long counts as good even if the device said nothing (a quiet scanner). */
    public static final Duration GOOD_SESSION = Duration.ofSeconds(30);

    /** Why the device is FAULTY, which decides what ends it. */
    private enum Fault { NONE, HARDWARE, REJECTS, DRIVER_ERROR }

    final String deviceId;
    final Clock clock;
    private final DeviceListener listener;
    private final Logger log;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    volatile boolean running;
    private volatile Thread thread;
    private volatile DeviceState state;
    private Fault fault = Fault.NONE;
    Backoff backoff = Backoff.standard();
    LongSupplier ticker = System::nanoTime;
    private RejectedFrames rejects = new RejectedFrames();
    private boolean sessionWorked;
    private long sessionOpenedNanos;
    private volatile long driverErrors;
    /** The last reconnect waits, newest last (a DISCONNECTED event is told once, so its detail names only the first). */
    private final java.util.Deque<Duration> recentWaits = new java.util.concurrent.ConcurrentLinkedDeque<>();

    DriverSupport(String deviceId, Clock clock, DeviceListener listener, Logger log) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank");
        }
        this.deviceId = deviceId;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.log = log;
    }

    /** The driver's loop; returns when {@link #running} turns false. May throw: the runtime restarts it. */
    abstract void run();

    abstract String threadName();

    /** True when the thread may sit in a call only an interrupt ends (an HTTP request waiting for a test). */
    boolean interruptOnClose() {
        return false;
    }

    /** Replaces the reconnect policy (tests use short delays); only before {@link #start()}. */
    void useBackoff(Backoff b) {
        requireNotStarted();
        this.backoff = Objects.requireNonNull(b, "backoff must not be null");
    }

    /** Replaces the summary interval of rejected frames (tests); only before {@link #start()}. */
    void useRejectionSummaryInterval(Duration interval) {
        requireNotStarted();
        this.rejects = new RejectedFrames(interval);
    }

    private void requireNotStarted() {
        if (thread != null) {
            throw new IllegalStateException(deviceId + ": driver already started");
        }
    }

    public synchronized void start() {
        requireNotStarted();
        running = true;
        Thread t = new Thread(this::supervise, threadName());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Runs {@link #run()} until the driver is closed. An unexpected exception is a bug or a device doing what
     * nobody foresaw: the device is FAULTY with the error as its detail, and the loop starts again after the
     * backoff, so one bad frame cannot silence a scale until the agent restarts.
     */
    private void supervise() {
        while (running) {
            try {
                run();
                if (running) {
                    throw new IllegalStateException("driver loop returned while the driver is running");
                }
            } catch (RuntimeException | LinkageError | AssertionError e) {
                if (!running) {
                    break;
                }
                driverErrors++;
                Duration wait = backoff.failed();
                log.error("{}: driver error, retrying in {} ms", deviceId, wait.toMillis(), e);
                fault = Fault.DRIVER_ERROR;
                changeState(DeviceState.FAULTY, "driver error: " + e + "; retrying in " + wait.toMillis() + " ms");
                pause(wait);
            } catch (VirtualMachineError e) {
                changeState(DeviceState.FAULTY, "driver stopped: " + e);
                throw e;
            }
        }
        flushRejects();
    }

    public String deviceId() {
        return deviceId;
    }

    /** The last state reported, or empty before the first attempt to open the link. */
    public Optional<DeviceState> state() {
        return Optional.ofNullable(state);
    }

    /** Unexpected exceptions the runtime caught and recovered from since start. */
    public long driverErrors() {
        return driverErrors;
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

    /**
     * A frame was decoded into something usable. Ends a FAULTY state caused by rejects once enough good frames came
     * in a row, or one caused by a driver error.
     */
    void frameAccepted() {
        rejects.accepted();
        sessionWorked();
        if (fault == Fault.REJECTS && rejects.decodingAgain()) {
            fault = Fault.NONE;
            changeState(DeviceState.CONNECTED, RejectedFrames.GOOD_IN_A_ROW_TO_RECOVER + " frames in a row decoded");
        }
    }

    /** A frame that gave nothing usable: reported now, or counted into this interval's summary. */
    void reject(String reason, String raw) {
        rejects.rejected(reason, raw, ticker.getAsLong()).ifPresent(this::report);
        if (rejects.mostlyRejected() && fault != Fault.REJECTS && fault != Fault.HARDWARE
                && state != DeviceState.DISCONNECTED) {
            fault = Fault.REJECTS;
            changeState(DeviceState.FAULTY, rejects.rejectsInWindow() + " of the last " + rejects.framesInWindow()
                    + " frames rejected (last: " + reason + "); its readings are not used until "
                    + RejectedFrames.GOOD_IN_A_ROW_TO_RECOVER + " frames in a row decode");
        }
    }

    void reject(CsvProblem p) {
        reject(p.toString(), "");
    }

    /** Reports a summary of rejects whose interval has ended; drivers call it from their loops. */
    void rejectsDue() {
        rejects.due(ticker.getAsLong()).ifPresent(this::report);
    }

    private void flushRejects() {
        rejects.flush().ifPresent(this::report);
    }

    private void report(RejectedFrames.Report r) {
        FrameError error = new FrameError(deviceId, r.reason(), r.raw(), clock.instant(), r.count());
        tell(() -> listener.frameRejected(error));
    }

    /** The device reports a hardware fault: FAULTY until it weighs (or measures) again. */
    void hardwareFault(String reason, String raw) {
        fault = Fault.HARDWARE;
        changeState(DeviceState.FAULTY, reason);
        reject(reason, raw);
    }

    /** The device works again after a hardware fault (it sent a value). */
    void hardwareRecovered(String detail) {
        if (fault == Fault.HARDWARE) {
            fault = Fault.NONE;
            changeState(DeviceState.CONNECTED, detail);
        }
    }

    boolean faultyForRejects() {
        return fault == Fault.REJECTS;
    }

    void changeState(DeviceState next, String detail) {
        if (next == state) {
            return;
        }
        if (next == DeviceState.CONNECTED && state == DeviceState.FAULTY && fault != Fault.NONE) {
            // A reopened link after a fault is not yet a working device: it stays FAULTY until it proves otherwise.
            return;
        }
        if (next != DeviceState.FAULTY && next != DeviceState.CONNECTED) {
            fault = Fault.NONE;
        }
        state = next;
        log.info("{}: {} ({})", deviceId, next, detail);
        DeviceEvent event = new DeviceEvent(deviceId, next, detail, clock.instant());
        tell(() -> listener.deviceStateChanged(event));
    }

    /** Tells something the device did while its link state stays the same (an overload, an aborted test). */
    void notice(String detail) {
        DeviceState s = state == null ? DeviceState.CONNECTED : state;
        log.info("{}: {} ({})", deviceId, s, detail);
        DeviceEvent event = new DeviceEvent(deviceId, s, detail, clock.instant());
        tell(() -> listener.deviceStateChanged(event));
    }

    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("{}: listener failed", deviceId, e);
        }
    }

    /** A link was opened: a new session starts, whose worth is not known yet. */
    void sessionOpened() {
        sessionWorked = false;
        sessionOpenedNanos = ticker.getAsLong();
        rejects.newSession();
    }

    /** The session delivered what the link is for: the next failure waits the first delay again. */
    void sessionWorked() {
        if (!sessionWorked) {
            sessionWorked = true;
            backoff.succeeded();
            if (fault == Fault.DRIVER_ERROR) {
                fault = Fault.NONE;
                changeState(DeviceState.CONNECTED, "working again after a driver error");
            }
        }
    }

    /**
     * The link failed (or could not be opened): DISCONNECTED, then the wait the backoff gives, which is the first
     * delay again when the session that just ended was a good one.
     */
    void linkFailed(String why) {
        flushRejects();
        if (sessionOpenedNanos != 0 && !sessionWorked
                && ticker.getAsLong() - sessionOpenedNanos >= GOOD_SESSION.toNanos()) {
            backoff.succeeded();
        }
        sessionOpenedNanos = 0;
        sessionWorked = false;
        Duration wait = backoff.failed();
        recentWaits.addLast(wait);
        while (recentWaits.size() > 32) {
            recentWaits.pollFirst();
        }
        changeState(DeviceState.DISCONNECTED, (why == null ? "link failed" : why) + "; retrying in "
                + wait.toMillis() + " ms");
        pause(wait);
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

    /** The waits before the last (up to 32) reopen attempts, oldest first. */
    public java.util.List<Duration> recentReconnectWaits() {
        return java.util.List.copyOf(recentWaits);
    }

    /** The backoff's next wait (what a failure now would cost); for tests and status lines. */
    public Duration nextReconnectDelay() {
        return backoff.peek();
    }

    /**
     * Reads a byte transport until the driver stops: open, tell CONNECTED, hand every chunk on; on a failure close,
     * tell DISCONNECTED, wait with the backoff and open anew.
     *
     * @param dropStale drop what the link delivers right after the open (a device server's buffer of old frames)
     * @param onOpen    runs after each successful open (reset a parser's state)
     * @param chunks    receives each chunk read: the buffer and how many bytes of it are new; it calls
     *                  {@link #sessionWorked()} once the input proved useful
     */
    final void readStream(ByteTransport link, boolean dropStale, Runnable onOpen, ObjIntConsumer<byte[]> chunks) {
        byte[] buffer = new byte[4096];
        try {
            while (running) {
                try {
                    link.open();
                } catch (IOException e) {
                    linkFailed(e.getMessage());
                    continue;
                }
                sessionOpened();
                try {
                    long dropped = dropStale ? link.discardInput() : 0;
                    onOpen.run();
                    changeState(DeviceState.CONNECTED, link.describe() + " open"
                            + (dropped > 0 ? "; " + dropped + " stale byte(s) from before the connect dropped" : ""));
                    while (running) {
                        int n = link.read(buffer);
                        if (n > 0) {
                            chunks.accept(buffer, n);
                        }
                        rejectsDue();
                    }
                } catch (IOException e) {
                    link.close();
                    if (running) {
                        linkFailed(e.getMessage());
                    }
                }
            }
        } finally {
            link.close();
        }
    }
}
