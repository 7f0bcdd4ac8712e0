package org.touchstone.drivers.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Talks HTTP to a SciAps analyzer's remote API ({@code http://<analyzer>:8080/api/v2/...}, SciAps/SciApsApi
 * README) with the JDK's {@link HttpClient}; returns the answers' bytes and leaves their meaning to
 * {@link org.touchstone.drivers.protocol.sciaps.SciApsCodec}.
 *
 * <p>As the API documents: {@code GET /api/v2/id}; {@code POST /api/v2/test/final?mode=<app>} with
 * {@code Content-Type: application/json} and the acquisition settings as the body ({@code {}} for the analyzer's
 * own), which <em>starts</em> a test (the tube fires) and answers when it ends; {@code POST /api/v2/abort}, which
 * aborts the running operation. Every answer is read up to {@link #MAX_ANSWER_BYTES}; a longer one is refused
 * unread, so an analyzer (or anything at its address) cannot fill the agent's memory.
 */
public final class SciApsClient {

    /** The port of the analyzer's API (SciApsClient.ANALYZER_PORT in the vendor's demo). */
    public static final int ANALYZER_PORT = 8080;
    /** Longest answer read: a final test with its spectra is tens of kilobytes. */
    public static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(30);

    /** A test request outlived its timeout; the test may still be running on the analyzer. */
    public static final class TestTimedOut extends IOException {
        TestTimedOut(String message) {
            super(message);
        }
    }

    private final URI base;
    private final Duration testTimeout;
    private final HttpClient http;

    /**
     * @param base        e.g. {@code http://192.168.42.129:8080}
     * @param testTimeout how long a test request may take before it is given up (and the test aborted)
     */
    public SciApsClient(URI base, Duration testTimeout) {
        this.base = Objects.requireNonNull(base, "base must not be null");
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("base must be an http:// or https:// URL, was: " + base);
        }
        this.testTimeout = Objects.requireNonNull(testTimeout, "testTimeout must not be null");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI base() {
        return base;
    }

    public Duration testTimeout() {
        return testTimeout;
    }

    /** {@code GET /api/v2/id}: the analyzer's identity; fires nothing. */
    public byte[] identity() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/api/v2/id")).timeout(SHORT_TIMEOUT).GET().build());
    }

    /**
     * {@code POST /api/v2/test/final?mode=...} with {@code settingsJson} (use {@code {}} for the analyzer's user
     * settings): starts a test and returns its result when it ends.
     *
     * @throws TestTimedOut when the analyzer did not answer within the test timeout
     */
    public byte[] finalTest(String mode, String settingsJson) throws IOException, InterruptedException {
        String q = "/api/v2/test/final?mode=" + URLEncoder.encode(mode, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri(q)).timeout(testTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(settingsJson, StandardCharsets.UTF_8)).build();
        try {
            return send(request);
        } catch (HttpTimeoutException e) {
            throw new TestTimedOut("POST " + request.uri() + " not answered within " + testTimeout.toSeconds() + " s");
        }
    }

    /** {@code POST /api/v2/abort}: aborts whatever the analyzer is running. Returns the HTTP status. */
    public int abort() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v2/abort")).timeout(SHORT_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        read(response);
        return response.statusCode();
    }

    private URI uri(String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private byte[] send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] body = read(response);
        if (response.statusCode() != 200) {
            String text = new String(body, StandardCharsets.UTF_8);
            throw new IOException(request.method() + " " + request.uri() + " answered HTTP " + response.statusCode()
                    + (text.isBlank() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text)));
        }
        return body;
    }

    /** Reads a body up to {@link #MAX_ANSWER_BYTES}, refusing a longer one (by its header or by what arrives). */
    private static byte[] read(HttpResponse<InputStream> response) throws IOException {
        try (InputStream body = response.body()) {
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > MAX_ANSWER_BYTES) {
                throw new AnswerTooLong(declared);
            }
            byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new AnswerTooLong(bytes.length);
            }
            return bytes;
        }
    }

    /** An answer longer than {@link #MAX_ANSWER_BYTES}. */
    static final class AnswerTooLong extends IOException {
        AnswerTooLong(long bytes) {
            super("answer of " + (bytes > MAX_ANSWER_BYTES ? "more than " : "") + Math.min(bytes, MAX_ANSWER_BYTES + 1L)
                    + " bytes refused: longer than " + MAX_ANSWER_BYTES);
        }
    }
}
