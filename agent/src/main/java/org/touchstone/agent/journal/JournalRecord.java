package org.touchstone.agent.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One stored record, exactly as it is in the file (the text the hash covers).
 *
 * @param storedType   the stored name of its {@link RecordType}; kept as text because the hash covers it and a newer
 *                     agent may have written a type this one does not know
 * @param outboxSha256 the digest of the messages the record put into the outbox ({@link #outboxDigest}), covered by
 *                     its hash; null when it sent none, or was written before this version
 */
public record JournalRecord(long seq, String at, String storedType, String inspectionId, String data, String prevHash,
                            String hash, String outboxSha256) {

    /** A record that sent no message (or was written before messages were hashed into their record). */
    public JournalRecord(long seq, String at, String storedType, String inspectionId, String data, String prevHash,
                         String hash) {
        this(seq, at, storedType, inspectionId, data, prevHash, hash, null);
    }

    /** One message as the outbox holds it: what {@link #outboxDigest} covers. */
    public record Sent(String messageId, String topic, byte[] payload) {
    }

    /** The record's type, or null for one this version does not know. */
    public RecordType type() {
        return RecordType.ofStoredName(storedType).orElse(null);
    }

    public boolean is(RecordType type) {
        return type.storedName().equals(storedType);
    }

    /** True when the record's content still matches its hash. */
    public boolean hashMatches() {
        return hash(prevHash, seq, at, storedType, inspectionId, data, outboxSha256).equals(hash);
    }

    /** The SHA-256 (hex) of prevHash, seq, at, type, inspection and data joined by line feeds. */
    public static String hash(String prevHash, long seq, String at, String type, String inspectionId, String data) {
        return hash(prevHash, seq, at, type, inspectionId, data, null);
    }

    /**
     * The SHA-256 (hex) of prevHash, seq, at, type, inspection and data joined by line feeds, followed, for a record
     * that sent messages, by a line feed, {@code outbox:} and their digest: so a message altered, removed, added or
     * sent elsewhere in the outbox no longer matches the record that created it.
     */
    public static String hash(String prevHash, long seq, String at, String type, String inspectionId, String data,
                              String outboxSha256) {
        // Fed part by part: the same bytes as the joined text's UTF-8 (each part is whole text, the separators
        // ASCII), without building the joined copy of a record's data twice over (a tenth of the desk's allocation).
        MessageDigest digest = sha256();
        String head = prevHash + "\n" + seq + "\n" + at + "\n" + type + "\n" + (inspectionId == null ? "" : inspectionId)
                + "\n";
        digest.update(head.getBytes(StandardCharsets.UTF_8));
        digest.update(data.getBytes(StandardCharsets.UTF_8));
        if (outboxSha256 != null) {
            digest.update(("\noutbox:" + outboxSha256).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The digest of a record's messages, in the order it created them: the SHA-256 (hex) of, for each, its message id,
     * topic and the SHA-256 (hex) of its payload, each followed by a line feed. Null for none.
     */
    public static String outboxDigest(java.util.List<Sent> messages) {
        if (messages.isEmpty()) {
            return null;
        }
        HexFormat hex = HexFormat.of();
        StringBuilder content = new StringBuilder();
        for (Sent m : messages) {
            content.append(m.messageId()).append('\n').append(m.topic()).append('\n')
                    .append(hex.formatHex(sha256().digest(m.payload()))).append('\n');
        }
        return hex.formatHex(sha256().digest(content.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
