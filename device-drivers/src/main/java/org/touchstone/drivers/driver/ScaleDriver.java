package org.touchstone.drivers.driver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.transport.ByteTransport;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Joins one {@link ByteTransport} to one {@link ScaleProtocol} and turns what the scale says into
 * {@link WeightReading}s, rejected frames and device events.
 *
 * <p>Each driver owns one thread, so a slow or absent scale never delays another device. In
 * {@link ScaleProtocol.Mode#POLL} mode it sends one command, waits for an answer or {@link #REPLY_TIMEOUT}, and
 * only then sends the next (MT-SICS balances confuse or drop commands sent early). In
 * {@link ScaleProtocol.Mode#STREAM} mode it sends the protocol's start command, if any, and listens; a watchdog
 * marks the device silent after {@link #SILENCE_TIMEOUT}.
 *
 * <p>After a disconnect, a failed open or a long silence it closes the link and reopens it (a new port or socket
 * object) with capped exponential backoff; bytes buffered before the reopen are dropped so a stale weight is
 * never stamped as fresh.
 *
 * <p>Time: {@link Clock} stamps readings and events; waits use {@link System#nanoTime()} so a fixed test clock
 * cannot stall the driver.
 */
public final class ScaleDriver extends DriverSupport {

    /** How long a scale may take to answer a poll or an identity request. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(1);
    /** Unanswered polls in a row before the device counts as silent. */
    public static final int MISSED_REPLIES_BEFORE_SILENT = 3;
    /** Unanswered polls in a row before the link is closed and reopened (a power-cycled or hung adapter). */
    public static final int MISSED_REPLIES_BEFORE_REOPEN = 8;
    /** A streaming scale that sends nothing for this long counts as silent. */
    public static final Duration SILENCE_TIMEOUT = Duration.ofSeconds(2);
    /** A streaming scale silent this long has its link closed and reopened. */
    public static final Duration REOPEN_AFTER_SILENCE = Duration.ofSeconds(6);

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDriver.class);

    private final ByteTransport transport;
    private final ScaleProtocol protocol;
    private final ScaleProtocol.Mode mode;
    private final Duration pollInterval;
    private final byte[] readBuffer = new byte[512];
    private volatile String serialNumber;
    private ScaleParser parser;
    private int missedReplies;
    private long lastHeardNanos;

    /**
     * @param mode         poll or stream; the protocol must support it
     * @param pollInterval time between polls (ignored when streaming)
     */
    public ScaleDriver(String deviceId, ByteTransport transport, ScaleProtocol protocol, ScaleProtocol.Mode mode,
                       Duration pollInterval, Clock clock, DeviceListener listener) {
        super(deviceId, clock, listener, LOG);
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        this.protocol = Objects.requireNonNull(protocol, "protocol must not be null");
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        if (!protocol.supports(mode)) {
            throw new IllegalArgumentException("protocol " + protocol.name() + " cannot work in " + mode + " mode");
        }
        Objects.requireNonNull(pollInterval, "pollInterval must not be null");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be > 0, was: " + pollInterval);
        }
        this.pollInterval = pollInterval;
    }

    public ScaleProtocol protocol() {
        return protocol;
    }

    public ScaleProtocol.Mode mode() {
        return mode;
    }

    /** The scale's serial number, once it has answered the protocol's identity request. */
    public Optional<String> serialNumber() {
        return Optional.ofNullable(serialNumber);
    }

    @Override
    String threadName() {
        return "scale-" + deviceId;
    }

    @Override
    void run() {
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
                transport.discardInput();
                parser = protocol.newParser();
                missedReplies = 0;
                lastHeardNanos = System.nanoTime();
                changeState(DeviceState.CONNECTED, transport.describe() + " open (" + protocol.name() + ", "
                        + mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
                try {
                    if (serialNumber == null && protocol.identityRequest().isPresent()) {
                        parser.expectIdentity();
                        exchange(protocol.identityRequest().get());
                    }
                    if (mode == ScaleProtocol.Mode.POLL) {
                        backoff = poll(backoff);
                    } else {
                        backoff = stream(backoff);
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

    private Duration poll(Duration backoff) throws IOException {
        byte[] command = protocol.pollRequest().orElseThrow();
        while (running) {
            long started = System.nanoTime();
            if (exchange(command)) {
                backoff = FIRST_RECONNECT_DELAY;
            } else if (missedReplies >= MISSED_REPLIES_BEFORE_REOPEN) {
                throw new IOException(missedReplies + " polls unanswered; reopening " + transport.describe());
            }
            pause(pollInterval.minusNanos(System.nanoTime() - started));
        }
        return backoff;
    }

    private Duration stream(Duration backoff) throws IOException {
        byte[] start = protocol.streamRequest().orElseThrow();
        if (start.length > 0) {
            transport.write(start);
        }
        while (running) {
            if (readOnce() > 0) {
                backoff = FIRST_RECONNECT_DELAY;
            }
            long silentNanos = System.nanoTime() - lastHeardNanos;
            if (silentNanos > SILENCE_TIMEOUT.toNanos() && currentState() == DeviceState.CONNECTED) {
                changeState(DeviceState.SILENT, "nothing received for " + TimeUnit.NANOSECONDS.toMillis(silentNanos)
                        + " ms");
            }
            if (silentNanos > REOPEN_AFTER_SILENCE.toNanos()) {
                throw new IOException("nothing received for " + TimeUnit.NANOSECONDS.toMillis(silentNanos)
                        + " ms; reopening " + transport.describe());
            }
        }
        return backoff;
    }

    /** Reads once and handles what it completed; returns the number of messages. */
    private int readOnce() throws IOException {
        int n = transport.read(readBuffer);
        if (n <= 0) {
            return 0;
        }
        List<ScaleMessage> messages = parser.feed(readBuffer, 0, n);
        if (!messages.isEmpty()) {
            lastHeardNanos = System.nanoTime();
            if (currentState() == DeviceState.SILENT) {
                changeState(DeviceState.CONNECTED, "answering again");
            }
            messages.forEach(this::handle);
        }
        return messages.size();
    }

    /**
     * Sends one command and waits for an answer. Whatever arrives is handled by its kind, not matched to the
     * command: a late answer to an earlier command still carries a weight worth keeping.
     *
     * @return true when the scale answered in time
     */
    private boolean exchange(byte[] command) throws IOException {
        transport.write(command);
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (running && System.nanoTime() - deadline < 0) {
            if (readOnce() > 0) {
                missedReplies = 0;
                return true;
            }
        }
        if (running && ++missedReplies >= MISSED_REPLIES_BEFORE_SILENT && currentState() == DeviceState.CONNECTED) {
            changeState(DeviceState.SILENT, missedReplies + " commands unanswered within " + REPLY_TIMEOUT.toMillis()
                    + " ms");
        }
        return false;
    }

    private void handle(ScaleMessage message) {
        if (message instanceof ScaleMessage.Weight w) {
            if (currentState() == DeviceState.FAULTY) {
                changeState(DeviceState.CONNECTED, "weighing again");
            }
            WeightReading reading = new WeightReading(deviceId, w.value(), w.unit(), w.stable(), clock.instant(),
                    null, w.raw(), w.valueAsSent(), w.kind(), w.tare(), serialNumber);
            reading(reading);
        } else if (message instanceof ScaleMessage.Identity id) {
            serialNumber = id.serialNumber();
            LOG.info("{}: serial number {}", deviceId, serialNumber);
        } else if (message instanceof ScaleMessage.Fault f) {
            changeState(DeviceState.FAULTY, f.reason());
            reject(f.reason(), f.raw());
        } else if (message instanceof ScaleMessage.Refused r) {
            reject(r.reason(), r.raw());
        } else if (message instanceof ScaleMessage.Malformed m) {
            reject(m.reason(), m.raw());
        } else if (message instanceof ScaleMessage.Acknowledged a) {
            LOG.debug("{}: {}", deviceId, a.what());
        }
    }
}
