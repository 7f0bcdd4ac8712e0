package org.touchstone.agent.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.touchstone.agent.Fixtures.gold;
import static org.touchstone.agent.Fixtures.goldShots;
import static org.touchstone.agent.Fixtures.item;
import static org.touchstone.agent.Fixtures.shot;
import static org.touchstone.agent.Fixtures.xrf;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.calibration.XrfCalibrationTerm;
import org.touchstone.agent.declaration.Construction;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.ItemForm;
import org.touchstone.agent.declaration.Mass;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Every expected figure here is worked by hand in the comments (or read from a printed table), not recomputed
 * with the library the code uses. Student's t one-sided 99 % quantiles from the standard table (e.g. NIST/SEMATECH
 * e-Handbook 1.3.6.7.2): ν = 11: 2.718, 29: 2.462, ∞: 2.326.
 */
class FinenessCheckTest {

    private static final DeclaredItem FINE_GOLD = gold("1", "999.9", "1000.0 g");

    /** Policy with a low floor (0.01 wt%) so the analyzer's own calibration line is what counts. */
    private static AssessmentPolicy lowFloor() {
        return new AssessmentPolicy(3, null, null, 0.99, BigDecimal.ZERO, 0.01);
    }

    private static FinenessResult compare(AssessmentPolicy policy, DeclaredItem item, List<XrfReading> shots,
                                          List<XrfCalibrationTerm> history) {
        DeviceTrust trust = new DeviceTrust("xrf-1", TrustState.TRUSTED, "test", null, history);
        Composition c = new Composition(shots, policy.spotReproducibilityPercent(),
                policy.spotReproducibilityRelativePercent());
        return new FinenessCheck(policy).compare(item, c, CalibrationTerms.of(List.of(trust), policy), shots)
                .orElseThrow();
    }

    /** A fine-gold chart of 21 checks: bias −0.02, spread 0.03, stated counting variance 0.0004 (0.02²). */
    private static final XrfCalibrationTerm FINE_GOLD_CHART = new XrfCalibrationTerm("AU-9999", "Au", 99.99, 0.005,
            21, -0.02, 0.03, 0.0004);

    @Test
    void budget_threeShots_workedByHand() {
        // Shots 99.90, 99.95, 100.00, each stated ±0.06 at k = 2, i.e. ū = 0.03 at k = 1.
        //   raw mean 99.95; deviations −0.05, 0, +0.05: s² = 0.005 / 2 = 0.0025.
        // Expected spot variation (defaults a = 0.005, r = 1 % of min(c, 100 − c) = 0.0005):
        //   u_r = √(0.005² + 0.0005²) = 0.0050249; prior variance u_r² + ū² = 0.00002525 + 0.0009 = 0.00092525.
        // Pooled (2 and 8 degrees of freedom): s_p² = (2 × 0.0025 + 8 × 0.00092525) / 10 = 0.0012402,
        //   s_p = 0.035216; the shots' line s_p / √3 = 0.020332 with ν = 10. Counting is inside s_p, not added.
        // Calibration from the chart (bias −0.02 corrected: mean 99.95 + 0.02 = 99.97):
        //   reproducibility √(0.03² − 0.0004) = √0.0005; u(bias)² = 0.03² / 21 = 0.0000429; certificate 0.005;
        //   half the bias for the matrix 0.01: u_cal = √(0.0000429 + 0.0005 + 0.000025 + 0.0001) = 0.025843, ν = 20.
        // Combined u² = 0.020332² + 0.025843² = 0.0010813, u = 0.032882.
        // Welch–Satterthwaite: ν = 0.0010813² / (0.020332⁴ / 10 + 0.025843⁴ / 20) = 29.68, truncated to 29:
        //   t(0.99, 29) = 2.462. Upper bound = 99.97 + 2.462 × 0.032882 = 100.051 ≥ 99.99: not below.
        List<XrfReading> shots = List.of(shot(null, "Au", 99.90, 0.06, 2), shot(null, "Au", 99.95, 0.06, 2),
                shot(null, "Au", 100.00, 0.06, 2));
        FinenessResult r = compare(lowFloor(), FINE_GOLD, shots, List.of(FINE_GOLD_CHART));
        assertEquals(-0.02, r.biasCorrectionPercent(), 1e-12);
        assertEquals(99.97, r.meanPercent(), 1e-9);
        assertEquals(0.05, r.spreadPercent(), 1e-9);
        assertEquals(2, r.budget().size());
        assertEquals(0.020332, r.budget().get(0).standardUncertainty(), 1e-6);
        assertEquals(10, r.budget().get(0).degreesOfFreedom());
        assertEquals(0.025843, r.budget().get(1).standardUncertainty(), 1e-6);
        assertEquals(20, r.budget().get(1).degreesOfFreedom());
        assertEquals(0.032882, r.standardUncertainty(), 1e-6);
        assertEquals(29, r.degreesOfFreedom());
        assertEquals(2.462, r.oneSidedFactor(), 5e-4);
        assertEquals(100.051, r.upperBoundPercent(), 1e-3);
        assertFalse(r.belowDeclared());
    }

