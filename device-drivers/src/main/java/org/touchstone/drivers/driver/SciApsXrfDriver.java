package org.touchstone.drivers.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.protocol.sciaps.SciApsCodec;
import org.touchstone.drivers.protocol.sciaps.SciApsIdentity;

/**
 * A SciAps analyzer on its remote API. It reads the analyzer's identity and keeps checking that the analyzer answers
 * ({@code GET /api/v2/id} every {@code statusInterval}), but it never fires the tube by itself: the API's
 * {@code POST /api/v2/test/final} <em>starts</em> a test, so a test is started only when asked
 * ({@link #requestTest}), one at a time. The API has no way to tell a client about a test the operator started with
 * the trigger on the analyzer itself: those results reach the agent through the analyzer's exports (a watched
 * folder), not through this driver.
 *
 * <p>Only a completed test becomes a reading. An aborted test, an internal abort, a live update or an error code is
 * a device event ({@link DeviceListener#deviceStateChanged} with the state unchanged and the detail saying what
 * happened) and the requester's outcome. A test not answered within the client's test timeout is aborted with
 * {@code POST /api/v2/abort}. Every reading carries the analyzer's serial ({@code InstrumentId.id}) and, as its test
 * number, the result's {@code timestamp}: the API numbers no tests, and no two tests of one analyzer share a start.
 */
public final class SciApsXrfDriver extends DriverSupport implements XrfTestRequests {

    private static final Logger LOG = LoggerFactory.getLogger(SciApsXrfDriver.class);
    /** The default acquisition settings body: the analyzer's own user settings for the mode (README example). */
    public static final String DEFAULT_SETTINGS = "{}";

    private record Request(String requestedBy, CompletableFuture<Outcome> outcome) {
    }

    private final SciApsClient client;
    private final String mode;
    private final double coverageFactor;
    private final Duration statusInterval;
    private final SciApsCodec codec = new SciApsCodec();
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>(1);
    private final AtomicReference<Request> inFlight = new AtomicReference<>();
    private volatile SciApsIdentity identity;
    private volatile long testsStarted;

    /**
     * @param mode           the application, e.g. {@code PreciousMetals}
     * @param coverageFactor k of the API's uncertainties (the API does not say)
     * @param statusInterval how often the analyzer is asked for its identity while no test is requested
     */
    public SciApsXrfDriver(String deviceId, SciApsClient client, String mode, double coverageFactor,
                           Duration statusInterval, Clock clock, DeviceListener listener) {
        super(deviceId, clock, listener, LOG);
        this.client = Objects.requireNonNull(client, "client must not be null");
        if (mode == null || mode.isBlank()) {
            throw new IllegalArgumentException("mode must not be blank");
        }
        this.mode = mode;
        if (!(coverageFactor > 0)) {
            throw new IllegalArgumentException("coverageFactor must be > 0, was: " + coverageFactor);
        }
        this.coverageFactor = coverageFactor;
        this.statusInterval = Objects.requireNonNull(statusInterval, "statusInterval must not be null");
        if (statusInterval.isNegative() || statusInterval.isZero()) {
            throw new IllegalArgumentException("statusInterval must be > 0, was: " + statusInterval);
        }
    }

    public Optional<SciApsIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    /** Tests this driver started since start (each one fired the tube). */
    public long testsStarted() {
        return testsStarted;
    }

