package org.touchstone.agent.config;

/**
 * Health and metrics ({@code /health/live}, {@code /health/ready}, {@code /metrics}): what readiness tolerates, and
 * where they are served.
 *
 * @param port                  without it (the default) they are served on the console's server, beside the pages;
 *                              with it, on a plain-HTTP server of their own at {@code bindAddress:port} instead
 *                              (0: any free port), whether or not the console runs. An agent with neither a console
 *                              nor this port serves no health or metrics.
 * @param bindAddress           the own server's address; default 127.0.0.1 (this PC only: a scraper on the same
 *                              machine, or a reverse proxy)
 * @param outboxBacklogLimit    readiness fails when more messages than this wait for the broker; default 1000
 * @param outboxAgeLimitSeconds readiness fails when the oldest waiting message is older than this; default 300
 */
public record MonitoringConfig(Integer port, String bindAddress, Integer outboxBacklogLimit,
                               Integer outboxAgeLimitSeconds) {

    public MonitoringConfig {
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("port must be 0..65535 (0: any free port), was: " + port);
        }
        bindAddress = bindAddress == null || bindAddress.isBlank() ? "127.0.0.1" : bindAddress.strip();
        outboxBacklogLimit = outboxBacklogLimit == null ? 1000 : outboxBacklogLimit;
        if (outboxBacklogLimit < 0) {
            throw new IllegalArgumentException("outboxBacklogLimit must be >= 0 (messages), was: " + outboxBacklogLimit);
        }
        outboxAgeLimitSeconds = outboxAgeLimitSeconds == null ? 300 : outboxAgeLimitSeconds;
        if (outboxAgeLimitSeconds < 1) {
            throw new IllegalArgumentException("outboxAgeLimitSeconds must be >= 1, was: " + outboxAgeLimitSeconds);
        }
    }

    /** The defaults: served on the console, backlog up to 1000 messages and 300 s. */
    public static MonitoringConfig defaults() {
        return new MonitoringConfig(null, null, null, null);
    }

    /** Whether health and metrics have a server of their own. */
    public boolean ownServer() {
        return port != null;
    }
}
