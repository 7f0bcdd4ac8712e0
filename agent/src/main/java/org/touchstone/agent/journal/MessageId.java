package org.touchstone.agent.journal;

/**
 * The one message-id scheme (contract 3): {@code <postId>:<journalSeq>:<index>}, where {@code journalSeq} is the
 * sequence number of the record that created the message and {@code index} its position among that record's
 * messages. It is the same on every retry, so a consumer drops repeats by it.
 */
public final class MessageId {

    private MessageId() {
    }

    public static String of(String postId, long journalSeq, int index) {
        return postId + ":" + journalSeq + ":" + index;
    }
}
