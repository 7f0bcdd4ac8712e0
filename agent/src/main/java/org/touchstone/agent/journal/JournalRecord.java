package org.touchstone.agent.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One stored record, exactly as it is in the file (the text the hash covers).
 *
 * @param storedType the stored name of its {@link RecordType}; kept as text because the hash covers it and a newer
 *                   agent may have written a type this one does not know
 */
public record JournalRecord(long seq, String at, String storedType, String inspectionId, String data, String prevHash,
                            String hash) {

    /** The record's type, or null for one this version does not know. */
    public RecordType type() {
        return RecordType.ofStoredName(storedType).orElse(null);
    }

    public boolean is(RecordType type) {
        return type.storedName().equals(storedType);
    }

    /** True when the record's content still matches its hash. */
    public boolean hashMatches() {
        return hash(prevHash, seq, at, storedType, inspectionId, data).equals(hash);
    }

    /** The SHA-256 (hex) of prevHash, seq, at, type, inspection and data joined by line feeds. */
    public static String hash(String prevHash, long seq, String at, String type, String inspectionId, String data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String content = prevHash + "\n" + seq + "\n" + at + "\n" + type + "\n"
                    + (inspectionId == null ? "" : inspectionId) + "\n" + data;
            return HexFormat.of().formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
