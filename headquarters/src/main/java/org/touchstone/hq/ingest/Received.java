package org.touchstone.hq.ingest;

import java.time.Instant;

/**
 * A message as it came off the broker: read into a {@link PostMessage}, or unreadable with the reason.
 *
 * @param receivedAt when this instance took it from the broker
 */
public record Received(String topic, byte[] payload, Instant receivedAt, PostMessage message, String unreadable) {

    public static Received read(PostMessageReader reader, String topic, byte[] payload, Instant receivedAt) {
        try {
            return new Received(topic, payload, receivedAt, reader.read(topic, payload), null);
        } catch (UnreadableMessageException e) {
            return new Received(topic, payload, receivedAt, null, e.getMessage());
        }
    }

    /** What storing it did. */
    public enum Outcome {
        /** New: stored with its projections. */
        STORED,
        /** Its messageId was stored before, with the same bytes. */
        DUPLICATE,
        /** Its messageId was stored before with other bytes: kept aside in {@code message_conflict}. */
        CONFLICT,
        /** Unreadable: kept in {@code rejected_message} with the reason. */
        REJECTED,
        /** Presence or bridge state: applied to the post. */
        STATE
    }
}
