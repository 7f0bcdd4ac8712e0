package org.touchstone.agent.assessment;

import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * One element's concentration on an item, combined over its XRF shots, with the uncertainty of the mean.
 *
 * <p>The standard uncertainty of the mean adds in quadrature the counting uncertainty the analyzer states
 * (converted to k = 1 and averaged over the shots) and the spread between spots (Type A, n - 1 degrees of
 * freedom). Welch-Satterthwaite gives the effective degrees of freedom, so few shots widen the bounds through
 * Student's t. A shot that reports the element below detection counts as {@link BelowDetection#ZERO} or at its
 * limit, whichever favours the declarant for the question asked, with half the limit as its uncertainty.
 *
 * @param meanPercent         mean over the shots, wt%
 * @param standardUncertainty of the mean, wt%, without any instrument calibration term
 * @param degreesOfFreedom    effective; infinite when the spread adds nothing or there is one shot
 * @param spreadPercent       standard deviation between shots
 * @param detectedIn          shots that reported the element above their detection limit
 * @param detectionLimit      the largest detection limit any shot stated, or null
 * @param chiSquare           sum of squared deviations from the weighted mean over the stated variances
 */
public record ElementEstimate(String element, int shots, double meanPercent, double standardUncertainty,
                              double degreesOfFreedom, double spreadPercent, int detectedIn, Double detectionLimit,
                              double chiSquare) {

    /** How a below-detection shot counts. */
    public enum BelowDetection { ZERO, LIMIT }

    public static ElementEstimate of(String element, List<XrfReading> shots, BelowDetection below) {
        SummaryStatistics values = new SummaryStatistics();
        double sumVariance = 0;
        double weightSum = 0;
        double weightedSum = 0;
        int detected = 0;
        Double maxLimit = null;
        double[] x = new double[shots.size()];
        double[] u = new double[shots.size()];
        for (int i = 0; i < shots.size(); i++) {
            ElementResult e = shots.get(i).element(element).orElse(null);
            double limit = e == null || e.detectionLimit() == null ? 0 : e.detectionLimit();
            if (e != null && e.detectionLimit() != null) {
                maxLimit = maxLimit == null ? e.detectionLimit() : Math.max(maxLimit, e.detectionLimit());
            }
            boolean seen = e != null && !e.belowDetection();
            x[i] = seen ? e.percent() : below == BelowDetection.LIMIT ? limit : 0;
            u[i] = seen ? e.standardUncertainty() : limit / 2;
            if (seen) {
                detected++;
            }
            values.addValue(x[i]);
            sumVariance += u[i] * u[i];
            if (u[i] > 0) {
                weightSum += 1 / (u[i] * u[i]);
                weightedSum += x[i] / (u[i] * u[i]);
            }
        }
        int n = shots.size();
        double mean = n == 0 ? 0 : values.getMean();
        double spread = n > 1 ? values.getStandardDeviation() : 0;
        double uCounting2 = n == 0 ? 0 : sumVariance / ((double) n * n);
        double uSpread2 = n > 1 ? spread * spread / n : 0;
        double u2 = uCounting2 + uSpread2;
        double dof = n > 1 && uSpread2 > 0 ? Math.min(1e6, u2 * u2 / (uSpread2 * uSpread2 / (n - 1)))
                : Double.POSITIVE_INFINITY;
        double chi2 = 0;
        if (n > 1 && weightSum > 0) {
            double weightedMean = weightedSum / weightSum;
            for (int i = 0; i < n; i++) {
                if (u[i] > 0) {
                    chi2 += (x[i] - weightedMean) * (x[i] - weightedMean) / (u[i] * u[i]);
                }
            }
        }
        return new ElementEstimate(element, n, mean, Math.sqrt(u2), dof, spread, detected, maxLimit, chi2);
    }

    /**
     * Probability of a chi-square at least this large if the shots differed only by their stated counting errors
     * (1 with fewer than two shots). Computed on demand: only the surface check needs it.
     */
    public double chiSquarePValue() {
        return shots < 2 ? 1 : 1 - new ChiSquaredDistribution(null, shots - 1).cumulativeProbability(chiSquare);
    }

    /** One-sided quantile at {@code confidence} for these degrees of freedom (Student's t, or normal). */
    public static double coverageFactor(double degreesOfFreedom, double confidence) {
        return Double.isInfinite(degreesOfFreedom) || degreesOfFreedom >= 1e6
                ? new NormalDistribution(null, 0, 1).inverseCumulativeProbability(confidence)
                : new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(confidence);
    }

    public double coverageFactor(double confidence) {
        return coverageFactor(degreesOfFreedom, confidence);
    }

    /**
     * Present beyond reasonable doubt: reported in at least half the shots, and the lower bound of the mean at
     * {@code confidence} above {@code thresholdPercent}.
     */
    public boolean shownAbove(double thresholdPercent, double confidence) {
        // Cheap tests first: most elements on most items are simply not there.
        return shots > 0 && 2 * detectedIn >= shots && meanPercent > thresholdPercent
                && meanPercent - coverageFactor(confidence) * standardUncertainty > thresholdPercent;
    }

    /** Absent or at most {@code thresholdPercent}, beyond reasonable doubt. */
    public boolean shownBelow(double thresholdPercent, double confidence) {
        return meanPercent + coverageFactor(confidence) * standardUncertainty < thresholdPercent;
    }
}
