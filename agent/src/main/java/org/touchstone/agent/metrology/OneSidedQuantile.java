package org.touchstone.agent.metrology;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * One-sided quantiles the decisions use, computed once per (degrees of freedom, confidence) by commons-math and
 * kept in a table per confidence: building a commons-math distribution seeds a random generator it never uses,
 * which cost a quarter of the assessment's time (issue 17). Degrees of freedom are whole numbers here (the budget
 * truncates them), so a confidence's table has {@value #NORMAL_ABOVE_DOF_INT} + 1 slots (slot 0 the normal),
 * each filled on first use; a lookup is an array read, with no key object or boxing. A policy uses one or two
 * confidences, so the list of tables is searched linearly. OneSidedQuantileTest compares with commons-math over
 * a grid.
 */
public final class OneSidedQuantile {

    /** Above this many degrees of freedom Student's t is taken as normal (t(0.99, 1000) = 2.330 vs 2.326). */
    static final double NORMAL_ABOVE_DOF = 1000;
    private static final int NORMAL_ABOVE_DOF_INT = 1000;

    /** The quantiles at one confidence by degrees of freedom (0 = normal); NaN until computed. */
    private record Table(double confidence, double[] quantiles) {
        double at(int nu) {
            double q = quantiles[nu];
            if (Double.isNaN(q)) {
                q = nu == 0 ? new NormalDistribution(null, 0, 1).inverseCumulativeProbability(confidence)
                        : new TDistribution(null, nu).inverseCumulativeProbability(confidence);
                quantiles[nu] = q; // racing threads compute the same value; a double store is atomic enough here
            }
            return q;
        }
    }

    /** Copy-on-write: a new confidence replaces the array; readers see an old or a new one, both valid. */
    private static volatile Table[] tables = new Table[0];

    private OneSidedQuantile() {
    }

    /** t(ν) quantile at {@code confidence}; ν below 1 counts as 1, non-integer ν is truncated down. */
    public static double of(double degreesOfFreedom, double confidence) {
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be within 0.5..1, was: " + confidence);
        }
        int nu = Double.isInfinite(degreesOfFreedom) || degreesOfFreedom >= NORMAL_ABOVE_DOF ? 0
                : (int) Math.max(1, Math.floor(degreesOfFreedom));
        return table(confidence).at(nu);
    }

    private static Table table(double confidence) {
        for (Table t : tables) {
            if (t.confidence() == confidence) {
                return t;
            }
        }
        synchronized (OneSidedQuantile.class) {
            Table[] current = tables;
            for (Table t : current) {
                if (t.confidence() == confidence) {
                    return t;
                }
            }
            double[] q = new double[NORMAL_ABOVE_DOF_INT + 1];
            java.util.Arrays.fill(q, Double.NaN);
            Table t = new Table(confidence, q);
            Table[] grown = java.util.Arrays.copyOf(current, current.length + 1);
            grown[current.length] = t;
            tables = grown;
            return t;
        }
    }

    /** The normal quantile at {@code confidence}. */
    public static double normal(double confidence) {
        return of(Double.POSITIVE_INFINITY, confidence);
    }

    /**
     * P(χ²(ν) ≥ x): the probability of a chi-square at least this large. The regularized upper incomplete gamma
     * function Q(ν/2, x/2), without building a distribution object.
     */
    public static double chiSquareUpperTail(double chiSquare, int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            return 1;
        }
        if (!(chiSquare > 0)) {
            return 1;
        }
        return Gamma.regularizedGammaQ(degreesOfFreedom / 2.0, chiSquare / 2.0);
    }
}
