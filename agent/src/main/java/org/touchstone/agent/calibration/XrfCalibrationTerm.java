package org.touchstone.agent.calibration;

import java.util.List;
import java.util.Objects;

/**
 * What an analyzer's own check-standard history says about its calibration for one element near one certified
 * level (one reference material: a matrix): how far off it reads on average (bias) and how much that varies from
 * check to check. The assessment turns it into the calibration line of a fineness budget.
 *
 * @param standardId                    the reference material
 * @param element                       the element
 * @param certifiedPercent              its certified value c, wt%
 * @param certifiedStandardUncertainty  the certificate's standard uncertainty, wt%
 * @param points                        check points on the current chart (since the last fresh start)
 * @param meanDeviationPercent          mean of x − c: the bias
 * @param deviationSpreadPercent        standard deviation of x − c (0 with one point)
 * @param meanCountingVariance          mean of the analyzer's stated variance (k = 1) on those points, wt%²
 */
public record XrfCalibrationTerm(String standardId, String element, double certifiedPercent,
                                 double certifiedStandardUncertainty, int points, double meanDeviationPercent,
                                 double deviationSpreadPercent, double meanCountingVariance) {

    public XrfCalibrationTerm {
        Objects.requireNonNull(standardId, "standardId");
        Objects.requireNonNull(element, "element");
        if (points < 1) {
            throw new IllegalArgumentException("points must be >= 1, was: " + points);
        }
    }

    /** The term for one chart's points (all of the same reference material and element). */
    public static XrfCalibrationTerm of(List<XrfCheckPoint> chart) {
        XrfCheckPoint first = chart.get(0);
        int n = chart.size();
        double sum = 0;
        double sumCounting = 0;
        for (XrfCheckPoint p : chart) {
            sum += p.deviationPercent();
            sumCounting += p.measuredUncertainty() * p.measuredUncertainty();
        }
        double mean = sum / n;
        double ss = 0;
        for (XrfCheckPoint p : chart) {
            ss += (p.deviationPercent() - mean) * (p.deviationPercent() - mean);
        }
        return new XrfCalibrationTerm(first.standardId(), first.element(), first.certifiedPercent(),
                first.certifiedUncertainty(), n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, sumCounting / n);
    }

    /**
     * Check-to-check variation beyond the analyzer's counting noise, wt% (k = 1): the part of the spread a
     * sample's own shots do not already show. Subtracting the counting variance is what keeps counting noise from
     * being counted twice (once in the sample's spread, once here).
     */
    public double reproducibilityPercent() {
        return Math.sqrt(Math.max(0, deviationSpreadPercent * deviationSpreadPercent - meanCountingVariance));
    }

    /**
     * Standard uncertainty of a sample result in this matrix from calibration alone, wt%: the uncorrected bias, the
     * uncertainty of its estimate, the check-to-check reproducibility and the certificate, in quadrature. With one
     * point there is no spread: its counting noise stands in for the estimate's uncertainty.
     */
    public double standardUncertainty() {
        double uBiasEstimate2 = points > 1 ? deviationSpreadPercent * deviationSpreadPercent / points
                : meanCountingVariance;
        double r = reproducibilityPercent();
        return Math.sqrt(meanDeviationPercent * meanDeviationPercent + uBiasEstimate2 + r * r
                + certifiedStandardUncertainty * certifiedStandardUncertainty);
    }

    /**
     * Standard uncertainty left after the bias is corrected, wt%: the estimate's uncertainty, the reproducibility,
     * the certificate, and half the bias for a sample whose matrix is near but not the reference material's.
     */
    public double uncertaintyAfterCorrection() {
        double uBiasEstimate2 = points > 1 ? deviationSpreadPercent * deviationSpreadPercent / points
                : meanCountingVariance;
        double r = reproducibilityPercent();
        double mismatch = meanDeviationPercent / 2;
        return Math.sqrt(uBiasEstimate2 + r * r + certifiedStandardUncertainty * certifiedStandardUncertainty
                + mismatch * mismatch);
    }

    /** n − 1 (Type A from the chart's points, GUM G.3); one point counts as 1. */
    public double degreesOfFreedom() {
        return Math.max(1, points - 1);
    }
}