    @Test
    void budget_threeShotsThatAgreeByChance_notFalselySharp() {
        // Shots 99.98, 99.99, 100.00 stated 0.1 at k = 2 (ū = 0.05): s = 0.01 alone would give 0.0058 for the
        // mean. Pooled with the expected √(0.005² + 0.05²): s_p² = (2 × 0.0001 + 8 × 0.002525) / 10 = 0.00204,
        // s_p = 0.045166, line 0.045166 / √3 = 0.026077: close to the stated counting 0.05 / √3 = 0.028868.
        FinenessResult r = compare(lowFloor(), FINE_GOLD, goldShots(99.98, 99.99, 100.0), List.of(FINE_GOLD_CHART));
        assertEquals(0.026077, r.budget().get(0).standardUncertainty(), 1e-6);
    }

    @Test
    void budget_uncheckedMatrix_documentedDefaultWithEightDegreesOfFreedom() {
        // 18K measured on an analyzer whose history has fine gold only: 75 is 25 wt% from 99.99, outside the 5 %
        // window, so no correction and the default 0.3 × 75.0 / 75 = 0.3 wt%, known to 25 %: ν = ½ × 0.25⁻² = 8.
        // Shots 75.0 × 3 at 0.1 (k = 2): s = 0; u_r = √(0.005² + (0.01 × 25)²) = 0.25005; prior 0.06253 + 0.0025;
        //   s_p² = 8 × 0.065025 / 10, s_p = 0.22808, line 0.131681 (ν = 10).
        // u = √(0.131681² + 0.3²) = 0.327628; ν = 0.327628⁴ / (0.131681⁴ / 10 + 0.3⁴ / 8) = 11.05 → 11:
        //   t(0.99, 11) = 2.718. Upper bound 75 + 2.718 × 0.327628 = 75.890.
        DeclaredItem karat18 = gold("1", "750", "10.00 g");
        FinenessResult r = compare(lowFloor(), karat18, goldShots(75.0, 75.0, 75.0), List.of(FINE_GOLD_CHART));
        assertEquals(0.3, r.budget().get(1).standardUncertainty(), 1e-9);
        assertEquals(8, r.budget().get(1).degreesOfFreedom());
        assertEquals(0.0, r.biasCorrectionPercent());
        assertEquals(0.327628, r.standardUncertainty(), 1e-6);
        assertEquals(11, r.degreesOfFreedom());
        assertEquals(75.890, r.upperBoundPercent(), 1e-3);
    }

    @Test
    void compare_threeShotsOf22KaratOnFineGold_belowDeclared() {
        FinenessResult r = compare(lowFloor(), FINE_GOLD, goldShots(91.7, 91.7, 91.7), List.of(FINE_GOLD_CHART));
        assertTrue(r.belowDeclared());
        assertEquals(99.99, r.declaredPercent(), 1e-12);
        assertFalse(r.provisional());
    }

