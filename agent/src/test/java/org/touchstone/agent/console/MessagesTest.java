package org.touchstone.agent.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static Set<String> keys(Locale l) {
        return new TreeSet<>(ResourceBundle.getBundle("console.messages", l,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).keySet());
    }

    @Test
    void everyLanguageHasEveryLabel() {
        Set<String> english = keys(Locale.ENGLISH);
        for (Locale l : Messages.LOCALES) {
            assertEquals(english, keys(l), l.toString());
        }
    }

    @Test
    void numbersAndDatesAreTheOfficers() {
        ZoneId bamako = ZoneId.of("Africa/Bamako");
        Messages fr = new Messages(Locale.FRENCH, bamako);
        Messages en = new Messages(Locale.ENGLISH, bamako);
        assertEquals("1,000.03", en.decimal(new java.math.BigDecimal("1000.03")));
        assertTrue(fr.decimal(new java.math.BigDecimal("1000.03")).matches("1[\u202f\u00a0 ]000,03"),
                fr.decimal(new java.math.BigDecimal("1000.03")));
        Instant at = Instant.parse("2026-11-28T15:29:46Z");
        assertTrue(fr.dateTime(at).contains("28 nov. 2026"), fr.dateTime(at));
        assertTrue(en.dateTime(at).contains("3:29:46"), en.dateTime(at));
        assertEquals("Contrôle DEMO-1", fr.t("inspection.title", "DEMO-1"));
        assertEquals("l'article A/1 est au banc, pesé dans l'eau.", fr.t("confirm.select", "A", "1", fr.t("medium.WATER")));
        assertEquals("Journaled as record #1234 at x:", en.t("confirm.journaled", 1234L, "x"));
    }

    @Test
    void theClosestSupportedLanguage() {
        assertEquals(Locale.FRENCH, Messages.fromAcceptLanguage("fr-SN,fr;q=0.9,en;q=0.5", Locale.ENGLISH));
        assertEquals("ru", Messages.fromAcceptLanguage("ru-KZ", Locale.ENGLISH).getLanguage());
        assertEquals(Locale.ENGLISH, Messages.fromAcceptLanguage("de-DE", Locale.ENGLISH));
        assertEquals(Locale.ENGLISH, Messages.fromAcceptLanguage("not a header;;;", Locale.ENGLISH));
    }
}
