package org.touchstone.agent.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    /** RFC 7914 section 11, the PBKDF2-HMAC-SHA256 test vectors (P = "passwd", S = "salt", c = 1, dkLen = 64). */
    @Test
    void derive_matchesRfc7914Vector_oneIteration() {
        byte[] dk = PasswordHasher.derive("passwd".toCharArray(), "salt".getBytes(StandardCharsets.US_ASCII), 1, 64);
        assertArrayEquals(HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"), dk);
    }

    /** RFC 7914 section 11: P = "Password", S = "NaCl", c = 80000, dkLen = 64. */
    @Test
    void derive_matchesRfc7914Vector_80000Iterations() {
        byte[] dk = PasswordHasher.derive("Password".toCharArray(), "NaCl".getBytes(StandardCharsets.US_ASCII), 80_000, 64);
        assertArrayEquals(HexFormat.of().parseHex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"), dk);
    }

    @Test
    void hash_verifiesItsOwnPassword_andNoOther() {
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.MINIMUM_ITERATIONS);
        String h = hasher.hash("correct horse".toCharArray());
        assertTrue(h.startsWith("pbkdf2-sha256$10000$"), h);
        assertTrue(PasswordHasher.verify("correct horse".toCharArray(), h));
        assertFalse(PasswordHasher.verify("correct horsE".toCharArray(), h));
        assertFalse(PasswordHasher.verify(new char[0], h));
        assertNotEquals(h, hasher.hash("correct horse".toCharArray()), "a fresh salt every time");
    }

    @Test
    void parse_refusesMalformedAndWeakHashes_withoutEchoingThem() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.parse(""));
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> PasswordHasher.parse("md5$1$abc$def"));
        assertFalse(scheme.getMessage().contains("abc"), scheme.getMessage());
        IllegalArgumentException weak = assertThrows(IllegalArgumentException.class,
                () -> PasswordHasher.parse("pbkdf2-sha256$1000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA=="));
        assertTrue(weak.getMessage().contains("too weak"), weak.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.parse("pbkdf2-sha256$x$a$b"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.parse("pbkdf2-sha256$20000$!!$??"));
        assertEquals(20000, PasswordHasher.parse("pbkdf2-sha256$20000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==").iterations());
    }

    @Test
    void shortPasswordsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(10_000).hash("short".toCharArray()));
    }
}
