package org.touchstone.agent.journal;

import java.time.Instant;
import java.util.List;

/**
 * The messages the journal committed for headquarters, kept until the broker acknowledged each. The publisher talks
 * only to this, so it can be tested without a database.
 */
public interface Outbox {

    /** The oldest unsent messages, in the order they were written. */
    List<PendingMessage> unsent(int limit);

    /** Records that the broker acknowledged these messages, in one transaction. */
    void markSent(List<Long> outboxIds, Instant at);

    /** Records that the broker acknowledged a message. */
    default void markSent(long outboxId, Instant at) {
        markSent(List.of(outboxId), at);
    }

    long unsentCount();

    /**
     * Whether a decision's transaction holds the journal at this moment: a hint, read without waiting, on which the
     * publisher marks acknowledged messages later rather than queue behind the decision.
     */
    default boolean busy() {
        return false;
    }

    /** When the oldest unsent message's record was written, or empty when nothing waits (health and metrics). */
    default java.util.Optional<Instant> oldestUnsentAt() {
        return java.util.Optional.empty();
    }
}
