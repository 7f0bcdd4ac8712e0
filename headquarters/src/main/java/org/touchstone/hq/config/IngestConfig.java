package org.touchstone.hq.config;

/**
 * Between the broker and the database.
 *
 * @param maxBatch      messages committed in one transaction at most (default 500). The broker's in-flight window
 *                      for this client (Mosquitto {@code max_inflight_messages}) bounds what can be waiting, since
 *                      nothing is acknowledged before its commit
 * @param queueCapacity messages received and not yet committed, at most (default 10000); when full, reading from
 *                      the broker waits
 */
public record IngestConfig(Integer maxBatch, Integer queueCapacity) {

    public IngestConfig {
        maxBatch = maxBatch == null ? 500 : maxBatch;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        if (maxBatch < 1 || maxBatch > 10_000) {
            throw new IllegalArgumentException("maxBatch must be 1..10000, was: " + maxBatch);
        }
        if (queueCapacity < maxBatch || queueCapacity > 1_000_000) {
            throw new IllegalArgumentException("queueCapacity must be maxBatch.." + 1_000_000 + ", was: " + queueCapacity);
        }
    }

    public static IngestConfig defaults() {
        return new IngestConfig(null, null);
    }
}
