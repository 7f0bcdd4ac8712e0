package org.touchstone.sim.xrf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.touchstone.drivers.protocol.sciaps.SciApsCodec;
import org.touchstone.drivers.protocol.sciaps.SciApsIdentity;
import org.touchstone.drivers.reading.XrfReading;

/**
 * A stand-in for a SciAps analyzer's remote API on loopback (JDK {@link HttpServer}, free port), behaving as the
 * vendor's README says: {@code GET /api/v2/id} answers the identity; {@code POST /api/v2/test/final?mode=} with a
 * JSON body <em>starts a test</em>, fires the tube on whatever is on the nose ({@link #place}), and answers with the
 * result when the test ends; {@code POST /api/v2/abort} aborts the running test, which then answers as aborted.
 * It counts every test started ({@link #testsStarted()}), so a test can prove a client never fires it unasked.
 * Answers are written by {@link SciApsCodec}, the mapping the agent reads with.
 *
 * <p>Faults for tests: the operator aborts the next test, the next test ends with an error code, never ends (until
 * aborted), answers with arbitrary bytes, or answers a live update. A request without {@code Content-Type:
 * application/json} or with a body that is not a JSON object is refused with HTTP 415 or 400, as a strict server
 * would (the README always sends {@code -H "Content-Type: application/json" -d '{}'}).
 */
public final class SciApsApiSimulator implements AutoCloseable {

    /** What the next test does instead of measuring normally. */
    private enum Fault { NONE, OPERATOR_ABORT, ERROR, HANG, RAW, LIVE_UPDATE }

    private record Next(Fault fault, int errorCode, String raw) {
    }

    private static final List<String> APPS = List.of("PreciousMetals", "Alloy", "Mining");

    private final SimulatedXrfAnalyzer analyzer;
    private final double coverageFactor;
    private final SciApsCodec codec = new SciApsCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sciaps-sim");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Next> faults = new LinkedBlockingQueue<>();
    private final AtomicInteger testsStarted = new AtomicInteger();
    private final AtomicInteger abortRequests = new AtomicInteger();
    private final AtomicInteger refusedRequests = new AtomicInteger();
    private final AtomicInteger identityRequests = new AtomicInteger();
    private volatile XrfItem onTheNose;
    private volatile double testSeconds = 10;
    private volatile Duration testDuration = Duration.ofMillis(200);
    private volatile CountDownLatch running;
    private volatile boolean closed;

