package org.touchstone.agent.metrology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/**
 * The quantile tables give exactly what commons-math's inverse CDF gives, over a grid of degrees of freedom
 * (whole, fractional, at and past the normal limit) and confidences; plus a few printed table values.
 */
class OneSidedQuantileTest {

    private static final double[] CONFIDENCES = {0.6, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999};

    @Test
    void everyWholeDegreeOfFreedom_matchesCommonsMath() {
        for (double p : CONFIDENCES) {
            for (int nu = 1; nu < 1000; nu++) {
                assertEquals(new TDistribution(null, nu).inverseCumulativeProbability(p), OneSidedQuantile.of(nu, p),
                        0.0, "t(" + p + ", " + nu + ")");
            }
        }
    }

    @Test
    void fractionalDegreesOfFreedom_truncateDown_andBelowOneCountAsOne() {
        for (double p : CONFIDENCES) {
            for (double nu = 0.1; nu < 60; nu += 0.37) {
                int whole = (int) Math.max(1, Math.floor(nu));
                assertEquals(new TDistribution(null, whole).inverseCumulativeProbability(p), OneSidedQuantile.of(nu, p),
                        0.0, "t(" + p + ", " + nu + ")");
            }
        }
    }

    @Test
    void fromAThousandDegreesOfFreedom_andInfinite_theNormal() {
        for (double p : CONFIDENCES) {
            double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(p);
            assertEquals(z, OneSidedQuantile.of(1000, p), 0.0);
            assertEquals(z, OneSidedQuantile.of(1e6, p), 0.0);
            assertEquals(z, OneSidedQuantile.of(Double.POSITIVE_INFINITY, p), 0.0);
            assertEquals(z, OneSidedQuantile.normal(p), 0.0);
        }
    }

    @Test
    void printedTableValues() {
        // Student t one-sided critical values as printed in NIST/SEMATECH e-Handbook 1.3.6.7.2 (3 decimals).
        assertEquals(6.314, OneSidedQuantile.of(1, 0.95), 5e-4);
        assertEquals(3.747, OneSidedQuantile.of(4, 0.99), 5e-4);
        assertEquals(2.228, OneSidedQuantile.of(10, 0.975), 5e-4);
        assertEquals(2.457, OneSidedQuantile.of(30, 0.99), 5e-4);
        assertEquals(2.326, OneSidedQuantile.normal(0.99), 5e-4);
    }

    @Test
    void aConfidenceOutsideHalfToOne_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> OneSidedQuantile.of(5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> OneSidedQuantile.of(5, 1.0));
    }
}
