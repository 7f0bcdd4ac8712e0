package org.touchstone.agent.metrology;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * One-sided quantiles the decisions use, computed once per (degrees of freedom, confidence) and kept: building a
 * commons-math distribution seeds a random generator it never uses, which cost a quarter of the assessment's time
 * (issue 17). Degrees of freedom are whole numbers here (the budget truncates them), so the cache stays small.
 */
public final class OneSidedQuantile {

    /** Above this many degrees of freedom Student's t is taken as normal (t(0.99, 1000) = 2.330 vs 2.326). */
    static final double NORMAL_ABOVE_DOF = 1000;

    private record Key(int degreesOfFreedom, double confidence) {
    }

    private static final ConcurrentHashMap<Key, Double> CACHE = new ConcurrentHashMap<>();

    private OneSidedQuantile() {
    }

    /** t(ν) quantile at {@code confidence}; ν below 1 counts as 1, non-integer ν is truncated down. */
    public static double of(double degreesOfFreedom, double confidence) {
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be within 0.5..1, was: " + confidence);
        }
        int nu = Double.isInfinite(degreesOfFreedom) || degreesOfFreedom >= NORMAL_ABOVE_DOF ? 0
                : (int) Math.max(1, Math.floor(degreesOfFreedom));
        return CACHE.computeIfAbsent(new Key(nu, confidence), k -> k.degreesOfFreedom() == 0
                ? new NormalDistribution(null, 0, 1).inverseCumulativeProbability(k.confidence())
                : new TDistribution(null, k.degreesOfFreedom()).inverseCumulativeProbability(k.confidence()));
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
