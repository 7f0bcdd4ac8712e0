package org.touchstone.agent.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.touchstone.agent.Fixtures.gold;
import static org.touchstone.agent.Fixtures.goldShots;
import static org.touchstone.agent.Fixtures.item;
import static org.touchstone.agent.Fixtures.policy;
import static org.touchstone.agent.Fixtures.shot;
import static org.touchstone.agent.Fixtures.xrf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

class FinenessCheckTest {

    private static final DeclaredItem FINE_GOLD = gold("1", "999.9", "1000.0 g");
    private static final double Z_99 = new NormalDistribution().inverseCumulativeProbability(0.99);

    private final FinenessCheck check = new FinenessCheck(policy());

    private FinenessResult compare(DeclaredItem item, List<XrfReading> shots) {
        return check.compare(item, shots).orElseThrow();
    }

    @Test
    void compare_threeShotsOf22KarateOnFineGold_belowDeclared() {
        FinenessResult r = compare(FINE_GOLD, goldShots(91.7, 91.7, 91.7));
        assertTrue(r.belowDeclared());
        assertEquals("Au", r.metal());
        assertEquals(99.99, r.declaredPercent(), 1e-12);
        assertEquals(99.99, r.thresholdPercent(), 1e-12);
        assertEquals(91.7, r.meanPercent(), 1e-12);
        assertEquals(3, r.shots());
        assertTrue(r.upperBoundPercent() < 92, "upper bound " + r.upperBoundPercent());
        assertEquals(3, r.readings().size());
    }

    @Test
    void compare_meanSlightlyBelowWithinUncertainty_benefitOfTheDoubt() {
        FinenessResult r = compare(FINE_GOLD, goldShots(99.97, 99.98, 99.96));
        assertEquals(99.97, r.meanPercent(), 1e-9);
        assertTrue(r.meanPercent() < r.declaredPercent());
        assertTrue(r.upperBoundPercent() >= r.thresholdPercent());
        assertFalse(r.belowDeclared());
    }

    @Test
    void compare_fewerShotsThanPolicy_notAssessed() {
        assertTrue(check.compare(FINE_GOLD, goldShots(91.7, 91.7)).isEmpty());
        assertTrue(check.compare(FINE_GOLD, List.of()).isEmpty());
    }

    @Test
    void compare_threeShots_combinesCountingSpreadAndInstrumentAsDocumented() {
        // Stated 0.06 wt% at k = 2 (0.03 standard), spread 0.05 between spots, instrument 0.05.
        List<XrfReading> shots = List.of(shot(null, "Au", 99.90, 0.06, 2), shot(null, "Au", 99.95, 0.06, 2),
                shot(null, "Au", 100.00, 0.06, 2));
        FinenessResult r = compare(FINE_GOLD, shots);
        double uCounting2 = 3 * 0.03 * 0.03 / 9;
        double uSpread2 = 0.05 * 0.05 / 3;
        double u2 = uCounting2 + uSpread2 + 0.05 * 0.05;
        double dof = u2 * u2 / (uSpread2 * uSpread2 / 2);
        assertEquals(0.05, r.spreadPercent(), 1e-12);
        assertEquals(Math.sqrt(u2), r.standardUncertainty(), 1e-12);
        assertEquals(dof, r.degreesOfFreedom(), 1e-6);
        assertEquals(new TDistribution(dof).inverseCumulativeProbability(0.99), r.coverageFactor(), 1e-9);
        assertEquals(0.99, r.confidence());
    }

    @Test
    void compare_nationalTolerance_lowersTheThreshold() {
        DeclaredItem eighteenKarat = gold("1", "750", "10.00 g");
        List<XrfReading> shots = goldShots(74.5, 74.5, 74.5);
        FinenessResult strict = new FinenessCheck(org.touchstone.agent.Fixtures.policy(3, 0.99, "0"))
                .compare(eighteenKarat, shots).orElseThrow();
        FinenessResult lenient = new FinenessCheck(org.touchstone.agent.Fixtures.policy(3, 0.99, "7"))
                .compare(eighteenKarat, shots).orElseThrow();
        assertEquals(75.0, strict.thresholdPercent(), 1e-12);
        assertTrue(strict.belowDeclared());
        assertEquals(74.3, lenient.thresholdPercent(), 1e-12);
        assertFalse(lenient.belowDeclared());
        assertEquals(strict.upperBoundPercent(), lenient.upperBoundPercent(), 1e-12);
    }