    @Test
    void compare_oneShotOfSilverOnA9999Bar_decisiveAtOnce() {
        // One shot, Au below detection (limit 0.01, counted at it: the declarant's best case). Even with the 5 wt%
        // early margin, 0.01 + t·u + 5 is far below 99.99.
        List<XrfReading> one = List.of(xrf(null, ElementResult.detected("Ag", 99.9, 0.1, 2),
                ElementResult.belowDetection("Au", 0.01)));
        FinenessResult r = compare(lowFloor(), FINE_GOLD, one, List.of(FINE_GOLD_CHART));
        assertTrue(r.provisional());
        assertTrue(r.belowDeclared());
        assertEquals(0.01, r.meanPercent(), 1e-12);
    }

    @Test
    void compare_oneShotSlightlyLow_notDecisive() {
        // One shot at 99.0 on 999.9: below by 0.99, but not by the 5 wt% margin an unfinished item needs.
        FinenessResult r = compare(lowFloor(), FINE_GOLD, goldShots(99.0), List.of(FINE_GOLD_CHART));
        assertTrue(r.provisional());
        assertFalse(r.belowDeclared());
    }

    @Test
    void compare_nationalTolerance_lowersTheThreshold() {
        // 18K declared, 74.5 read: 7 ‰ tolerance puts the threshold at 75.0 − 0.7 = 74.3 %.
        DeclaredItem karat18 = gold("1", "750", "10.00 g");
        AssessmentPolicy lenient = new AssessmentPolicy(3, null, null, 0.99, new BigDecimal("7"), 0.01);
        XrfCalibrationTerm chart18 = new XrfCalibrationTerm("AU-750", "Au", 75.0, 0.025, 21, 0.0, 0.03, 0.0004);
        FinenessResult strict = compare(lowFloor(), karat18, goldShots(74.5, 74.5, 74.5), List.of(chart18));
        FinenessResult loose = compare(lenient, karat18, goldShots(74.5, 74.5, 74.5), List.of(chart18));
        assertEquals(75.0, strict.thresholdPercent(), 1e-12);
        assertEquals(74.3, loose.thresholdPercent(), 1e-12);
        assertTrue(strict.belowDeclared());
        assertFalse(loose.belowDeclared());
    }

    @Test
    void compare_studentT_twoShotsWiderThanTenOfTheSameSpread() {
        // Two shots 99.0 and 99.4: s = 0.2828. Ten shots, five at m − a and five at m + a, have the same s when
        // a = s·√(9/10). Two shots have 1 degree of freedom in their spot line, ten have 9.
        double s = 0.4 / Math.sqrt(2);
        double a = s * Math.sqrt(0.9);
        double[] ten = new double[10];
        for (int i = 0; i < 10; i++) {
            ten[i] = 99.2 + (i % 2 == 0 ? -a : a);
        }
        AssessmentPolicy twoShots = new AssessmentPolicy(2, null, null, 0.99, BigDecimal.ZERO, 0.01);
        FinenessResult two = compare(twoShots, FINE_GOLD, goldShots(99.0, 99.4), List.of(FINE_GOLD_CHART));
        FinenessResult tenShots = compare(twoShots, FINE_GOLD, goldShots(ten), List.of(FINE_GOLD_CHART));
        assertEquals(two.spreadPercent(), tenShots.spreadPercent(), 1e-9);
        assertTrue(two.oneSidedFactor() > tenShots.oneSidedFactor());
        assertTrue(two.degreesOfFreedom() < tenShots.degreesOfFreedom());
        assertTrue(two.upperBoundPercent() - two.meanPercent() > tenShots.upperBoundPercent() - tenShots.meanPercent());
    }

