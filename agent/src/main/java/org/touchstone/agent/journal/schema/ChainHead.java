package org.touchstone.agent.journal.schema;

import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/**
 * A chain head as published to headquarters on {@code <root>/<post>/chain/head} (plan contract 4): the journal's
 * last record before it ({@code seq}, {@code hash}), the head published before this one, and the anchor. The agent's
 * {@code ChainCheckpoints} writes one at start, regularly, after retention and at stop; {@code JournalVerifier}
 * checks them.
 *
 * @param mac HMAC-SHA256 hex over {@code postId|seq|hash|previousSeq|previousHash} with the post's checkpoint key,
 *            or null when no key is configured
 */
public record ChainHead(String postId, long seq, String hash, String at, Long previousSeq, String previousHash,
                        long anchorSeq, String mac) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.CHAIN_HEAD;
    }
}
