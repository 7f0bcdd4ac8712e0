package org.touchstone.agent.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.touchstone.agent.Fixtures.CLASS_II_E01;
import static org.touchstone.agent.Fixtures.gold;
import static org.touchstone.agent.Fixtures.metrology;
import static org.touchstone.agent.Fixtures.policy;
import static org.touchstone.agent.Fixtures.weighing;

import java.math.BigDecimal;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.touchstone.agent.assessment.AssessmentPolicy;

class MassCheckTest {

    private final MassCheck check = new MassCheck(policy());

    private MassResult compare(String declared, ScaleMetrology scale, String... measured) {
        return check.compare(gold("1", "999.9", declared),
                java.util.Arrays.stream(measured).map(g -> weighing(g, scale)).toList()).orElseThrow();
    }

    @Test
    void compare_noWeighing_notAssessed() {
        assertTrue(check.compare(gold("1", "999.9", "1000.0 g"), List.of()).isEmpty());
    }

    @Test
    void compare_kilobar_allowedIsScaleMpePlusRounding() {
        MassResult r = compare("1000.0 g", CLASS_II_E01, "1000.1");
        assertEquals(1000.0, r.declaredGrams());
        assertEquals(1000.1, r.measuredGrams());
        assertEquals(0.2, r.scaleMpeGrams(), 1e-12);   // 10 001 e: 1 e initial, 2 e in service
        assertEquals(0.05, r.roundingGrams(), 1e-12);  // "1000.0" hides up to 0.05 g
        assertEquals(0.0, r.toleranceGrams());
        assertEquals(0.25, r.allowedGrams(), 1e-12);
        assertFalse(r.discrepant());
        assertEquals(List.of("S S 1000.1 g"), r.readings());
        assertEquals(List.of("scale-1"), r.devices());
    }

    /** Exactly at the allowed deviation is explained by the measurement; one scale digit beyond is not. */
    @ParameterizedTest(name = "declared {0}, class {1} e = {2} g, measured {4} g: discrepant {5}")
    @CsvSource(textBlock = """
            # declared, class, e,   Max,  measured, discrepant
            # 10 000 e: 2 e in service = 0.2 g, plus 0.05 g rounding
            1000.0 g,   II,    0.1,  6200, 1000.25,  false
            1000.0 g,   II,    0.1,  6200, 1000.26,  true
            1000.0 g,   II,    0.1,  6200, 999.75,   false
            1000.0 g,   II,    0.1,  6200, 999.74,   true
            # 24 560 e: 3 e in service = 0.03 g, plus 0.05 g rounding
            245.6 g,    II,    0.01, 1200, 245.68,   false
            245.6 g,    II,    0.01, 1200, 245.69,   true
            245.6 g,    II,    0.01, 1200, 245.52,   false
            245.6 g,    II,    0.01, 1200, 245.51,   true
            # 4 998.5 e: 1 e in service = 0.1 g, plus 0.05 g rounding
            500.0 g,    II,    0.1,  6200, 499.85,   false
            500.0 g,    II,    0.1,  6200, 499.84,   true
            # 1 235.5 e: 1 e in service = 0.01 g, plus 0.005 g rounding
            12.34 g,    II,    0.01, 220,  12.355,   false
            12.34 g,    II,    0.01, 220,  12.356,   true
            12.34 g,    II,    0.01, 220,  12.325,   false
            12.34 g,    II,    0.01, 220,  12.324,   true
            # class III, under 2 000 e: 2 e in service = 2 g, plus 0.5 g rounding ("2000 g")
            2000 g,     III,   1,    10000, 1997.5,  false
            2000 g,     III,   1,    10000, 1997.4,  true
            """)
    void compare_atAndJustBeyondAllowed(String declared, AccuracyClass c, String e, String max, String measured,
                                        boolean discrepant) {
        MassResult r = compare(declared, metrology(c, e, max), measured);
        assertEquals(discrepant, r.discrepant(), "deviation " + r.deviationGrams() + " allowed " + r.allowedGrams());
    }

    @Test
    void compare_coarseDeclaration_roundingCappedAtOneThousandth() {
        // "1 kg" could hide 500 g if its last digit were taken at face value.
        MassResult r = compare("1 kg", CLASS_II_E01, "1001.2");
        assertEquals(1.0, r.roundingGrams(), 1e-12);
        assertEquals(1.2, r.allowedGrams(), 1e-12);
        assertFalse(r.discrepant());
        assertTrue(compare("1 kg", CLASS_II_E01, "1001.3").discrepant());
    }

    @Test
    void compare_troyOunces_declaredConvertedExactly() {
        MassResult r = compare("32.151 ozt", CLASS_II_E01, "1000.0");
        assertEquals(1000.0078825968, r.declaredGrams(), 1e-9);
        assertEquals(31.1034768 * 0.0005, r.roundingGrams(), 1e-12);
        assertFalse(r.discrepant());
    }

    @Test
    void compare_avoirdupoisOuncesForTroy_flagged() {
        // 10 troy ounces of metal declared as "10 oz" (avoirdupois): about 27.5 g short of what is on the pan.
        assertTrue(compare("10 oz", CLASS_II_E01, "311.0").discrepant());
    }

    @Test
    void compare_configuredTolerance_addsGramsAndPercentOfDeclared() {
        MassCheck lenient = new MassCheck(new AssessmentPolicy(null, new BigDecimal("0.5"), new BigDecimal("0.1"),
                null, null, null));
        MassResult r = lenient.compare(gold("1", "999.9", "1000.0 g"), List.of(weighing("1001.75"))).orElseThrow();
        assertEquals(1.5, r.toleranceGrams(), 1e-12);
        assertEquals(1.75, r.allowedGrams(), 1e-12);
        assertFalse(r.discrepant());
    }

    @Test
    void compare_severalWeighings_meanAgainstWorstScale() {
        ScaleMetrology coarse = metrology(AccuracyClass.III, "1", "30000");
        MassResult r = check.compare(gold("1", "999.9", "1000.0 g"),
                List.of(weighing("1000.2"), weighing("1001", coarse))).orElseThrow();
        assertEquals(1000.6, r.measuredGrams(), 1e-9);
        assertEquals(2.0, r.scaleMpeGrams(), 1e-12);  // class III, 1000 e: 1 e initial, 2 e in service
        assertEquals(List.of("scale-1"), r.devices());
        assertFalse(r.discrepant());
    }
}
