package org.touchstone.agent.journal;

import java.util.Objects;

/**
 * A message to write to the outbox together with the record that creates it. Its id is not known until the record
 * has its sequence number, inside the append's transaction, so the payload is rendered there, from the id.
 *
 * @param topic        where it is published
 * @param inspectionId the inspection it concerns, or null
 * @param body         renders the payload bytes carrying the message id it is given
 */
public record OutboxMessage(String topic, String inspectionId, Body body) {

    /** Renders a message's payload once its id is known. */
    @FunctionalInterface
    public interface Body {
        byte[] render(String messageId);
    }

    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
    }
}
