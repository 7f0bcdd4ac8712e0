package org.touchstone.agent.journal;

/**
 * The post's record of everything that happened. An event is appended, and on disk, before anyone is told of
 * it: if it is not in the journal, it did not happen.
 */
public interface Journal extends AutoCloseable {

    /**
     * Appends one event durably.
     *
     * @param type what happened, e.g. {@code reading}, {@code verdict}
     * @param data a JSON-serialisable value
     * @return the event's sequence number, increasing without gaps
     * @throws JournalException when the event could not be made durable; the caller must not go on as if it had
     */
    long append(String type, Object data);

    @Override
    void close();
}
