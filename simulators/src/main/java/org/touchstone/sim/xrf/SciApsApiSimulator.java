package org.touchstone.sim.xrf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.touchstone.drivers.protocol.sciaps.SciApsCodec;
import org.touchstone.drivers.protocol.sciaps.SciApsIdentity;
import org.touchstone.drivers.reading.XrfReading;

/**
 * A SciAps-style remote API on loopback (JDK {@link HttpServer}, free port): {@code GET /api/v2/id} and
 * {@code POST /api/v2/test/final?mode=}. A test request waits, as on the instrument, until the operator pulls the
 * trigger: {@link #trigger} queues the item, the next request measures it and answers with the result. Answers
 * are written by {@link SciApsCodec}, the mapping the agent reads with.
 */
public final class SciApsApiSimulator implements AutoCloseable {

    /** One pull of the trigger: what is on the nose, for how long, or an error the analyzer should report. */
    private record Trigger(XrfItem item, double seconds, int errorCode, String rawAnswer) {
    }

    private final SimulatedXrfAnalyzer analyzer;
    private final double coverageFactor;
    private final SciApsCodec codec = new SciApsCodec();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "sciaps-sim");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Trigger> triggers = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    /** Starts serving; uncertainties are written at {@code coverageFactor}. */
    public SciApsApiSimulator(SimulatedXrfAnalyzer analyzer, double coverageFactor) throws IOException {
        this.analyzer = analyzer;
        this.coverageFactor = coverageFactor;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/id", this::identity);
        server.createContext("/api/v2/test/final", this::test);
        server.setExecutor(executor);
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The operator pulls the trigger on this item. */
    public void trigger(XrfItem item, double seconds) {
        triggers.add(new Trigger(item, seconds, 0, null));
    }

    /** The next test fails with this error code. */
    public void failNext(int errorCode) {
        triggers.add(new Trigger(null, 0, errorCode, null));
    }

    /** The next test answers with these bytes, whatever they are. */
    public void answerNextWith(String raw) {
        triggers.add(new Trigger(null, 0, 0, raw));
    }

    private void identity(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET")) {
            send(ex, 405, "{\"error\":\"GET only\"}");
            return;
        }
        send(ex, 200, codec.encodeIdentity(new SciApsIdentity("XRF", analyzer.serial(), analyzer.model(),
                List.of("PreciousMetals", "Alloy", "Mining"))));
    }

    private void test(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            send(ex, 405, "{\"error\":\"POST only\"}");
            return;
        }
        String query = ex.getRequestURI().getQuery();
        String mode = query == null ? null : query.replaceFirst("^.*mode=([^&]*).*$", "$1");
        if (mode == null || mode.isBlank() || !List.of("PreciousMetals", "Alloy", "Mining").contains(mode)) {
            send(ex, 400, "{\"error\":\"unknown mode\"}");
            return;
        }
        try {
            Trigger t = null;
            while (!closed && t == null) {
                t = triggers.poll(200, TimeUnit.MILLISECONDS);
            }
            if (t == null) {
                send(ex, 503, "{\"error\":\"shutting down\"}");
                return;
            }
            if (t.rawAnswer() != null) {
                send(ex, 200, t.rawAnswer());
                return;
            }
            if (t.errorCode() != 0) {
                send(ex, 200, "{\"status\":\"ERROR\",\"abortedByUser\":false,\"errorCode\":" + t.errorCode()
                        + ",\"spectra\":[]}");
                return;
            }
            XrfReading r;
            synchronized (analyzer) {
                analyzer.setMode(mode);
                r = analyzer.shoot(t.item(), t.seconds(), null);
            }
            send(ex, 200, codec.encodeTest(r, coverageFactor));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 503, "{\"error\":\"interrupted\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
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
