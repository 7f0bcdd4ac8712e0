package org.touchstone.agent.journal;

import java.util.List;

/**
 * The post's record of everything that happened. An event is appended, and on disk, before anyone is told of
 * it: if it is not in the journal, it did not happen. Messages for headquarters are written in the same
 * transaction as the event they report, so one cannot exist without the other.
 */
public interface Journal extends AutoCloseable {

    /** A message to publish once the broker can be reached, kept until it was acknowledged (QoS 1). */
    record OutboxMessage(String topic, byte[] payload, String messageId, String inspectionId) {
    }

    /**
     * Appends one event durably.
     *
     * @return the event's sequence number, increasing without gaps
     * @throws JournalException when the event could not be made durable; the caller must not go on as if it had
     */
    default long append(String type, Object data) {
        return append(type, null, data, List.of());
    }

    /**
     * Appends one event, tied to an inspection when {@code inspectionId} is not null, with the messages it sends.
     */
    long append(String type, String inspectionId, Object data, List<OutboxMessage> outgoing);

    @Override
    void close();
}