    @Override
    public CompletableFuture<Outcome> requestTest(String requestedBy) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Request r = new Request(requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy, outcome);
        if (!running) {
            outcome.complete(new Outcome(Ending.STOPPED, "the driver of " + deviceId + " is not running", null));
        } else if (identity == null || currentState() != DeviceState.CONNECTED) {
            outcome.complete(new Outcome(Ending.NOT_CONNECTED, deviceId + " is not connected ("
                    + currentState() + "); no test started", null));
        } else if (!inFlight.compareAndSet(null, r)) {
            outcome.complete(new Outcome(Ending.BUSY, "a test on " + deviceId + " is already running; one at a time",
                    null));
        } else if (!requests.offer(r)) {
            inFlight.set(null);
            outcome.complete(new Outcome(Ending.BUSY, "a test on " + deviceId + " is already waiting", null));
        }
        return outcome;
    }

    @Override
    boolean interruptOnClose() {
        return true;
    }

    @Override
    String threadName() {
        return "xrf-sciaps-" + deviceId;
    }

    @Override
    void run() {
        try {
            while (running) {
                try {
                    SciApsIdentity id = codec.decodeIdentity(client.identity(), client.base() + "/api/v2/id");
                    sessionWorked();
                    if (identity == null) {
                        identity = id;
                        changeState(DeviceState.CONNECTED, "SciAps " + id.family() + " " + id.model() + " serial "
                                + id.serial() + " at " + client.base() + "; tests start only when requested");
                        if (!id.apps().isEmpty() && !id.apps().contains(mode)) {
                            reject("mode " + mode + " is not among the analyzer's applications " + id.apps(), "");
                        }
                    } else {
                        identity = id;
                        changeState(DeviceState.CONNECTED, "answering again at " + client.base());
                    }
                    Request r = requests.poll(statusInterval.toMillis(), TimeUnit.MILLISECONDS);
                    if (r != null) {
                        test(r);
                    }
                } catch (MalformedInputException e) {
                    reject(e.getMessage(), "");
                    failWaiting(Ending.NOT_CONNECTED, "the analyzer's identity cannot be read");
                    linkFailed("the analyzer's identity cannot be read");
                } catch (IOException e) {
                    failWaiting(Ending.NOT_CONNECTED, "the analyzer stopped answering: " + e.getMessage());
                    if (running) {
                        linkFailed(e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failWaiting(Ending.STOPPED, "the driver stopped");
        }
    }

    /** A request that was not started is never started later: it fails now, so nobody fires the tube late. */
    private void failWaiting(Ending ending, String detail) {
        Request waiting = requests.poll();
        Request r = inFlight.getAndSet(null);
        for (Request x : new Request[] {waiting, r}) {
            if (x != null) {
                x.outcome().complete(new Outcome(ending, detail + "; no test started", null));
            }
        }
    }

    /** Runs one requested test: the only place the tube is fired. */
    private void test(Request r) throws InterruptedException {
        String source = client.base() + "/api/v2/test/final?mode=" + mode;
        Outcome outcome;
        try {
            testsStarted++;
            LOG.info("{}: test requested by {} ({})", deviceId, r.requestedBy(), source);
            byte[] answer;
            try {
                answer = client.finalTest(mode, DEFAULT_SETTINGS);
            } catch (InterruptedException e) {
                abortQuietly("the agent stopped during the test");
                throw e;
            }
            outcome = outcome(answer, source);
        } catch (SciApsClient.AnswerTooLong e) {
            reject(source + ": " + e.getMessage(), "");
            outcome = new Outcome(Ending.REFUSED, e.getMessage(), null);
        } catch (SciApsClient.TestTimedOut e) {
            String aborted = abortQuietly(e.getMessage());
            outcome = new Outcome(Ending.TIMED_OUT, e.getMessage() + "; " + aborted, null);
            notice(outcome.detail());
        } catch (IOException e) {
            outcome = new Outcome(Ending.NOT_CONNECTED, "test failed: " + e.getMessage(), null);
            inFlight.set(null);
            r.outcome().complete(outcome);
            linkFailed(e.getMessage());
            return;
        }
        inFlight.set(null);
        r.outcome().complete(outcome);
    }

    private Outcome outcome(byte[] answer, String source) {
        String raw = new String(answer, StandardCharsets.UTF_8);
        try {
            Optional<SciApsCodec.Ended> ended = codec.ending(answer, source);
            if (ended.isPresent()) {
                SciApsCodec.Ended e = ended.get();
                notice(e.detail());
                return new Outcome(e.ending() == SciApsCodec.Ending.ERROR ? Ending.ERROR : Ending.ABORTED,
                        e.detail(), null);
            }
            SciApsCodec.Decoded d = codec.decodeTest(answer, source, deviceId, identity, coverageFactor,
                    clock.instant());
            frameAccepted();
            d.problems().forEach(p -> reject(source + ": " + p, ""));
            reading(d.reading());
            return new Outcome(Ending.COMPLETED, "test " + d.reading().testNumber() + " completed"
                    + (d.problems().isEmpty() ? "" : "; left out: " + String.join("; ", d.problems())), d.reading());
        } catch (MalformedInputException e) {
            reject(e.getMessage(), raw.length() > 2000 ? raw.substring(0, 2000) + "..." : raw);
            return new Outcome(Ending.REFUSED, e.getMessage(), null);
        }
    }

    /** Sends the abort endpoint; returns what came of it, for the event's detail. */
    private String abortQuietly(String why) {
        boolean interrupted = Thread.interrupted();
        try {
            int status = client.abort();
            LOG.warn("{}: {}: abort sent, HTTP {}", deviceId, why, status);
            return "abort sent (HTTP " + status + ")";
        } catch (IOException | InterruptedException e) {
            LOG.warn("{}: {}: abort failed: {}", deviceId, why, e.toString());
            return "abort failed: " + e.getMessage();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
