package org.touchstone.agent.assessment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.touchstone.agent.metrology.OneSidedQuantile;
import org.touchstone.agent.metrology.UncertaintyBudget;
import org.touchstone.agent.metrology.UncertaintyComponent;
import org.touchstone.drivers.reading.ElementResult;

/**
 * One element's concentration on an item, combined over its XRF shots, with the uncertainty of the mean.
 *
 * <p>The spread between spots already contains the counting noise, so counting is not added on top of it. The
 * shot-to-shot standard deviation is the spread s the shots show (n − 1 degrees of freedom) pooled with what the
 * policy expects of an honest item, √(u_r² + ū²) (spot reproducibility u_r and the stated counting ū, 8 degrees
 * of freedom): s_p² = ((n − 1) s² + 8 (u_r² + ū²)) / (n − 1 + 8), and the mean's line is s_p/√n with n + 7
 * degrees of freedom. The spot reproducibility is u_r = √(a² + (r · min(c, 100 − c))²): spots on a near-pure metal
 * cannot differ much. A shot that reports the element below detection counts as zero or at its limit, whichever favours
 * the declarant for the question asked, with half the limit as its uncertainty.
 *
 * @param meanPercent      mean over the shots, wt%
 * @param countingPercent  the stated counting uncertainty of one shot (k = 1, root mean square), wt%
 * @param spreadPercent    standard deviation between shots (0 for one shot)
 * @param detectedIn       shots that reported the element above their detection limit
 * @param detectionLimit   the largest detection limit any shot stated, or null
 * @param chiSquare        Σ (xᵢ − x̄w)² / (uᵢ² + u_r²): the shots against their weighted mean, with the spot
 *                         reproducibility u_r of an honest homogeneous item beside each counting error
 */
