package org.touchstone.agent.journal;

/** A message in the outbox, waiting for the broker's acknowledgement. */
public record PendingMessage(long id, long journalSeq, String topic, byte[] payload, String messageId,
                             String inspectionId) {
}
