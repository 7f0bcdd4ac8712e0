package org.touchstone.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.touchstone.agent.journal.CheckpointKey;
import org.touchstone.agent.journal.Journal;
import org.touchstone.agent.journal.JournalException;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.OutboxMessage;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.schema.ChainHead;
import org.touchstone.agent.journal.schema.JournalSchema;

/**
 * Writes keyed checkpoints: a {@code chainHead} record naming the journal's last record (its sequence and hash) and
 * the checkpoint before it, MAC'd with the post's {@link CheckpointKey}, and published (retained) on
 * {@code <root>/<post>/chain/head} in the same transaction. Headquarters keeps the last head it saw, so a journal
 * cut or rewritten behind it no longer matches; {@code touchstone journal verify} ({@code JournalVerifier}) checks every checkpoint in the
 * file against the records it names. Not thread-safe: the agent calls it on the desk thread.
 */
public final class ChainCheckpoints {

    private final Journal journal;
    private final ObjectMapper json;
    private final String postId;
    private final String topic;
    private final CheckpointKey key;
    private final Clock clock;
    private ChainHead previous;
    private boolean previousRead;

    /**
     * @param topic where heads are published ({@code <root>/<post>/chain/head})
     * @param key   the post's key; null writes unkeyed heads (continuity only)
     */
    public ChainCheckpoints(Journal journal, ObjectMapper json, String postId, String topic, CheckpointKey key,
                            Clock clock) {
        this.journal = journal;
        this.json = json;
        this.postId = postId;
        this.topic = topic;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Appends a checkpoint of the journal's tail, unless the tail already is one of the same anchor (nothing happened
     * since).
     *
     * @return the checkpoint written, or empty when there was nothing new to cover
     */
    public Optional<ChainHead> checkpoint() {
        Optional<JournalRecord> tail = journal.last();
        long anchor = journal.anchorFirstSeq();
        if (tail.isEmpty() && anchor == 1) {
            return Optional.empty();
        }
        ChainHead before = previous();
        // Nothing new since the last checkpoint, unless retention moved the anchor since (verify compares the anchor
        // with the last checkpoint's).
        if (tail.isPresent() && tail.get().is(RecordType.CHAIN_HEAD) && before != null && before.anchorSeq() == anchor) {
            return Optional.empty();
        }
        // Retention may have removed every record: the head then names the last one removed, which the anchor keeps.
        long seq = tail.map(JournalRecord::seq).orElse(anchor - 1);
        String hash = tail.map(JournalRecord::hash).orElseGet(journal::anchorPrevHash);
        ChainHead unsigned = new ChainHead(postId, seq, hash, clock.instant().toString(),
                before == null ? null : before.seq(), before == null ? null : before.hash(), anchor, null);
        ChainHead head = key == null ? unsigned : new ChainHead(unsigned.postId(), unsigned.seq(), unsigned.hash(),
                unsigned.at(), unsigned.previousSeq(), unsigned.previousHash(), unsigned.anchorSeq(),
                key.mac(postId, seq, hash, unsigned.previousSeq(), unsigned.previousHash()));
        journal.append(head, null, List.of(new OutboxMessage(topic, null, id -> message(id, head))));
        previous = head;
        return Optional.of(head);
    }

    /** The last checkpoint in the journal, read once; later ones are those this object wrote. */
    private ChainHead previous() {
        if (!previousRead) {
            List<JournalRecord> heads = journal.records(RecordType.CHAIN_HEAD, journal.anchorFirstSeq() - 1);
            previous = heads.isEmpty() ? null
                    : new JournalSchema(json).read(heads.get(heads.size() - 1), ChainHead.class);
            previousRead = true;
        }
        return previous;
    }

    private byte[] message(String messageId, ChainHead head) {
        ObjectNode message = json.createObjectNode().put("messageId", messageId);
        message.setAll((ObjectNode) json.valueToTree(head));
        // Contract 3 names every field; an absent previous head or key is an explicit null.
        for (String field : List.of("previousSeq", "previousHash", "mac")) {
            if (!message.has(field)) {
                message.putNull(field);
            }
        }
        try {
            return json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new JournalException("cannot serialise a chain head: " + e.getMessage(), e);
        }
    }
}
