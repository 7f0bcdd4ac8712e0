package org.touchstone.agent.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks a journal and names the first record that was altered, removed or inserted. Three layers:
 * <ol>
 *   <li>the hash chain: each record's hash covers its content and its predecessor's hash;</li>
 *   <li>the keyed checkpoints ({@code chainHead} records, written by {@code ChainCheckpoints}): each must carry the
 *       post's MAC
 *       (when the key is given), name a record whose hash is still the one it recorded, follow the checkpoint before
 *       it, and record the chain's anchor; nothing but a start or a technician's calibration may follow the final
 *       checkpoint an agent writes when it stops. A rewrite that recomputes every hash from a record on, a moved
 *       anchor or a forged append therefore shows, because matching checkpoints need the key;</li>
 *   <li>the head headquarters last saw (optional): the journal must still hold that record with that hash, so a tail
 *       cut after the last checkpoint in the file shows too.</li>
 * </ol>
 */
public final class JournalVerifier {

    /**
     * The outcome.
     *
     * @param ok          true when nothing was found wrong
     * @param records     how many records were checked
     * @param firstBadSeq the first record concerned when not ok
     * @param problem     the first break in words (null when ok)
     * @param notes       what was and was not checked (keyed or not, compared with a head or not, the uncovered tail)
     */
    public record Result(boolean ok, long records, Long firstBadSeq, String problem, List<String> notes) {
        public Result(boolean ok, long records, Long firstBadSeq, String problem) {
            this(ok, records, firstBadSeq, problem, List.of());
        }
    }

    /**
     * A chain head, as journaled in a {@code chainHead} record or published on {@code <root>/<post>/chain/head}
     * (the fields of the journal schema's {@code ChainHead}, read here so that this package needs no schema).
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Head(String postId, long seq, String hash, String at, Long previousSeq, String previousHash,
                       long anchorSeq, String mac) {
        boolean macBy(CheckpointKey key) {
            return key.matches(mac, postId, seq, hash, previousSeq, previousHash);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the verifier reads: a journal open for writing ({@link Journal}) or a file open read-only. */
    private interface Source {
        long anchorFirstSeq();

        String anchorPrevHash();

        void forEach(Consumer<JournalRecord> each);

        Optional<JournalRecord> record(long seq);

        /** Every outbox row; nothing when the source cannot list them. */
        default void forEachOutboxRow(Consumer<JournalFile.OutboxRow> each) {
        }

        /** Whether {@link #forEachOutboxRow} lists the outbox. */
        default boolean listsOutbox() {
            return false;
        }
    }

    private static final int RECENT = 4096;
    /** {@code <post>:<journalSeq>:<index>}, as {@link MessageId} makes them. */
    private static final java.util.regex.Pattern MESSAGE_ID = java.util.regex.Pattern.compile("(.+):(\\d+):(\\d+)");

    private JournalVerifier() {
    }

    /** The hash chain and the checkpoints' continuity, without a key or a head (the agent's own checks). */
    public static Result verify(Journal journal) {
        return verify(new Source() {
            @Override
            public long anchorFirstSeq() {
                return journal.anchorFirstSeq();
            }

            @Override
            public String anchorPrevHash() {
                return journal.anchorPrevHash();
            }

            @Override
            public void forEach(Consumer<JournalRecord> each) {
                journal.forEach(each);
            }

            @Override
            public Optional<JournalRecord> record(long seq) {
                return Optional.empty();
            }
        }, null, null);
    }

    /**
     * Everything: the chain, the checkpoints (their MACs with {@code key}), and the head headquarters saw.
     *
     * @param key  the post's checkpoint key, or null (MACs are then not checked, and the result says so)
     * @param head the last head headquarters received from the post, or null
     */
    public static Result verify(JournalFile file, CheckpointKey key, Head head) {
        return verify(new Source() {
            @Override
            public long anchorFirstSeq() {
                return file.anchorFirstSeq();
            }

            @Override
            public String anchorPrevHash() {
                return file.anchorPrevHash();
            }

            @Override
            public void forEach(Consumer<JournalRecord> each) {
                file.forEach(each);
            }

            @Override
            public Optional<JournalRecord> record(long seq) {
                return file.record(seq);
            }

            @Override
            public void forEachOutboxRow(Consumer<JournalFile.OutboxRow> each) {
                file.forEachOutboxRow(each);
            }

            @Override
            public boolean listsOutbox() {
                return true;
            }
        }, key, head);
    }

