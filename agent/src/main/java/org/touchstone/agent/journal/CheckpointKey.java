package org.touchstone.agent.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The post's checkpoint key: the secret that MACs its chain heads, kept in a file of its own, never in the journal,
 * so that someone who can rewrite the journal cannot make a checkpoint that matches the rewrite. The key is the
 * file's bytes exactly, as headquarters reads its copy ({@code <keysDirectory>/<postId>.key}); a new key is 32 random
 * bytes written as 64 hex digits, created 0600.
 */
public final class CheckpointKey {

    /** The key file's name in the data directory when the configuration names none. */
    public static final String DEFAULT_FILE = "checkpoint.key";

    private static final int MAX_BYTES = 4096;

    private final Path file;
    private final byte[] key;

    private CheckpointKey(Path file, byte[] key) {
        this.file = file;
        this.key = key.clone();
    }

    /** A key from bytes (tests, and headquarters' copy). */
    public static CheckpointKey of(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("a checkpoint key must not be empty");
        }
        return new CheckpointKey(null, key);
    }

    /**
     * Reads the key in {@code file}.
     *
     * @throws JournalException naming the file when it is missing, empty, too large or unreadable
     */
    public static CheckpointKey read(Path file) {
        try {
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new JournalException("checkpoint key " + file + (Files.exists(file)
                        ? ": not a regular file" : ": no such file"), null);
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new JournalException("checkpoint key " + file + ": over " + MAX_BYTES
                        + " bytes, not a key file", null);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length == 0) {
                throw new JournalException("checkpoint key " + file + ": the file is empty", null);
            }
            return new CheckpointKey(file, key);
        } catch (AccessDeniedException e) {
            throw new JournalException("checkpoint key " + file + ": permission denied for user "
                    + System.getProperty("user.name"), e);
        } catch (NoSuchFileException e) {
            throw new JournalException("checkpoint key " + file + ": no such file", e);
        } catch (IOException e) {
            throw new JournalException("checkpoint key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the key in {@code file}, creating a new random one (0600) when there is none. */
    public static CheckpointKey readOrCreate(Path file) {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            byte[] text = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
            try {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                try (var out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))) {
                    out.write(java.nio.ByteBuffer.wrap(text));
                }
            } catch (FileAlreadyExistsException e) {
                // Another process made it first: read that one.
            } catch (IOException e) {
                throw new JournalException("cannot create the checkpoint key " + file + ": " + e.getMessage(), e);
            }
        }
        return read(file);
    }

    /** Where the key was read from (null for a key made from bytes). */
    public Path file() {
        return file;
    }

    /**
     * HMAC-SHA256, lower-case hex, over {@code postId|seq|hash|previousSeq|previousHash}; an absent previous head is
     * an empty field (plan contract 3, the same text headquarters' {@code ChainHeadCheck} checks).
     */
    public String mac(String postId, long seq, String hash, Long previousSeq, String previousHash) {
        String text = postId + "|" + seq + "|" + hash + "|" + (previousSeq == null ? "" : previousSeq) + "|"
                + (previousHash == null ? "" : previousHash);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256: " + e.getMessage(), e);
        }
    }

    /** Whether {@code mac} is this key's MAC over the head's fields (compared in constant time). */
    public boolean matches(String mac, String postId, long seq, String hash, Long previousSeq, String previousHash) {
        if (mac == null) {
            return false;
        }
        return MessageDigest.isEqual(mac(postId, seq, hash, previousSeq, previousHash)
                .getBytes(StandardCharsets.US_ASCII), mac.toLowerCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII));
    }
}
