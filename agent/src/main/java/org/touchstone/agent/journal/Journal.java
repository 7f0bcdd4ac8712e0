package org.touchstone.agent.journal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The post's record of everything that happened. An event is appended, and on disk, before anyone is told of
 * it: if it is not in the journal, it did not happen. Messages for headquarters are written in the same
 * transaction as the event they report, so one cannot exist without the other. {@link SqliteJournal} is the one
 * implementation; everything else talks to this interface.
 */
public interface Journal extends AutoCloseable {

    /**
     * Appends one record durably.
     *
     * @throws JournalException when it could not be made durable; the caller must not go on as if it had
     */
    default Appended append(JournalPayload payload) {
        return append(payload, null, List.of());
    }

    /**
     * Appends one record, tied to an inspection when {@code inspectionId} is not null, with the messages it sends.
     * Each message gets its id ({@link MessageId}) from the record's sequence number, inside the same transaction.
     *
     * @throws JournalException when it could not be made durable; nothing of it was written
     */
    Appended append(JournalPayload payload, String inspectionId, List<OutboxMessage> outgoing);

    /**
     * Runs {@code work} in one transaction: every record it appends (with its outbox rows and input keys) commits
     * together when it returns, or none does when it throws. A transaction inside a transaction joins it. Appends
     * inside keep their own sequence numbers and message ids. Other threads wait for the journal meanwhile.
     *
     * @throws JournalException when the commit failed; nothing of {@code work} was written
     */
    <T> T transaction(java.util.function.Supplier<T> work);

    /**
     * Whether an input with this key was journaled already (an MQTT message the broker redelivered because its
     * acknowledgement was lost in a crash or an outage).
     */
    boolean inputTaken(InputKey key);

    /**
     * Records that the input with this key is journaled (and, for one delivered under an MQTT packet identifier, that
     * it is the last input under it); call inside the transaction that journals it.
     */
    void takeInput(InputKey key);

    /** Every record of an inspection, in order. */
    List<JournalRecord> records(String inspectionId);

    /** Records of one type after a sequence number, in order (a reader polling for what other processes wrote). */
    List<JournalRecord> records(RecordType type, long afterSeq);

    /** Records of one type in a time window (ISO-8601 instants, inclusive), in order. */
    List<JournalRecord> records(RecordType type, String fromInclusive, String toInclusive);

    /** The last record (the chain's tail, what a chain head names), or empty for an empty journal. */
    java.util.Optional<JournalRecord> last();

    /** Walks every record from the anchor, in order. */
    void forEach(Consumer<JournalRecord> each);

    /** Walks the records tied to an inspection, in order (what recovery after a restart needs). */
    void forEachOfInspections(Consumer<JournalRecord> each);

    /** The sequence number the chain starts at (moves with retention). */
    long anchorFirstSeq();

    /** The hash before the first record kept. */
    String anchorPrevHash();

    /**
     * Removes records older than {@code before} whose messages were all sent, moving the chain's anchor.
     *
     * @return how many records were removed
     */
    int removeOlderThan(Instant before);

    /** Size on disk, in bytes. */
    long sizeBytes();

    /** Where the journal lives. */
    Path file();

    /** The messages waiting for the broker. */
    Outbox outbox();

    @Override
    void close();
}
