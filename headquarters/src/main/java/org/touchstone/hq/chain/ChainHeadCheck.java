package org.touchstone.hq.chain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.touchstone.hq.ingest.PostMessage.ChainHead;

/**
 * Whether a post's new chain head extends the last one headquarters stored (plan contract 4). A post whose journal
 * was cut (truncated, restored from an old copy) or rewritten shows up here: its sequence goes back, the same
 * sequence comes with another hash, or the head it names as its previous one is not the one headquarters has.
 * With the post's checkpoint key, a head must also carry a valid MAC, so a forged head is caught too.
 */
public final class ChainHeadCheck {

    /** What headquarters last stored for the post. */
    public record StoredHead(String messageId, long seq, String hash, Long previousSeq, String previousHash) {
    }

    /** Why a head does not extend the previous one. */
    public enum Problem {
        /** The sequence went back: records were removed from the end of the journal. */
        SEQ_BACKWARDS,
        /** The same sequence with another hash: records were rewritten. */
        REWRITTEN,
        /** The head's previous* do not name the head headquarters has: a head is missing or the chain was forked. */
        NOT_EXTENDING,
        /** The MAC is missing or does not match the post's checkpoint key. */
        BAD_MAC
    }

    /**
     * @param problem null when the head is sound
     * @param first   true when headquarters had no head of this post before (nothing to compare with)
     */
    public record Result(Problem problem, String detail, boolean first, boolean macVerified) {
        public boolean ok() {
            return problem == null;
        }
    }

    private ChainHeadCheck() {
    }

    /**
     * @param last the head stored before, or null for the post's first
     * @param key  the post's checkpoint key, or null when headquarters has none (continuity is still checked)
     */
    public static Result check(StoredHead last, ChainHead head, byte[] key) {
        boolean macVerified = false;
        if (key != null) {
            if (head.mac() == null) {
                return new Result(Problem.BAD_MAC, "head seq " + head.seq() + " has no mac, but headquarters holds "
                        + "the post's checkpoint key", last == null, false);
            }
            String expected = mac(key, head);
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    head.mac().toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
                return new Result(Problem.BAD_MAC, "head seq " + head.seq() + ": mac does not match the post's "
                        + "checkpoint key", last == null, false);
            }
            macVerified = true;
        }
        if (last == null) {
            return new Result(null, "first head of this post", true, macVerified);
        }
        boolean repeat = head.seq() == last.seq() && head.hash().equals(last.hash())
                && java.util.Objects.equals(head.previousSeq(), last.previousSeq())
                && java.util.Objects.equals(head.previousHash(), last.previousHash());
        if (repeat) {
            // The same head published again (after a restart) under another message id.
            return new Result(null, "same head again", false, macVerified);
        }
        if (head.seq() < last.seq()) {
            return new Result(Problem.SEQ_BACKWARDS, "seq went back from " + last.seq() + " to " + head.seq()
                    + ": records were removed from the journal's end", false, macVerified);
        }
        if (head.seq() == last.seq() && !head.hash().equals(last.hash())) {
            return new Result(Problem.REWRITTEN, "seq " + head.seq() + " came with hash " + abbreviate(head.hash())
                    + " after " + abbreviate(last.hash()) + ": records were rewritten", false, macVerified);
        }
        if (head.previousSeq() == null || head.previousSeq() != last.seq() || !last.hash().equals(head.previousHash())) {
            return new Result(Problem.NOT_EXTENDING, "head seq " + head.seq() + " names previous "
                    + (head.previousSeq() == null ? "none" : head.previousSeq() + "/" + abbreviate(head.previousHash()))
                    + " but headquarters last stored " + last.seq() + "/" + abbreviate(last.hash()), false, macVerified);
        }
        return new Result(null, "extends " + last.seq(), false, macVerified);
    }

    /**
     * HMAC-SHA256, lower-case hex, over {@code postId|seq|hash|previousSeq|previousHash}; an absent previous head
     * is written as an empty field (contract 4).
     */
    public static String mac(byte[] key, ChainHead head) {
        String text = head.postId() + "|" + head.seq() + "|" + head.hash() + "|"
                + (head.previousSeq() == null ? "" : head.previousSeq()) + "|"
                + (head.previousHash() == null ? "" : head.previousHash());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String hash) {
        return hash == null ? "none" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
