package org.touchstone.drivers.driver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.transport.Backoff;
import org.touchstone.drivers.transport.ByteTransport;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Joins one {@link ByteTransport} to one {@link ScaleProtocol} and turns what the scale says into
 * {@link WeightReading}s, rejected frames and device events, on the one driver runtime ({@link DriverSupport}).
 *
 * <p>Each driver owns one thread, so a slow or absent scale never delays another device. In
 * {@link ScaleProtocol.Mode#POLL} mode it sends one command, waits for an answer or {@link #REPLY_TIMEOUT}, and
 * only then sends the next (MT-SICS balances confuse or drop commands sent early). In
 * {@link ScaleProtocol.Mode#STREAM} mode it sends the protocol's start command, if any, and listens; a watchdog
 * marks the device silent after {@link #SILENCE_TIMEOUT}.
 *
 * <p>After a disconnect, a failed open or a long silence it closes the link and reopens it (a new port or socket
 * object) with the backoff; what the link delivers right after the open is dropped
 * ({@link ByteTransport#discardInput()}), so a stale weight buffered by the port or a device server is never stamped
 * as fresh.
 *
 * <p>What it reports ({@link Reporting}): every frame, for commissioning and calibration; or, for the agent, the
 * changes: a reading when the indication (value, unit, stability, kind, tare) changes, the
 * {@link #CONFIRMATIONS} identical stable frames after it (the polls that make a weighing), then identical frames
 * folded into one repeat report per {@link #REPEAT_INTERVAL} and when the indication changes, each carrying how many
 * frames it stands for ({@link WeightReading#polls()}). No frame goes unaccounted: the polls of the reports add up to
 * the weight frames received. Overload, underload and not-ready are reported when they begin, not per frame.
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
    /** Identical stable frames after a change that are still reported one by one: they confirm a weighing. */
    public static final int CONFIRMATIONS = 2;
    /** How often an unchanged indication is reported, with the count of the frames it stood for. */
    public static final Duration REPEAT_INTERVAL = Duration.ofSeconds(60);

    /** Which frames become readings. */
    public enum Reporting {
        /** Every weight frame (commissioning, calibration at the terminal). */
        EVERY_FRAME,
        /** Changes of indication and stability, the frames that confirm a weighing, and counted repeats. */
        CHANGES
    }

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
    private Reporting reporting = Reporting.EVERY_FRAME;
    private Duration repeatInterval = REPEAT_INTERVAL;
    private final Indications indications = new Indications();
    private ScaleMessage.Condition.State condition;
    private volatile long weightFrames;
    private volatile long readingsReported;

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

    /** Reports changes rather than every frame (see the class comment); before {@link #start()}. */
    public ScaleDriver reporting(Reporting r) {
        this.reporting = Objects.requireNonNull(r, "reporting must not be null");
        return this;
    }

    /** How often an unchanged indication is reported when reporting changes; before {@link #start()}. */
    public ScaleDriver repeatInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("repeatInterval must be > 0, was: " + interval);
        }
        this.repeatInterval = interval;
        return this;
    }

    /** The reconnect policy; before {@link #start()} (tests use short delays). */
    public ScaleDriver reconnectBackoff(Backoff b) {
        useBackoff(b);
        return this;
    }

    /** How long rejected frames are counted into one summary; before {@link #start()}. */
    public ScaleDriver rejectionSummaryInterval(Duration interval) {
        useRejectionSummaryInterval(interval);
        return this;
    }

    public ScaleProtocol protocol() {
        return protocol;
    }

    public ScaleProtocol.Mode mode() {
        return mode;
    }

    /** The scale's serial number, once it has answered the protocol's identity request with one. */
    public Optional<String> serialNumber() {
        return Optional.ofNullable(serialNumber);
    }

    /** Weight frames decoded since start. */
    public long weightFrames() {
        return weightFrames;
    }

    /** Readings reported since start. */
    public long readingsReported() {
        return readingsReported;
    }

    @Override
    String threadName() {
        return "scale-" + deviceId;
    }

    @Override
    void run() {
        try {
            while (running) {
                try {
                    transport.open();
                } catch (IOException e) {
                    linkFailed(e.getMessage());
                    continue;
                }
                sessionOpened();
                try {
                    long dropped = transport.discardInput();
                    parser = protocol.newParser();
                    missedReplies = 0;
                    lastHeardNanos = System.nanoTime();
                    condition = null;
                    changeState(DeviceState.CONNECTED, transport.describe() + " open (" + protocol.name() + ", "
                            + mode.name().toLowerCase(java.util.Locale.ROOT) + ")"
                            + (dropped > 0 ? "; " + dropped + " stale byte(s) from before the connect dropped" : ""));
                    if (serialNumber == null && protocol.identityRequest().isPresent()) {
                        parser.expectIdentity();
                        exchange(protocol.identityRequest().get());
                    }
                    if (mode == ScaleProtocol.Mode.POLL) {
                        poll();
                    } else {
                        stream();
                    }
                } catch (IOException e) {
                    transport.close();
                    flushIndication();
                    if (running) {
                        linkFailed(e.getMessage());
                    }
                }
            }
        } finally {
            flushIndication();
            transport.close();
        }
    }

    private void poll() throws IOException {
        byte[] command = protocol.pollRequest().orElseThrow();
        while (running) {
            long started = System.nanoTime();
            if (!exchange(command) && missedReplies >= MISSED_REPLIES_BEFORE_REOPEN) {
                throw new IOException(missedReplies + " polls unanswered; reopening " + transport.describe());
            }
            maintenance();
            pause(pollInterval.minusNanos(System.nanoTime() - started));
        }
    }

    private void stream() throws IOException {
        byte[] start = protocol.streamRequest().orElseThrow();
        if (start.length > 0) {
            transport.write(start);
        }
        while (running) {
            readOnce();
            long silentNanos = System.nanoTime() - lastHeardNanos;
            if (silentNanos > SILENCE_TIMEOUT.toNanos() && currentState() == DeviceState.CONNECTED) {
                changeState(DeviceState.SILENT, "nothing received for " + TimeUnit.NANOSECONDS.toMillis(silentNanos)
                        + " ms");
            }
            if (silentNanos > REOPEN_AFTER_SILENCE.toNanos()) {
                throw new IOException("nothing received for " + TimeUnit.NANOSECONDS.toMillis(silentNanos)
                        + " ms; reopening " + transport.describe());
            }
            maintenance();
        }
    }

    /** What is due whatever arrives: a summary of rejected frames, a repeat of an unchanged indication. */
    private void maintenance() {
        rejectsDue();
        indications.repeatDue(System.nanoTime());
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
            // Handing readings over may wait for the agent (its desk's backpressure): that wait is not the scale's
            // silence, and must not close the link and drop what the port buffered meanwhile.
            lastHeardNanos = System.nanoTime();
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
        if (message instanceof ScaleMessage.Malformed m) {
            reject(m.reason(), m.raw());
            return;
        }
        if (message instanceof ScaleMessage.Refused r) {
            reject(r.reason(), r.raw());
            return;
        }
        if (message instanceof ScaleMessage.Fault f) {
            flushIndication();
            hardwareFault(f.reason(), f.raw());
            return;
        }
        WeightReading reading = null;
        if (message instanceof ScaleMessage.Weight w) {
            try {
                reading = new WeightReading(deviceId, w.value(), w.unit(), w.stable(), clock.instant(),
                        null, w.raw(), w.valueAsSent(), w.kind(), w.tare(), serialNumber, w.resolution(), 1);
            } catch (IllegalArgumentException e) {
                // A frame of 13 or more digits, which no scale shows: refused like any malformed frame.
                reject(e.getMessage(), w.raw());
                return;
            }
        }
        frameAccepted();
        if (message instanceof ScaleMessage.Weight w) {
            weightFrames++;
            hardwareRecovered("weighing again");
            condition = null;
            if (faultyForRejects()) {
                // A device mostly sending garbage: its rare good frames are not trusted as weighings.
                return;
            }
            indications.weighed(reading, System.nanoTime());
        } else if (message instanceof ScaleMessage.Condition c) {
            flushIndication();
            if (c.state() != condition) {
                condition = c.state();
                notice(c.detail() + " [" + c.raw().trim() + "]");
            }
        } else if (message instanceof ScaleMessage.Identity id) {
            serialNumber = id.serialNumber();
            LOG.info("{}: serial number {}", deviceId, serialNumber);
        } else if (message instanceof ScaleMessage.Acknowledged a) {
            LOG.debug("{}: {}", deviceId, a.what());
        }
    }

    private void flushIndication() {
        indications.flush();
    }

    private void report(WeightReading r) {
        readingsReported++;
        reading(r);
    }

    /**
     * Decides which weight frames become readings (see {@link Reporting}). Driver thread only.
     *
     * <p>A change of indication is reported at once. The first time an indication is seen in a stable period, its
     * next {@link #CONFIRMATIONS} identical frames are reported too (they confirm a weighing); a last digit that
     * flickers back to a value already confirmed is reported as the change it is, without confirmations again.
     * Identical frames are otherwise folded, per indication, and each indication's folded frames are reported as
     * one repeat ({@link WeightReading#polls()} frames, the last received at its {@code receivedAt}) every
     * {@link #repeatInterval} and when the stable period ends (motion, a condition, the link closing), so every frame
     * is accounted for.
     */
    private final class Indications {
        private WeightReading shown;
        private int confirmations;
        /** Indications that had their confirmations in this stable period. */
        private final java.util.Set<WeightReading> confirmed = new java.util.HashSet<>();
        /** Folded frames per indication, in the order first folded: the count and the last of them. */
        private final java.util.Map<WeightReading, WeightReading> lastFolded = new java.util.LinkedHashMap<>();
        private final java.util.Map<WeightReading, Integer> folded = new java.util.HashMap<>();
        private long lastRepeatNanos = System.nanoTime();

        void weighed(WeightReading r, long now) {
            if (reporting == Reporting.EVERY_FRAME) {
                report(r);
                return;
            }
            WeightReading key = key(r);
            if (!r.stable()) {
                flush();
            }
            if (!r.sameIndication(shown)) {
                shown = r;
                confirmations = r.stable() && confirmed.add(key) ? 0 : CONFIRMATIONS;
                report(r);
                return;
            }
            if (r.stable() && confirmations < CONFIRMATIONS) {
                confirmations++;
                report(r);
                return;
            }
            folded.merge(key, 1, Integer::sum);
            lastFolded.put(key, r);
            repeatDue(now);
        }

        void repeatDue(long now) {
            if (!folded.isEmpty() && now - lastRepeatNanos >= repeatInterval.toNanos()) {
                reportFolds();
                lastRepeatNanos = now;
            }
        }

        /** The stable period ends: reports what was folded and forgets what was confirmed. */
        void flush() {
            reportFolds();
            confirmed.clear();
            shown = null;
        }

        private void reportFolds() {
            for (java.util.Map.Entry<WeightReading, WeightReading> e : lastFolded.entrySet()) {
                WeightReading last = e.getValue();
                report(last.repeated(folded.get(e.getKey()), last.receivedAt()));
            }
            lastFolded.clear();
            folded.clear();
        }

        /** What identifies an indication: the reading with everything but what it shows set aside. */
        private WeightReading key(WeightReading r) {
            return new WeightReading("key", r.value(), r.unit(), r.stable(), Instant.EPOCH, null, "",
                    r.value().toPlainString(), r.kind(), r.tare(), null, null, 1);
        }
    }
}