    /** Starts serving; uncertainties are written at {@code coverageFactor}. */
    public SciApsApiSimulator(SimulatedXrfAnalyzer analyzer, double coverageFactor) throws IOException {
        this.analyzer = analyzer;
        this.coverageFactor = coverageFactor;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/id", this::identity);
        server.createContext("/api/v2/test/final", this::test);
        server.createContext("/api/v2/abort", this::abort);
        server.setExecutor(executor);
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Puts an item on the nose: the next tests measure it, as if for {@code seconds} of acquisition (the answer
     * comes after {@link #testDuration}, much shorter, so tests stay fast).
     */
    public void place(XrfItem item, double seconds) {
        this.onTheNose = item;
        this.testSeconds = seconds;
    }

    /** How long a test takes to answer in real time (default 200 ms). */
    public void testDuration(Duration d) {
        this.testDuration = d;
    }

    /** Tests started by {@code POST /api/v2/test/final}: each one fired the tube. */
    public int testsStarted() {
        return testsStarted.get();
    }

    /** {@code POST /api/v2/abort} requests received. */
    public int abortRequests() {
        return abortRequests.get();
    }

    /** {@code GET /api/v2/id} requests answered. */
    public int identityRequests() {
        return identityRequests.get();
    }

    /** Test requests refused for their content type or body. */
    public int refusedRequests() {
        return refusedRequests.get();
    }

    /** The operator pulls the trigger off during the next test: it answers {@code CODE_USERABORT}. */
    public void operatorAbortsNext() {
        faults.add(new Next(Fault.OPERATOR_ABORT, 0, null));
    }

    /** The next test fails with this {@code XResultCodes} error. */
    public void failNext(int errorCode) {
        faults.add(new Next(Fault.ERROR, errorCode, null));
    }

    /** The next test never ends by itself; only {@code POST /api/v2/abort} ends it. */
    public void hangNext() {
        faults.add(new Next(Fault.HANG, 0, null));
    }

    /** The next test answers a live update ({@code CODE_LIVE_UPDATE}) with chemistry in it. */
    public void liveUpdateNext() {
        faults.add(new Next(Fault.LIVE_UPDATE, 0, null));
    }

    /** The next test answers with these bytes, whatever they are. */
    public void answerNextWith(String raw) {
        faults.add(new Next(Fault.RAW, 0, raw));
    }

    private void identity(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET")) {
            send(ex, 405, "{\"error\":\"GET only\"}");
            return;
        }
        identityRequests.incrementAndGet();
        send(ex, 200, codec.encodeIdentity(new SciApsIdentity("XRF", analyzer.serial(), analyzer.model(), APPS)));
    }

    private void abort(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            send(ex, 405, "{\"error\":\"POST only\"}");
            return;
        }
        abortRequests.incrementAndGet();
        CountDownLatch r = running;
        if (r != null) {
            r.countDown();
        }
        send(ex, 200, "");
    }

    private void test(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            send(ex, 405, "{\"error\":\"POST only\"}");
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        byte[] body = ex.getRequestBody().readAllBytes();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            refusedRequests.incrementAndGet();
            send(ex, 415, "{\"error\":\"Content-Type must be application/json\"}");
            return;
        }
        try {
            if (!json.readTree(body).isObject()) {
                throw new IOException("not an object");
            }
        } catch (IOException e) {
            refusedRequests.incrementAndGet();
            send(ex, 400, "{\"error\":\"body must be the acquisition settings as a JSON object\"}");
            return;
        }
        String query = ex.getRequestURI().getQuery();
        String mode = query == null ? null : query.replaceFirst("^.*mode=([^&]*).*$", "$1");
        if (mode == null || mode.isBlank() || !APPS.contains(mode)) {
            send(ex, 400, "{\"error\":\"unknown mode\"}");
            return;
        }
        testsStarted.incrementAndGet();
        Next next = faults.poll();
        Fault fault = next == null ? Fault.NONE : next.fault();
        CountDownLatch abortSignal = new CountDownLatch(1);
        running = abortSignal;
        try {
            boolean aborted;
            if (fault == Fault.HANG) {
                while (!closed && !abortSignal.await(100, TimeUnit.MILLISECONDS)) {
                    // the tube stays on until someone aborts
                }
                aborted = true;
            } else {
                aborted = abortSignal.await(testDuration.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (closed) {
                send(ex, 503, "{\"error\":\"shutting down\"}");
            } else if (aborted || fault == Fault.OPERATOR_ABORT) {
                send(ex, 200, codec.encodeEnded(1, true, 0));
            } else if (fault == Fault.ERROR) {
                send(ex, 200, codec.encodeEnded(next.errorCode(), false, next.errorCode()));
            } else if (fault == Fault.RAW) {
                send(ex, 200, next.raw());
            } else {
                XrfItem item = onTheNose;
                if (item == null) {
                    // Nothing on the nose: the analyzer measures air, which the simulated physics cannot; an error.
                    send(ex, 200, codec.encodeEnded(105, false, 105));
                    return;
                }
                XrfReading r;
                synchronized (analyzer) {
                    analyzer.setMode(mode);
                    r = analyzer.shoot(item, testSeconds, null);
                }
                String answer = codec.encodeTest(r, coverageFactor);
                if (fault == Fault.LIVE_UPDATE) {
                    answer = answer.replaceFirst("\"status\":0", "\"status\":4");
                }
                send(ex, 200, answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 503, "{\"error\":\"interrupted\"}");
        } finally {
            running = null;
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
