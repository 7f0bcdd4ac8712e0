package org.touchstone.drivers.driver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.protocol.mtsics.MtSicsFormat;
import org.touchstone.drivers.protocol.mtsics.MtSicsLineFramer.LineEnd;
import org.touchstone.drivers.protocol.mtsics.MtSicsParser;
import org.touchstone.drivers.protocol.mtsics.MtSicsResponse;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.transport.serial.SerialSettings;
import org.touchstone.drivers.transport.serial.SerialTransport;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Polls one MT-SICS balance over a serial port and turns its answers into {@link WeightReading}s and device events.
 *
 * <p>Each driver owns one thread, so a slow or absent balance never delays another device. MT-SICS is half
 * duplex and a balance may confuse or drop commands sent before the previous answer, so the driver sends one
 * command, waits for an answer or {@link #REPLY_TIMEOUT}, and only then sends the next. After a disconnect or a
 * failed open it closes the port and reopens it from the configured path with capped exponential backoff.
 *
 * <p>Time: {@link Clock} stamps readings and events; waits use {@link System#nanoTime()} so a fixed test clock
 * cannot stall the driver.
 */
public final class MtSicsScaleDriver implements AutoCloseable {

    /** How long a balance may take to answer SI or I4; SI is answered at once, so this is generous. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(1);
    /** Unanswered commands in a row before the device counts as silent. */
    public static final int MISSED_REPLIES_BEFORE_SILENT = 3;
    public static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(200);
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(MtSicsScaleDriver.class);

    private final String deviceId;
    private final Duration pollInterval;
    private final Clock clock;
    private final DeviceListener listener;
    private final SerialTransport transport;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final List<MtSicsResponse> received = new ArrayList<>();
    private final MtSicsParser parser;
    private final byte[] readBuffer = new byte[512];
    private volatile boolean running;
    private volatile Thread thread;
    private volatile DeviceState state;
    private volatile String serialNumber;
    private int missedReplies;

    public MtSicsScaleDriver(String deviceId, SerialSettings settings, Duration pollInterval, Clock clock,
                             DeviceListener listener) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank");
        }
        Objects.requireNonNull(settings, "settings must not be null");
        Objects.requireNonNull(pollInterval, "pollInterval must not be null");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be > 0, was: " + pollInterval);
        }
        this.deviceId = deviceId;
        this.pollInterval = pollInterval;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.transport = new SerialTransport(settings);
        this.parser = new MtSicsParser(new MtSicsParser.Listener() {
            @Override
            public void responseReceived(MtSicsResponse response) {
                received.add(response);
            }

            @Override
            public void irregularLineEnd(LineEnd kind, String line) {
                LOG.warn("{}: line ended with {} instead of CR LF (check the balance's EOL setting): {}",
                        deviceId, kind, line);
            }
        });
    }

    /** Starts the driver's thread; it opens the port and keeps it open until {@link #close()}. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(deviceId + ": driver already started");
        }
        running = true;
        Thread t = new Thread(this::run, "mtsics-" + deviceId);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public String deviceId() {
        return deviceId;
    }

    /** The balance's serial number from I4, once it has answered. */
    public Optional<String> serialNumber() {
        return Optional.ofNullable(serialNumber);
    }

    /** The last state reported, or empty before the first attempt to open the port. */
    public Optional<DeviceState> state() {
        return Optional.ofNullable(state);
    }

    /** Stops polling and closes the port; returns once the driver's thread has ended (within about a second). */
    @Override
    public void close() {
        running = false;
        stopSignal.countDown();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Duration backoff = FIRST_RECONNECT_DELAY;
        try {
            while (running) {
                try {
                    transport.open();
                } catch (IOException | RuntimeException e) {
                    changeState(DeviceState.DISCONNECTED, e.getMessage());
                    pause(backoff);
                    backoff = nextBackoff(backoff);
                    continue;
                }
                parser.reset();
                received.clear();
                missedReplies = 0;
                changeState(DeviceState.CONNECTED, "port " + transport.settings().path() + " open");
                try {
                    if (serialNumber == null) {
                        exchange(MtSicsFormat.SERIAL_NUMBER);
                    }
                    while (running) {
                        long started = System.nanoTime();
                        if (exchange(MtSicsFormat.SEND_IMMEDIATELY)) {
                            backoff = FIRST_RECONNECT_DELAY;
                        }
                        pause(pollInterval.minusNanos(System.nanoTime() - started));
                    }
                } catch (IOException | RuntimeException e) {
                    transport.close();
                    if (running) {
                        changeState(DeviceState.DISCONNECTED, e.getMessage());
                        pause(backoff);
                        backoff = nextBackoff(backoff);
                    }
                }
            }
        } finally {
            transport.close();
        }
    }

    /**
     * Sends one command and waits for an answer. Whatever arrives is handled by its kind, not matched to the
     * command: a late answer to an earlier command still carries a weight worth keeping.
     *
     * @return true when the balance answered in time
     */
    private boolean exchange(byte[] command) throws IOException {
        transport.write(command);
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (running && System.nanoTime() - deadline < 0) {
            int n = transport.read(readBuffer);
            if (n > 0) {
                parser.feed(readBuffer, 0, n);
                if (!received.isEmpty()) {
                    List<MtSicsResponse> batch = new ArrayList<>(received);
                    received.clear();
                    batch.forEach(this::handle);
                    missedReplies = 0;
                    if (state == DeviceState.SILENT) {
                        changeState(DeviceState.CONNECTED, "answering again");
                    }
                    return true;
                }
            }
        }
        if (running && ++missedReplies >= MISSED_REPLIES_BEFORE_SILENT && state == DeviceState.CONNECTED) {
            changeState(DeviceState.SILENT, missedReplies + " commands unanswered within " + REPLY_TIMEOUT.toMillis()
                    + " ms");
        }
        return false;
    }

    private void handle(MtSicsResponse response) {
        if (response instanceof MtSicsResponse.Weight w) {
            if (state == DeviceState.FAULTY) {
                changeState(DeviceState.CONNECTED, "weighing again");
            }
            WeightReading reading = new WeightReading(deviceId, w.value(), w.unit(), w.stable(), clock.instant(),
                    null, w.line());
            tell(() -> listener.readingReceived(reading));
        } else if (response instanceof MtSicsResponse.Identity id) {
            if (id.command().equals("I4")) {
                serialNumber = id.value();
            }
        } else if (response instanceof MtSicsResponse.HardwareError h) {
            String detail = "hardware error " + h.code() + " reported by the " + (h.fromTerminal() ? "terminal" : "balance");
            changeState(DeviceState.FAULTY, detail);
            reject(detail, h.line());
        } else if (response instanceof MtSicsResponse.Status s) {
            reject(statusReason(s), s.line());
        } else if (response instanceof MtSicsResponse.GeneralError g) {
            reject(generalErrorReason(g.code()), g.line());
        } else if (response instanceof MtSicsResponse.Malformed m) {
            reject(m.reason(), m.line());
        } else {
            reject("unexpected response to a weight poll", response.line());
        }
    }

    private static String statusReason(MtSicsResponse.Status s) {
        switch (s.status()) {
            case "I": return s.command() + " not executable now (busy, or no stable weight in time)";
            case "+": return "overload: weighing range exceeded";
            case "-": return "underload: weighing pan missing or below zero range";
            case "L": return s.command() + " refused: logical error";
            default: return "unexpected status answer " + s.command() + " " + s.status();
        }
    }

    private static String generalErrorReason(String code) {
        switch (code) {
            case "ES": return "balance did not recognise the command (ES)";
            case "ET": return "balance reports a transmission error (ET)";
            default: return "balance cannot execute the command (EL)";
        }
    }

    private void reject(String reason, String raw) {
        FrameError error = new FrameError(deviceId, reason, raw, clock.instant());
        tell(() -> listener.frameRejected(error));
    }

    private void changeState(DeviceState next, String detail) {
        if (next == state) {
            return;
        }
        state = next;
        LOG.info("{}: {} ({})", deviceId, next, detail);
        DeviceEvent event = new DeviceEvent(deviceId, next, detail, clock.instant());
        tell(() -> listener.deviceStateChanged(event));
    }

    /** A listener's bug must not look like a broken port and trigger a reconnect, so it is logged and contained. */
    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("{}: listener failed", deviceId, e);
        }
    }

    private static Duration nextBackoff(Duration current) {
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(MAX_RECONNECT_DELAY) > 0 ? MAX_RECONNECT_DELAY : doubled;
    }

    /** Waits, returning early when the driver is closed. */
    private void pause(Duration duration) {
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
