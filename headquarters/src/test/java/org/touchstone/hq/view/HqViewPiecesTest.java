package org.touchstone.hq.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.PasswordHasher;
import org.touchstone.agent.security.Role;

class HqViewPiecesTest {

    private static Properties bundle(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = HqViewPiecesTest.class.getResourceAsStream("/hq/" + name)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void englishAndFrench_haveTheSameKeys() throws Exception {
        assertEquals(bundle("messages.properties").keySet(), bundle("messages_fr.properties").keySet());
        HqMessages fr = new HqMessages(Locale.FRENCH);
        assertEquals("Saisies par pays d'origine", fr.t("seizures.by", fr.column("origin_country")));
        assertEquals(Locale.ENGLISH, HqMessages.fromAcceptLanguage("de-DE,de;q=0.9", Locale.ENGLISH));
        assertEquals(Locale.FRENCH, HqMessages.fromAcceptLanguage("de-DE,fr-CA;q=0.8,en;q=0.5", Locale.ENGLISH));
    }

    @Test
    void theScaleTop_isOneTwoOrFiveTimesAPowerOfTen_inFourSteps() {
        // Hand-computed: four steps of at least v/4 from 1, 2, 2.5, 5 x 10^k: 3 -> 4 x 1, 7 -> 4 x 2, 60 -> 4 x 20,
        // 100 -> 4 x 25, 101 -> 4 x 50.
        assertEquals(4, HqCharts.niceCeiling(0));
        assertEquals(4, HqCharts.niceCeiling(3));
        assertEquals(8, HqCharts.niceCeiling(7));
        assertEquals(80, HqCharts.niceCeiling(60));
        assertEquals(100, HqCharts.niceCeiling(100));
        assertEquals(200, HqCharts.niceCeiling(101));
    }

    @Test
    void charts_escapeWhatTheyShow_andDrawOnePointPerMonth() {
        String svg = HqCharts.trend("t", List.of("2026-11", "2026-12"), List.of(new HqCharts.Series("<red>", "s-red",
                List.of(1L, 3L))));
        assertFalse(svg.contains("<red>"));
        assertTrue(svg.contains("&lt;red&gt; 2026-12: 3"), svg);
        assertEquals(2, svg.split("<circle").length - 1);
        String bars = HqCharts.bars("b", List.of("MASS_DISCREPANCY"), List.of(2L));
        assertTrue(bars.contains(">MASS_DISCREPANCY</text>") && bars.contains(">2</text>"), bars);
    }

    @Test
    void onlyAnalystsAndSupervisors_mayView() {
        String hash = new PasswordHasher(PasswordHasher.MINIMUM_ITERATIONS).hash("x-password".toCharArray());
        assertTrue(HqView.mayView(new Officer("a", "A", Set.of(Role.ANALYST), hash)));
        assertTrue(HqView.mayView(new Officer("s", "S", Set.of(Role.SUPERVISOR), hash)));
        assertFalse(HqView.mayView(new Officer("i", "I", Set.of(Role.INSPECTOR, Role.TECHNICIAN), hash)));
    }
}
