package org.touchstone.agent.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes from the JDK, written as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}
 * (salt and hash in standard Base64). 600 000 iterations is OWASP's 2023 figure for this function; verifying
 * takes a few hundred milliseconds on a post's PC, which is what makes guessing slow.
 */
public final class PasswordHasher {

    public static final String SCHEME = "pbkdf2-sha256";
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Below this a stored hash is refused as too weak to keep (it would be guessed offline). */
    public static final int MINIMUM_ITERATIONS = 10_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    /** A parsed stored hash. */
    public record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public PasswordHasher(int iterations) {
        if (iterations < MINIMUM_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be >= " + MINIMUM_ITERATIONS + ", was: " + iterations);
        }
        this.iterations = iterations;
    }

    /** A new hash of a password, with a fresh random salt. */
    public String hash(char[] password) {
        requirePassword(password);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True when the password matches the stored hash; compares in constant time. */
    public static boolean verify(char[] password, String stored) {
        Parsed p = parse(stored);
        if (password == null || password.length == 0) {
            return false;
        }
        byte[] candidate = derive(password, p.salt(), p.iterations(), p.hash().length);
        return MessageDigest.isEqual(candidate, p.hash());
    }

    /**
     * Reads a stored hash.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never echoing the hash)
     */
    public static Parsed parse(String stored) {
        if (stored == null || stored.isBlank()) {
            throw new IllegalArgumentException("passwordHash is missing; set one with `touchstone officer passwd`");
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("passwordHash must be " + SCHEME + "$<iterations>$<salt>$<hash>, as"
                    + " `touchstone officer add|passwd` writes it");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("passwordHash: iterations must be a number, was: '" + parts[1] + "'");
        }
        if (iterations < MINIMUM_ITERATIONS) {
            throw new IllegalArgumentException("passwordHash: " + iterations + " iterations is too weak (at least "
                    + MINIMUM_ITERATIONS + "); set a new password with `touchstone officer passwd`");
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("passwordHash: salt and hash must be Base64");
        }
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("passwordHash: salt (>= 8 bytes) or hash (>= 16 bytes) too short");
        }
        return new Parsed(iterations, salt, hash);
    }

    /** PBKDF2-HMAC-SHA256 (RFC 8018) as the JDK computes it. */
    static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("this JDK cannot compute PBKDF2WithHmacSHA256: " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

    static void requirePassword(char[] password) {
        if (password == null || password.length < 8) {
            throw new IllegalArgumentException("password must be at least 8 characters");
        }
        if (password.length > 1024) {
            throw new IllegalArgumentException("password must be at most 1024 characters");
        }
    }

    /** Clears a password from memory once it was used. */
    public static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