public record ElementEstimate(String element, int shots, double meanPercent, double countingPercent,
                              double spreadPercent, int detectedIn, Double detectionLimit, double chiSquare,
                              double reproducibilityPercent) {

    /**
     * Degrees of freedom of the spot reproducibility the policy states: a Type B figure known to about 25 %
     * (GUM G.4.2: ½ × 0.25⁻² = 8). Pooled with the shots' own spread, it keeps three shots (2 degrees of
     * freedom) from making every bound either blind (t = 22 at 99.9 %) or, when the three agree by chance, falsely
     * sharp.
     */
    static final double REPRODUCIBILITY_DOF = 8;

    /** Honest spot-to-spot variation the chi-square allows at least, wt% (a tenth of the level for traces). */
    static final double CHI_SQUARE_FLOOR_PERCENT = 0.2;

    /** How a below-detection shot counts. */
    public enum BelowDetection { ZERO, LIMIT }

    /** An element no shot mentioned. */
    static ElementEstimate absent(String element, int shots) {
        return new ElementEstimate(element, shots, 0, 0, 0, 0, null, 0, 0);
    }

    /**
     * Combines the shots' results for one element (one map per shot, null where the shot did not report it).
     *
     * @param reproducibility spot-to-spot standard deviation (wt%) of an honest homogeneous item at this level
     */
    static ElementEstimate of(String element, List<Map<String, ElementResult>> shots, BelowDetection below,
                              double absoluteReproducibility, double relativeReproducibility) {
        int n = shots.size();
        double[] x = new double[n];
        double[] u = new double[n];
        int detected = 0;
        Double maxLimit = null;
        double sum = 0;
        double sumU2 = 0;
        for (int i = 0; i < n; i++) {
            ElementResult e = shots.get(i).get(element);
            double limit = e == null || e.detectionLimit() == null ? 0 : e.detectionLimit();
            if (e != null && e.detectionLimit() != null) {
                maxLimit = maxLimit == null ? e.detectionLimit() : Math.max(maxLimit, e.detectionLimit());
            }
            boolean seen = e != null && !e.belowDetection();
            x[i] = seen ? e.percent() : below == BelowDetection.LIMIT ? limit : 0;
            u[i] = seen ? e.standardUncertainty() : limit / 2;
            detected += seen ? 1 : 0;
            sum += x[i];
            sumU2 += u[i] * u[i];
        }
        double mean = n == 0 ? 0 : sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (x[i] - mean) * (x[i] - mean);
        }
        double spread = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double counting = n == 0 ? 0 : Math.sqrt(sumU2 / n);
        double repro = Math.hypot(absoluteReproducibility, relativeReproducibility / 100 * Math.min(mean, 100 - mean));
        // The chi-square asks whether spots differ as a plating or a coating makes them differ, by whole percent:
        // at least CHI_SQUARE_FLOOR_PERCENT of honest variation, or precise 60 s shots fail honest items.
        double chiRepro = Math.max(repro, Math.min(CHI_SQUARE_FLOOR_PERCENT, mean / 10));
        double chi2 = 0;
        if (n > 1) {
            double ws = 0;
            double wx = 0;
            for (int i = 0; i < n; i++) {
                double v = u[i] * u[i] + chiRepro * chiRepro;
                if (v > 0) {
                    ws += 1 / v;
                    wx += x[i] / v;
                }
            }
            if (ws > 0) {
                double wmean = wx / ws;
                for (int i = 0; i < n; i++) {
                    double v = u[i] * u[i] + chiRepro * chiRepro;
                    if (v > 0) {
                        chi2 += (x[i] - wmean) * (x[i] - wmean) / v;
                    }
                }
            }
        }
        return new ElementEstimate(element, n, mean, counting, spread, detected, maxLimit, chi2, repro);
    }

    /** The same estimate with every concentration multiplied by {@code factor} (a substrate renormalised). */
    ElementEstimate scaled(double factor) {
        return new ElementEstimate(element, shots, meanPercent * factor, countingPercent * factor,
                spreadPercent * factor, detectedIn, detectionLimit == null ? null : detectionLimit * factor,
                chiSquare, reproducibilityPercent * factor);
    }

    /** The line the shots themselves give to the uncertainty of the mean: their pooled spread, counting inside. */
    public List<UncertaintyComponent> components() {
        List<UncertaintyComponent> out = new ArrayList<>(1);
        if (shots == 0) {
            return out;
        }
        out.add(new UncertaintyComponent("shots (" + shots + ", spread pooled with the expected spot variation)",
                pooledSpread() / Math.sqrt(shots), shots - 1 + REPRODUCIBILITY_DOF));
        return out;
    }

    /** Shot-to-shot standard deviation: the observed spread pooled with the expected √(u_r² + ū²). */
    public double pooledSpread() {
        double prior = reproducibilityPercent * reproducibilityPercent + countingPercent * countingPercent;
        int nu = shots - 1;
        return Math.sqrt((nu * spreadPercent * spreadPercent + REPRODUCIBILITY_DOF * prior) / (nu + REPRODUCIBILITY_DOF));
    }

    /** The budget of the mean from the shots alone (no calibration term). */
    public UncertaintyBudget budget() {
        return UncertaintyBudget.of(components());
    }

    /** Standard uncertainty of the mean from the shots alone: s_p / √n. */
    public double standardUncertainty() {
        return shots == 0 ? 0 : pooledSpread() / Math.sqrt(shots);
    }

    /**
     * Probability of a chi-square at least this large if the shots differed only by their counting errors and an
     * honest item's spot reproducibility (1 with fewer than two shots).
     */
    public double chiSquarePValue() {
        return OneSidedQuantile.chiSquareUpperTail(chiSquare, shots - 1);
    }

    /**
     * Present beyond reasonable doubt: reported in at least half the shots, and the lower bound of the mean at
     * {@code confidence} above {@code thresholdPercent}.
     */
    public boolean shownAbove(double thresholdPercent, double confidence) {
        // Cheap tests first: most elements on most items are simply not there.
        if (shots == 0 || 2 * detectedIn < shots || meanPercent <= thresholdPercent) {
            return false;
        }
        UncertaintyBudget b = budget();
        return meanPercent - b.oneSidedFactor(confidence) * b.standardUncertainty() > thresholdPercent;
    }
}
