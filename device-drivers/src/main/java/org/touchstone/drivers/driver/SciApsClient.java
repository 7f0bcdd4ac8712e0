package org.touchstone.drivers.driver;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Talks HTTP to a SciAps analyzer's remote API ({@code http://<analyzer>:8080/api/v2/...}) with the JDK's
 * {@link HttpClient}; returns the answers' bytes and leaves their meaning to
 * {@link org.touchstone.drivers.protocol.sciaps.SciApsCodec}. A test can take as long as the operator needs, so
 * only the connection has a short timeout.
 */
public final class SciApsClient {

    /** The port of the analyzer's API (SciApsClient.ANALYZER_PORT in the vendor's demo). */
    public static final int ANALYZER_PORT = 8080;

    private final URI base;
    private final Duration testTimeout;
    private final HttpClient http;

    /**
     * @param base        e.g. {@code http://192.168.42.129:8080}
     * @param testTimeout how long a test request may take before it is given up
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

    /** {@code GET /api/v2/id}. */
    public byte[] identity() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/api/v2/id")).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** {@code POST /api/v2/test/final?mode=...}: runs a test in that mode and returns its final result. */
    public byte[] finalTest(String mode) throws IOException, InterruptedException {
        String q = "/api/v2/test/final?mode=" + URLEncoder.encode(mode, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri(q)).timeout(testTimeout)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private URI uri(String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private byte[] send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new IOException(request.method() + " " + request.uri() + " answered HTTP " + response.statusCode()
                    + (body.isBlank() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)));
        }
        return response.body();
    }
}