    @Test
    void compare_singleShot_usesNormalQuantile() {
        FinenessCheck oneShot = new FinenessCheck(org.touchstone.agent.Fixtures.policy(1, 0.99, "0"));
        FinenessResult r = oneShot.compare(FINE_GOLD, goldShots(99.5)).orElseThrow();
        assertEquals(Double.POSITIVE_INFINITY, r.degreesOfFreedom());
        assertEquals(Z_99, r.coverageFactor(), 1e-12);
        assertEquals(0.0, r.spreadPercent());
        assertEquals(Math.hypot(0.05, 0.05), r.standardUncertainty(), 1e-12);
        assertTrue(r.belowDeclared());  // 99.5 + 2.33 * 0.071 = 99.66 < 99.99
    }

    @Test
    void compare_elementBelowDetection_countsAsItsDetectionLimit() {
        DeclaredItem platinum = item("1", Metal.PT, "950", "100.0 g");
        List<XrfReading> shots = List.of(xrf(null, ElementResult.belowDetection("Pt", 0.02)),
                xrf(null, ElementResult.belowDetection("Pt", 0.02)), xrf(null, ElementResult.belowDetection("Pt", 0.02)));
        FinenessResult r = compare(platinum, shots);
        assertEquals(0.02, r.meanPercent(), 1e-12);
        assertTrue(r.belowDeclared());
    }

    @Test
    void compare_elementNotReported_countsAsZero() {
        List<XrfReading> shots = List.of(xrf(null, ElementResult.detected("W", 99, 0.1, 2)),
                xrf(null, ElementResult.detected("W", 99, 0.1, 2)), xrf(null, ElementResult.detected("W", 99, 0.1, 2)));
        FinenessResult r = compare(FINE_GOLD, shots);
        assertEquals(0.0, r.meanPercent());
        assertTrue(r.belowDeclared());
    }

    @Test
    void compare_studentT_twoShotsWiderThanTenOfTheSameSpread() {
        // Two shots 99.0 and 99.4: s = 0.2828. Ten shots, five at m - a and five at m + a, have the same s
        // when a = s * sqrt(9/10).
        double s = 0.4 / Math.sqrt(2);
        double a = s * Math.sqrt(0.9);
        double[] ten = new double[10];
        for (int i = 0; i < 10; i++) {
            ten[i] = 99.2 + (i % 2 == 0 ? -a : a);
        }
        FinenessCheck twoShotPolicy = new FinenessCheck(org.touchstone.agent.Fixtures.policy(2, 0.99, "0"));
        FinenessResult two = twoShotPolicy.compare(FINE_GOLD, goldShots(99.0, 99.4)).orElseThrow();
        FinenessResult tenShots = twoShotPolicy.compare(FINE_GOLD, goldShots(ten)).orElseThrow();
        assertEquals(two.spreadPercent(), tenShots.spreadPercent(), 1e-9);
        assertTrue(two.coverageFactor() > tenShots.coverageFactor(),
                two.coverageFactor() + " vs " + tenShots.coverageFactor());
        assertTrue(tenShots.coverageFactor() > Z_99);
        assertTrue(two.degreesOfFreedom() < tenShots.degreesOfFreedom());
        assertTrue(two.upperBoundPercent() - two.meanPercent() > tenShots.upperBoundPercent() - tenShots.meanPercent());
    }

    /**
     * Sanity check of the decision rule, not the full corpus: shots drawn with the noise the shots state
     * (sigma 0.05 wt%, three shots an item).
     */
    @Test
    void compare_monteCarlo_honestRarelyFlaggedAndOnePointShortCaught() {
        Random random = new Random(20250301L);
        int items = 2000;
        int honestFlagged = 0;
        int shortCaught = 0;
        for (int i = 0; i < items; i++) {
            if (compare(FINE_GOLD, noisyShots(random, 99.99)).belowDeclared()) {
                honestFlagged++;
            }
            if (compare(FINE_GOLD, noisyShots(random, 98.99)).belowDeclared()) {
                shortCaught++;
            }
        }
        double falseAlarmRate = (double) honestFlagged / items;
        double detectionRate = (double) shortCaught / items;
        System.out.printf("FinenessCheck Monte Carlo (%d items, 3 shots, sigma 0.05 wt%%): honest 999.9 flagged %.2f %%,"
                + " 1 point short caught %.2f %%%n", items, 100 * falseAlarmRate, 100 * detectionRate);
        assertTrue(falseAlarmRate < 0.01, "false alarms " + falseAlarmRate);
        assertTrue(detectionRate >= 0.99, "detection " + detectionRate);
    }

    private static List<XrfReading> noisyShots(Random random, double truePercent) {
        List<XrfReading> shots = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            double value = Math.min(100, truePercent + 0.05 * random.nextGaussian());
            shots.add(shot(null, "Au", value, 0.05, 1));
        }
        return shots;
    }
}