    /** The walk's state; the first problem found ends the checks. */
    private static final class Walk {
        final List<String> notes = new ArrayList<>();
        final Map<Long, JournalRecord> recent = new LinkedHashMap<>(RECENT, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, JournalRecord> eldest) {
                return size() > RECENT;
            }
        };
        long checked;
        long seq;
        String prev;
        Long firstBad;
        String problem;
        JournalRecord lastRecord;
        Head lastHead;
        JournalRecord lastHeadRecord;
        boolean lastHeadFinal;
        long keyed;
        long heads;
        Head seen;
        boolean seenFound;
        /** Records whose hash covers messages (seq - anchor), cleared as their messages are found in the outbox. */
        final java.util.BitSet sending = new java.util.BitSet();
        long anchor;

        boolean broken() {
            return problem != null;
        }

        void fail(long at, String why) {
            if (problem == null) {
                firstBad = at;
                problem = why;
            }
        }
    }

    private static Result verify(Source source, CheckpointKey key, Head seen) {
        Walk w = new Walk();
        w.seen = seen;
        long anchor = source.anchorFirstSeq();
        w.anchor = anchor;
        w.seq = anchor;
        w.prev = source.anchorPrevHash();
        source.forEach(r -> {
            if (w.broken()) {
                return;
            }
            w.checked++;
            chain(w, r);
            if (!w.broken() && r.is(RecordType.CHAIN_HEAD)) {
                checkpoint(w, source, key, anchor, r);
            } else if (!w.broken() && w.lastHeadFinal) {
                // After an agent's final checkpoint, only technicians' calibrations may come before the next start.
                if (r.is(RecordType.AGENT_STARTED)) {
                    w.lastHeadFinal = false;
                } else if (!r.is(RecordType.CALIBRATION)) {
                    w.fail(r.seq(), "record " + r.seq() + " (" + r.storedType() + ", " + r.at() + ") was appended "
                            + "after the final checkpoint the agent wrote when it stopped (record "
                            + w.lastHeadRecord.seq() + "), before any new start: a forged append, or written by a "
                            + "program that does not journal that way");
                }
            }
            if (!w.broken() && r.outboxSha256() != null && r.seq() - anchor < Integer.MAX_VALUE) {
                w.sending.set((int) (r.seq() - anchor));
            }
            w.recent.put(r.seq(), r);
            w.lastRecord = r;
        });
        if (!w.broken()) {
            anchorCheck(w, key, anchor);
        }
        if (!w.broken()) {
            outboxCheck(w, source, anchor);
        }
        if (!w.broken() && seen != null) {
            seenCheck(w, source, key, anchor, seen);
        }
        if (!w.broken()) {
            tailNote(w);
        }
        if (key == null) {
            w.notes.add("checkpoint MACs not checked: no checkpoint key given (--key), so a rewrite that also "
                    + "rewrote the checkpoints would not show");
        } else {
            w.notes.add(w.keyed + " checkpoint(s) carry the key's MAC" + (key.file() == null ? ""
                    : " (key " + key.file() + ")"));
        }
        if (seen == null) {
            w.notes.add("not compared with a head from headquarters (--head): records cut from the end after the "
                    + "last checkpoint would not show");
        }
        return w.broken() ? new Result(false, w.checked, w.firstBad, w.problem, List.copyOf(w.notes))
                : new Result(true, w.checked, null, null, List.copyOf(w.notes));
    }

    /** Layer 1: the record follows its predecessor and still matches its hash. */
    private static void chain(Walk w, JournalRecord r) {
        if (r.seq() != w.seq) {
            w.fail(r.seq() > w.seq ? w.seq : r.seq(), r.seq() > w.seq
                    ? "record " + w.seq + (r.seq() - w.seq > 1 ? " to " + (r.seq() - 1) : "")
                    + " removed (the chain jumps from " + (w.seq - 1) + " to " + r.seq() + ")"
                    : "record " + r.seq() + " out of order");
            return;
        }
        if (!r.prevHash().equals(w.prev)) {
            w.fail(r.seq(), "record " + r.seq() + " does not follow record " + (r.seq() - 1)
                    + ": a record before it was removed, altered or inserted");
            return;
        }
        if (!r.hashMatches()) {
            w.fail(r.seq(), "record " + r.seq() + " (" + r.storedType() + ", " + r.at()
                    + ") was altered: its content no longer matches its hash");
            return;
        }
        w.seq = r.seq() + 1;
        w.prev = r.hash();
    }

    /** Layer 2: one checkpoint record. */
    private static void checkpoint(Walk w, Source source, CheckpointKey key, long anchor, JournalRecord r) {
        Head h;
        try {
            h = JSON.readValue(r.data(), Head.class);
        } catch (java.io.IOException e) {
            w.fail(r.seq(), "checkpoint at record " + r.seq() + " cannot be read: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jp ? jp.getOriginalMessage()
                    : e.getMessage()));
            return;
        }
        w.heads++;
        if (key != null) {
            if (h.mac() == null) {
                w.fail(r.seq(), "checkpoint at record " + r.seq() + " has no MAC, but a checkpoint key was given: it "
                        + "was not written by the agent holding the key");
                return;
            }
            if (!h.macBy(key)) {
                w.fail(r.seq(), "checkpoint at record " + r.seq() + " does not carry the key's MAC: it was forged or "
                        + "altered (or the key is not this post's)");
                return;
            }
            w.keyed++;
        }
        if (h.seq() >= r.seq()) {
            w.fail(r.seq(), "checkpoint at record " + r.seq() + " names record " + h.seq() + ", not one before it");
            return;
        }
        boolean isFinal = false;
        if (h.seq() >= anchor) {
            JournalRecord named = w.recent.get(h.seq());
            if (named == null) {
                named = source.record(h.seq()).orElse(null);
            }
            if (named == null) {
                w.notes.add("checkpoint at record " + r.seq() + " names record " + h.seq()
                        + ", too far back to compare in this pass");
            } else if (!named.hash().equals(h.hash())) {
                w.fail(h.seq(), "record " + h.seq() + " now has hash " + abbreviate(named.hash()) + " but the "
                        + "checkpoint at record " + r.seq() + " recorded " + abbreviate(h.hash())
                        + ": records up to " + h.seq() + " were rewritten (their hashes recomputed)");
                return;
            } else {
                isFinal = named.is(RecordType.AGENT_STOPPED);
            }
        }
        if (w.lastHead != null) {
            if (h.previousSeq() == null || h.previousSeq() != w.lastHead.seq()
                    || !w.lastHead.hash().equals(h.previousHash())) {
                w.fail(r.seq(), "checkpoint at record " + r.seq() + " does not follow the checkpoint at record "
                        + w.lastHeadRecord.seq() + ": a checkpoint between them was removed or one was inserted");
                return;
            }
        } else if (h.previousSeq() != null && h.previousSeq() >= anchor) {
            w.fail(r.seq(), "checkpoint at record " + r.seq() + " names a checkpoint of record " + h.previousSeq()
                    + " before it, which the journal no longer has: it was removed");
            return;
        }
        if (w.seen != null && w.seen.seq() == h.seq() && w.seen.hash().equals(h.hash())) {
            w.seenFound = true;
        }
        w.lastHead = h;
        w.lastHeadRecord = r;
        w.lastHeadFinal = isFinal;
    }

    /** Layer 2: the anchor is where the last checkpoint says retention left it. */
    private static void anchorCheck(Walk w, CheckpointKey key, long anchor) {
        if (w.lastHead != null) {
            if (w.lastHead.anchorSeq() != anchor) {
                w.fail(Math.min(anchor, w.lastHead.anchorSeq()), "the chain's anchor is at record " + anchor
                        + " but the last checkpoint (record " + w.lastHeadRecord.seq() + ") recorded it at record "
                        + w.lastHead.anchorSeq() + ": the anchor was moved"
                        + (anchor > w.lastHead.anchorSeq() ? " and records " + w.lastHead.anchorSeq() + " to "
                        + (anchor - 1) + " removed outside retention" : ""));
            }
        } else if (anchor > 1 && key != null) {
            w.fail(anchor, "the chain's anchor is at record " + anchor + " and no checkpoint in the journal records "
                    + "it: records before it were removed outside retention");
        }
    }

    /** Layer 3: the head headquarters saw. */
    private static void seenCheck(Walk w, Source source, CheckpointKey key, long anchor, Head seen) {
        if (key != null && !seen.macBy(key)) {
            w.fail(seen.seq(), "the head given (record " + seen.seq() + ") does not carry the key's MAC: it is not a "
                    + "head this post published");
            return;
        }
        if (w.lastHead != null && !w.lastHead.postId().equals(seen.postId())) {
            w.fail(seen.seq(), "the head given is of post " + seen.postId() + ", the journal's checkpoints of post "
                    + w.lastHead.postId());
            return;
        }
        if (seen.seq() < anchor) {
            w.notes.add("the head given names record " + seen.seq() + ", before the anchor (" + anchor
                    + "): removed by retention, not compared");
            return;
        }
        long last = w.lastRecord == null ? anchor - 1 : w.lastRecord.seq();
        if (seen.seq() > last) {
            w.fail(last + 1, "headquarters saw record " + seen.seq() + " (hash " + abbreviate(seen.hash())
                    + ") but the journal ends at record " + last + ": records " + (last + 1) + " to " + seen.seq()
                    + " (at least) were cut from its end");
            return;
        }
        JournalRecord named = w.recent.get(seen.seq());
        if (named == null) {
            named = source.record(seen.seq()).orElse(null);
        }
        if (named == null) {
            w.notes.add("the head given names record " + seen.seq() + ", which cannot be read back in this pass");
        } else if (!named.hash().equals(seen.hash())) {
            w.fail(seen.seq(), "record " + seen.seq() + " has hash " + abbreviate(named.hash()) + " but headquarters "
                    + "saw " + abbreviate(seen.hash()) + ": the journal was rewritten up to record " + seen.seq());
        } else if (!w.seenFound) {
            w.fail(seen.seq() + 1, "the checkpoint headquarters received (naming record " + seen.seq() + ") is not in "
                    + "the journal: it was removed");
        } else {
            w.notes.add("record " + seen.seq() + " and its checkpoint are the ones headquarters saw (same hash)");
        }
    }

    /**
     * Layer 1 for the outbox, which is outside the chain: every message must belong to a record the chain holds,
     * carry the id that record's sequence gives it, and say what its record says (each field of the record's
     * message source must be in the payload with the same value; the payload may add fields, such as the message
     * id or the declaration block of a verdict). So an unsent verdict rewritten from RED to GREEN shows.
     */
    private static void outboxCheck(Walk w, Source source, long anchor) {
        long[] rows = {0};
        String[] post = {null};
        // The rows of one record are consecutive (written in its append); their digest is compared with the one its
        // hash covers when the record changes.
        List<JournalRecord.Sent> group = new ArrayList<>();
        JournalRecord[] groupRecord = {null};
        source.forEachOutboxRow(row -> {
            if (w.broken()) {
                return;
            }
            rows[0]++;
            String where = "outbox row " + row.id() + " (message " + row.messageId() + ")";
            java.util.regex.Matcher id = MESSAGE_ID.matcher(String.valueOf(row.messageId()));
            if (!id.matches() || Long.parseLong(id.group(2)) != row.journalSeq()) {
                w.fail(row.journalSeq(), where + " does not carry the id of record " + row.journalSeq()
                        + " (<post>:" + row.journalSeq() + ":<index>): it was altered or inserted");
                return;
            }
            if (post[0] == null) {
                post[0] = id.group(1);
            } else if (!post[0].equals(id.group(1))) {
                w.fail(row.journalSeq(), where + " names post " + id.group(1) + ", the outbox's other messages "
                        + post[0] + ": it was altered or inserted");
                return;
            }
            if (row.journalSeq() < anchor) {
                w.fail(row.journalSeq(), where + " belongs to record " + row.journalSeq() + ", before the chain's "
                        + "anchor: its record was removed");
                return;
            }
            JournalRecord r = groupRecord[0] != null && groupRecord[0].seq() == row.journalSeq() ? groupRecord[0]
                    : w.recent.get(row.journalSeq());
            if (r == null) {
                r = source.record(row.journalSeq()).orElse(null);
            }
            if (r == null) {
                w.fail(row.journalSeq(), where + " belongs to record " + row.journalSeq() + ", which the journal "
                        + "does not have: it was inserted, or its record removed");
                return;
            }
            if (groupRecord[0] != null && groupRecord[0].seq() != r.seq()) {
                groupCheck(w, groupRecord[0], group);
                group.clear();
                if (w.broken()) {
                    return;
                }
            }
            groupRecord[0] = r;
            group.add(new JournalRecord.Sent(row.messageId(), row.topic(), row.payload()));
            String mismatch = mismatch(r, row.payload(), row.messageId());
            if (mismatch != null) {
                w.fail(r.seq(), where + " does not say what record " + r.seq() + " (" + r.storedType() + ") says: "
                        + mismatch + ": the message was altered");
            }
        });
        if (!w.broken() && groupRecord[0] != null) {
            groupCheck(w, groupRecord[0], group);
        }
        if (!w.broken() && source.listsOutbox()) {
            int missing = w.sending.nextSetBit(0);
            if (missing >= 0) {
                long seq = anchor + missing;
                w.fail(seq, "record " + seq + " sent messages (its hash covers them) that the outbox no longer has: "
                        + "they were deleted");
            }
        }
        if (rows[0] > 0 && !w.broken()) {
            w.notes.add(rows[0] + " outbox message(s) match their records");
        }
    }

    /** The messages one record created, against the digest its hash covers (for records written since it has one). */
    private static void groupCheck(Walk w, JournalRecord r, List<JournalRecord.Sent> messages) {
        if (r.seq() - w.anchor < Integer.MAX_VALUE) {
            w.sending.clear((int) (r.seq() - w.anchor));
        }
        if (r.outboxSha256() == null) {
            return; // written before messages were hashed into their record: the field comparison is all there is
        }
        if (!r.outboxSha256().equals(JournalRecord.outboxDigest(messages))) {
            w.fail(r.seq(), "the outbox's " + messages.size() + " message(s) of record " + r.seq() + " ("
                    + r.storedType() + ") are not the ones its hash covers: a message was altered, removed, added or "
                    + "sent to another topic");
        }
    }

    /** Why a message's payload does not carry its record's content, or null when it does. */
    private static String mismatch(JournalRecord r, byte[] payload, String messageId) {
        com.fasterxml.jackson.databind.JsonNode message;
        com.fasterxml.jackson.databind.JsonNode data;
        try {
            message = JSON.readTree(payload);
            data = JSON.readTree(r.data());
        } catch (java.io.IOException e) {
            return "its payload is not JSON";
        }
        if (message == null || !message.isObject()) {
            return "its payload is not a JSON object";
        }
        if (!messageId.equals(message.path("messageId").asText(null))) {
            return "its payload's messageId is " + FreeTextQuote.of(message.path("messageId").asText("none"));
        }
        com.fasterxml.jackson.databind.JsonNode said = data;
        if (r.is(RecordType.VERDICT)) {
            if (!data.path("revision").equals(message.path("revision"))) {
                return "revision " + message.path("revision") + " in the message, " + data.path("revision")
                        + " in the record";
            }
            said = data.path("verdict");
        } else if (r.type() == null) {
            return null; // a record type of a newer version: its messages are not compared
        } else if (!(r.is(RecordType.ALERT) || r.is(RecordType.CHAIN_HEAD) || r.is(RecordType.DEVICE_STATUS))) {
            return "a " + r.storedType() + " record sends no message";
        }
        for (java.util.Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> f = said.fields();
             f.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = f.next();
            com.fasterxml.jackson.databind.JsonNode sent = message.get(e.getKey());
            if (!e.getValue().equals(sent)) {
                return "field " + e.getKey() + " is " + FreeTextQuote.of(String.valueOf(sent)) + " in the message, "
                        + FreeTextQuote.of(e.getValue().toString()) + " in the record";
            }
        }
        return null;
    }

    /** A short quote of a value for a verify message. */
    private static final class FreeTextQuote {
        static String of(String s) {
            return s.length() > 60 ? s.substring(0, 60) + "..." : s;
        }
    }

    private static void tailNote(Walk w) {
        if (w.lastRecord == null) {
            return;
        }
        long from = w.lastHeadRecord == null ? -1 : w.lastHeadRecord.seq() + 1;
        if (w.lastHeadRecord == null) {
            w.notes.add("no checkpoint in the journal: only the hash chain was checked");
        } else if (from <= w.lastRecord.seq()) {
            w.notes.add("records " + from + " to " + w.lastRecord.seq() + " come after the last checkpoint (record "
                    + w.lastHeadRecord.seq() + "): the chain covers them, no checkpoint yet");
        }
    }

    private static String abbreviate(String hash) {
        return hash == null ? "none" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    /** Reads a head as headquarters stores or receives it (a chain-head message; extra fields are ignored). */
    public static Head parseHead(String text) {
        Head h;
        try {
            h = JSON.readValue(text, Head.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the head is not a chain-head JSON object: "
                    + e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT), e);
        }
        if (h == null || h.postId() == null || h.hash() == null || h.seq() < 1) {
            throw new IllegalArgumentException("the head needs postId, seq (>= 1) and hash");
        }
        if (!h.hash().matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("the head's hash must be 64 lower-case hex digits (SHA-256)");
        }
        return h;
    }
}
