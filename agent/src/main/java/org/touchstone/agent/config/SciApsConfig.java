package org.touchstone.agent.config;

import java.net.URI;

/**
 * A SciAps analyzer's remote API.
 *
 * @param url                     e.g. {@code http://192.168.42.129:8080} (USB tethering) 
 * @param mode                    the application tests run in, default {@code PreciousMetals}
 * @param coverageFactor          k of the API's uncertainties; the API does not state it, default 1 (the cautious
 *                                reading: a k = 2 value read as k = 1 widens, never narrows, the agent's bounds)
 * @param statusIntervalMillis    how often the analyzer is asked for its identity while no test is requested (to
 *                                notice it going away), default 30000. Tests start only when requested (the
 *                                {@code xrf-test} command): {@code POST /api/v2/test/final} fires the tube
 * @param testTimeoutSeconds      how long one test request may take before the test is aborted
 *                                ({@code POST /api/v2/abort}), default 600
 */
public record SciApsConfig(String url, String mode, Double coverageFactor, Integer statusIntervalMillis,
                           Integer testTimeoutSeconds) {
    public SciApsConfig {
        if (url == null || !url.matches("https?://[^\\s/]+(:[0-9]+)?/?")) {
            throw new IllegalArgumentException("url must be http://host:port, e.g. http://192.168.42.129:8080, was: "
                    + (url == null ? "missing" : "'" + url + "'"));
        }
        mode = mode == null ? "PreciousMetals" : mode;
        if (!mode.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("mode must be an application name such as PreciousMetals, was: '" + mode + "'");
        }
        coverageFactor = coverageFactor == null ? 1.0 : coverageFactor;
        if (!(coverageFactor > 0 && coverageFactor <= 5)) {
            throw new IllegalArgumentException("coverageFactor must be > 0 and <= 5, was: " + coverageFactor);
        }
        statusIntervalMillis = statusIntervalMillis == null ? 30_000 : statusIntervalMillis;
        if (statusIntervalMillis < 100 || statusIntervalMillis > 600_000) {
            throw new IllegalArgumentException("statusIntervalMillis must be 100..600000, was: " + statusIntervalMillis);
        }
        testTimeoutSeconds = testTimeoutSeconds == null ? 600 : testTimeoutSeconds;
        if (testTimeoutSeconds < 5 || testTimeoutSeconds > 86_400) {
            throw new IllegalArgumentException("testTimeoutSeconds must be 5..86400, was: " + testTimeoutSeconds);
        }
    }

    public URI uri() {
        return URI.create(url);
    }
}
