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
import org.touchstone.agent.declaration.BarMarks;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.ItemForm;
import org.touchstone.agent.declaration.Mass;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.touchstone.agent.assessment.AssessmentPolicy;

class MassCheckTest {

    /** The post's scale and the declaration's rounding alone: the declarant's scale is tested on its own below. */
    private static final AssessmentPolicy POST_ONLY = policy().withDeclarantScale(
            new AssessmentPolicy.DeclarantScale(false, null, null));

    private final MassCheck check = new MassCheck(POST_ONLY);

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
        assertEquals(0.05, r.roundingBelowGrams(), 1e-12);  // "1000.0" hides up to 0.05 g
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
        assertEquals(1.0, r.roundingBelowGrams(), 1e-12);
        assertEquals(1.2, r.allowedGrams(), 1e-12);
        assertFalse(r.discrepant());
        assertTrue(compare("1 kg", CLASS_II_E01, "1001.3").discrepant());
    }

    @Test
    void compare_troyOunces_declaredConvertedExactly() {
        MassResult r = compare("32.151 ozt", CLASS_II_E01, "1000.0");
        assertEquals(1000.0078825968, r.declaredGrams(), 1e-9);
        assertEquals(31.1034768 * 0.0005, r.roundingBelowGrams(), 1e-12);
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
                null, null, null).withDeclarantScale(new AssessmentPolicy.DeclarantScale(false, null, null)));
        MassResult r = lenient.compare(gold("1", "999.9", "1000.0 g"), List.of(weighing("1001.75"))).orElseThrow();
        assertEquals(1.5, r.toleranceGrams(), 1e-12);
        assertEquals(1.75, r.allowedGrams(), 1e-12);
        assertFalse(r.discrepant());
    }

    @Test
    void compare_severalWeighings_mpeOfEachAtItsOwnLoad_averaged() {
        // 1000.2 g on class II e = 0.1 (10 002 e: 1 e initial, 0.2 g in service) and 1001 g on class III e = 1
        // (1 001 e: 1 e initial, 2 g in service): they agree (0.8 g apart, 2.2 g allowed). The mean's error is at
        // most the mean of the two errors: (0.2 + 2.0) / 2 = 1.1 g.
        ScaleMetrology coarse = metrology(AccuracyClass.III, "1", "30000");
        MassResult r = check.compare(gold("1", "999.9", "1000.0 g"),
                List.of(weighing("1000.2"), weighing("1001", coarse))).orElseThrow();
        assertEquals(1000.6, r.measuredGrams(), 1e-9);
        assertEquals(1.1, r.scaleMpeGrams(), 1e-12);
        assertFalse(r.discrepant());
    }

    @Test
    void assess_weighingsThatDisagreeWithoutMajority_notAveraged_reweighRequested() {
        // 1000.0 and 1012.0 g on a class II e = 0.1 scale: 12 g apart, 0.4 g explained. Averaged they would give
        // 1006 g and a false excess; they are returned as disagreeing instead.
        MassCheck.Outcome o = check.assess(gold("1", "999.9", "1000.0 g"), List.of(weighing("1000.0"), weighing("1012.0")));
        assertTrue(o.result().isEmpty());
        assertEquals(2, o.disagreeing().size());
    }

    @Test
    void assess_thirdWeighingAgreesWithOne_majorityUsedOutlierSetAside() {
        MassCheck.Outcome o = check.assess(gold("1", "999.9", "1000.0 g"),
                List.of(weighing("1000.0"), weighing("1012.0"), weighing("1000.1")));
        MassResult r = o.result().orElseThrow();
        assertEquals(1000.05, r.measuredGrams(), 1e-9);
        assertEquals(List.of("S S 1012.0 g"), r.setAside());
        assertFalse(r.discrepant());
    }

    @Test
    void assess_readingAboveMaxPlusNineE_refusedAsOverload() {
        // Max 6200 g, e = 0.1 g: nothing above 6200.9 g may be shown (OIML R 76-1 4.2.3).
        MassCheck.Outcome o = check.assess(gold("1", "999.9", "6200.0 g"), List.of(weighing("6201.0")));
        assertTrue(o.result().isEmpty());
        assertEquals(1, o.overloads().size());
        assertTrue(check.assess(gold("1", "999.9", "6200.0 g"), List.of(weighing("6200.9"))).overloads().isEmpty());
    }

    @Test
    void declarantScale_byFormAndLastDigit_workedByHand() {
        MassCheck withDeclarant = new MassCheck(policy());
        // Kilobar "1000.0 g": refined, class II; last digit d = 0.1 g, and R 76 allows e up to 10 d: e = 1 g.
        // 1 000 e lies below 5 000 e: 0.5 e initial, 1 e = 1 g in service.
        assertEquals(1.0, withDeclarant.declarantScaleMpe(gold("1", "999.9", "1000.0 g"), 1000.0), 1e-12);
        // Jewellery "12.34 g": d = 0.01 g, e = 0.1 g; 123 e: 0.5 e, in service 0.1 g.
        assertEquals(0.1, withDeclarant.declarantScaleMpe(gold("1", "750", "12.34 g"), 12.34), 1e-12);
        // Doré "2503.5 g": class III, e = 5 d = 0.5 g (and at least 2503.5 / 10 000 = 0.25 g). 5 007 e is above
        // 2 000 e: 1.5 e initial, 3 e = 1.5 g in service.
        DeclaredItem dore = new DeclaredItem("1", "7108.12", null, ItemForm.DORE, Metal.AU, new BigDecimal("800"),
                "800", 1, new Mass(new BigDecimal("2503.5"), WeightUnit.G));
        assertEquals(1.5, withDeclarant.declarantScaleMpe(dore, 2503.5), 1e-12);
        // "1 kg": the last digit (1000 g) says nothing of the scale; e is taken no coarser than a class II trade
        // scale's 1 g: 1 000 e, 0.5 e initial, 1 g in service.
        assertEquals(1.0, withDeclarant.declarantScaleMpe(gold("1", "999.9", "1 kg"), 1000.0), 1e-12);
    }

    @Test
    void goodDeliveryBar_roundedDownToQuarterOfATenthOunce_excessExplainedShortfallNot() {
        // An LBMA bar of 400.000 ozt = 12 441.39 g may weigh up to 0.025 ozt = 0.78 g more, never less.
        DeclaredItem bar = new DeclaredItem("1", "7108.12", null, ItemForm.BAR, Metal.AU, new BigDecimal("999.9"),
                "999.9", 1, new Mass(new BigDecimal("400.000"), WeightUnit.OZT), null, null,
                new BarMarks("Refiner", "A1", true));
        MassCheck lbma = new MassCheck(POST_ONLY);
        ScaleMetrology big = metrology(AccuracyClass.II, "0.1", "16000");
        MassResult above = lbma.compare(bar, List.of(weighing("12442.0", big))).orElseThrow();
        assertEquals(31.1034768 * 0.025, above.roundingAboveGrams(), 1e-9);
        assertEquals(0.0, above.roundingBelowGrams());
        assertFalse(above.discrepant(), "0.61 g above, 0.78 + 0.3 allowed");
        MassResult below = lbma.compare(bar, List.of(weighing("12440.9", big))).orElseThrow();
        assertTrue(below.discrepant(), "0.49 g below, only the scale's 0.3 g allowed");
    }
}
