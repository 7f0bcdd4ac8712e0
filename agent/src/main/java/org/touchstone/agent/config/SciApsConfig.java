package org.touchstone.agent.config;

import java.net.URI;

/**
 * A SciAps analyzer's remote API.
 *
 * @param url                     e.g. {@code http://192.168.42.129:8080} (USB tethering) 
 * @param mode                    the application tests run in, default {@code PreciousMetals}
 * @param coverageFactor          k of the API's uncertainties; the API does not state it, default 1 (the cautious
 *                                reading: a k = 2 value read as k = 1 widens, never narrows, the agent's bounds)
 * @param pauseBetweenTestsMillis wait after each result before asking for the next test, default 500
 * @param testTimeoutSeconds      how long one test request may take, default 600
 */
public record SciApsConfig(String url, String mode, Double coverageFactor, Integer pauseBetweenTestsMillis,
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
        pauseBetweenTestsMillis = pauseBetweenTestsMillis == null ? 500 : pauseBetweenTestsMillis;
        if (pauseBetweenTestsMillis < 0 || pauseBetweenTestsMillis > 600_000) {
            throw new IllegalArgumentException("pauseBetweenTestsMillis must be 0..600000, was: " + pauseBetweenTestsMillis);
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
