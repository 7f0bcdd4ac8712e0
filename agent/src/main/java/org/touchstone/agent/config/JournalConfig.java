package org.touchstone.agent.config;

/**
 * How long the journal keeps records, how large it may grow, and its keyed checkpoints.
 *
 * @param retentionDays     records older than this are removed once every message they carry was sent
 * @param maxSizeMegabytes  above this size the agent reports loudly (log, console, MQTT) at every check; it never
 *                          removes unsent records to get under it
 * @param checkpointKeyFile the checkpoint key (its bytes MAC each chain head; give headquarters a copy as
 *                          {@code <postId>.key}); relative to the configuration's folder; null:
 *                          {@code <dataDirectory>/checkpoint.key}, created (0600) at the first start
 * @param checkpointMinutes how often a chain head is journaled and published when the journal grew (default 5)
 */
public record JournalConfig(Integer retentionDays, Integer maxSizeMegabytes, String checkpointKeyFile,
                            Integer checkpointMinutes) {
    public JournalConfig {
        retentionDays = retentionDays == null ? 3650 : retentionDays;
        maxSizeMegabytes = maxSizeMegabytes == null ? 4096 : maxSizeMegabytes;
        checkpointMinutes = checkpointMinutes == null ? 5 : checkpointMinutes;
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays must be >= 1, was: " + retentionDays);
        }
        if (maxSizeMegabytes < 1) {
            throw new IllegalArgumentException("maxSizeMegabytes must be >= 1, was: " + maxSizeMegabytes);
        }
        if (checkpointMinutes < 1 || checkpointMinutes > 1440) {
            throw new IllegalArgumentException("checkpointMinutes must be between 1 and 1440, was: "
                    + checkpointMinutes);
        }
        if (checkpointKeyFile != null && checkpointKeyFile.isBlank()) {
            throw new IllegalArgumentException("checkpointKeyFile must not be blank (leave it out for the default)");
        }
    }

    public JournalConfig(Integer retentionDays, Integer maxSizeMegabytes) {
        this(retentionDays, maxSizeMegabytes, null, null);
    }
}
