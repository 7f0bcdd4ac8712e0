package org.touchstone.agent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FreeTextTest {

    @Test
    void problem_namesTheCharacterAndItsPosition() {
        assertNull(FreeText.problem("Chief Inspector Ama Mensah — Tema", 64));
        assertNull(FreeText.problem("Åsa Ødegård 日本 😀", 64), "letters of any script and whole emoji pass");
        assertEquals("contains the control character U+000A at position 6", FreeText.problem("Chief\nInspector", 64));
        assertEquals("contains the control character U+202E at position 3", FreeText.problem("ab\u202Ecd", 64));
        assertEquals("contains the control character U+2069 at position 1", FreeText.problem("\u2069", 64));
        assertEquals("contains the control character U+0085 at position 2", FreeText.problem("a\u0085", 64), "C1 too");
        assertEquals("contains a broken character (lone surrogate) at position 2", FreeText.problem("a\uD83D", 64));
        assertEquals("longer than 3 characters (4)", FreeText.problem("abcd", 3));
    }

    @Test
    void quote_escapesAndShortens() {
        assertEquals("a\\u000Ab\\u202Ec", FreeText.quote("a\nb\u202Ec"));
        String q = FreeText.quote("x".repeat(10_000_000), 60);
        assertEquals("x".repeat(60) + "... (9999940 more characters)", q);
    }
}
