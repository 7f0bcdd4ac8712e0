package org.touchstone.agent.config;

/**
 * How long the journal keeps records and how large it may grow.
 *
 * @param retentionDays    records older than this are removed once every message they carry was sent
 * @param maxSizeMegabytes above this size the agent reports loudly (log, console, MQTT) at every check; it never
 *                         removes unsent records to get under it
 */
public record JournalConfig(Integer retentionDays, Integer maxSizeMegabytes) {
    public JournalConfig {
        retentionDays = retentionDays == null ? 3650 : retentionDays;
        maxSizeMegabytes = maxSizeMegabytes == null ? 4096 : maxSizeMegabytes;
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays must be >= 1, was: " + retentionDays);
        }
        if (maxSizeMegabytes < 1) {
            throw new IllegalArgumentException("maxSizeMegabytes must be >= 1, was: " + maxSizeMegabytes);
        }
    }
}