    @Test
    void compare_doreSlightlyLow_asksForASample_farBelow_isDecisive() {
        // Doré declared 780. Surface 74.0: upper bound ~74.9 with the default 0.3 calibration, below 78 by more than
        // one heterogeneity sd (3 wt%): a sample is asked for. Surface 77.0 is within it: nothing. The
        // lot's 3 wt% heterogeneity (known to 25 %, ν = 8) could explain it; 60.0 is below even with it (60 + 2.9 × 3.03 ≈ 68.8).
        DeclaredItem dore = new DeclaredItem("1", "7108.12", null, ItemForm.DORE, Metal.AU, new BigDecimal("780"),
                "780", 1, new Mass(new BigDecimal("2500.0"), WeightUnit.G));
        FinenessResult slightly = compare(lowFloor(), dore, goldShots(77.0, 77.1, 76.9), List.of());
        assertFalse(slightly.samplingRequired(), "within one heterogeneity sd of the declared: an honest lot's surface");
        assertFalse(slightly.belowDeclared());
        FinenessResult low = compare(lowFloor(), dore, goldShots(74.0, 74.1, 73.9), List.of());
        assertTrue(low.samplingRequired());
        assertFalse(low.belowDeclared());
        FinenessResult far = compare(lowFloor(), dore, goldShots(60.0, 60.1, 59.9), List.of());
        assertTrue(far.belowDeclared());
        assertFalse(far.samplingRequired());
    }

    @Test
    void compare_22KDeclaredAs9K_aboveDeclared() {
        DeclaredItem nineK = new DeclaredItem("1", "7113.19", null, ItemForm.JEWELLERY, Metal.AU,
                new BigDecimal("375"), "9K", 1, new Mass(new BigDecimal("100.0"), WeightUnit.G));
        FinenessResult r = compare(lowFloor(), nineK, goldShots(91.6, 91.7, 91.6), List.of());
        assertTrue(r.aboveDeclared());
        assertFalse(r.belowDeclared());
    }

    @Test
    void compare_rhodiumPlatedSilver_judgesTheSubstrate() {
        // Surface Rh 40, Ag 55.5, Cu 4.5: without the Rh layer, Ag = 55.5 × 100/60 = 92.5 %, the declared 925.
        DeclaredItem plated = new DeclaredItem("1", "7113.11", null, ItemForm.JEWELLERY, Metal.AG,
                new BigDecimal("925"), "925", 1, new Mass(new BigDecimal("20.0"), WeightUnit.G), null, null, null,
                null, new Construction(Construction.Kind.PLATED, "Rh"));
        List<XrfReading> shots = List.of(
                xrf(null, ElementResult.detected("Rh", 40, 0.1, 2), ElementResult.detected("Ag", 55.5, 0.1, 2),
                        ElementResult.detected("Cu", 4.5, 0.05, 2)),
                xrf(null, ElementResult.detected("Rh", 40, 0.1, 2), ElementResult.detected("Ag", 55.5, 0.1, 2),
                        ElementResult.detected("Cu", 4.5, 0.05, 2)),
                xrf(null, ElementResult.detected("Rh", 40, 0.1, 2), ElementResult.detected("Ag", 55.5, 0.1, 2),
                        ElementResult.detected("Cu", 4.5, 0.05, 2)));
        FinenessResult r = compare(lowFloor(), plated, shots, List.of());
        assertEquals(92.5, r.meanPercent(), 1e-9);
        assertEquals("substrate under a Rh layer", r.basis());
        assertFalse(r.belowDeclared());
    }

    @Test
    void compare_elementBelowDetection_countsAsItsDetectionLimit() {
        DeclaredItem platinum = item("1", Metal.PT, "950", "100.0 g");
        List<XrfReading> shots = List.of(xrf(null, ElementResult.belowDetection("Pt", 0.02)),
                xrf(null, ElementResult.belowDetection("Pt", 0.02)), xrf(null, ElementResult.belowDetection("Pt", 0.02)));
        FinenessResult r = compare(lowFloor(), platinum, shots, List.of());
        assertEquals(0.02, r.meanPercent(), 1e-12);
        assertTrue(r.belowDeclared());
    }
}
