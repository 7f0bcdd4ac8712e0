package org.touchstone.agent.journal;

import java.time.Instant;
import java.util.List;

/**
 * A record made durable: its sequence number, its time, and the ids of the messages committed with it.
 */
public record Appended(long seq, Instant at, List<String> messageIds) {
    public Appended {
        messageIds = List.copyOf(messageIds);
    }
}
