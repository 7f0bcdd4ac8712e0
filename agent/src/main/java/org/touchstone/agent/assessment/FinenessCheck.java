package org.touchstone.agent.assessment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.touchstone.agent.config.AssessmentConfig;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Decides whether the XRF shots on an item show its precious-metal content below the declared fineness, as
 * conformity assessment does (JCGM 106): the item is called below only when the upper confidence bound of the
 * mean is below the declared value. Inside the uncertainty the declarant gets the benefit of the doubt, so an
 * honest item is not accused because an instrument is noisy.
 *
 * <p>The combined standard uncertainty of the mean adds, in quadrature, the counting uncertainty the analyzer
 * states (averaged over the shots), the spread between spots (Type A, n - 1 degrees of freedom) and the
 * instrument's calibration uncertainty, which more shots do not reduce. Counting noise is partly inside the
 * spread too; counting it twice is deliberately conservative. With few shots Student's t with
 * Welch-Satterthwaite degrees of freedom widens the bound.
 */
public final class FinenessCheck {

    private final AssessmentConfig policy;

    public FinenessCheck(AssessmentConfig policy) {
        this.policy = policy;
    }

    /** Empty until the item has the shots the policy asks for. */
    public Optional<FinenessResult> compare(DeclaredItem item, List<XrfReading> shots) {
        if (shots.size() < policy.minXrfShots()) {
            return Optional.empty();
        }
        String symbol = item.metal().symbol();
        SummaryStatistics values = new SummaryStatistics();
        double sumCountingVariance = 0;
        List<String> raws = new ArrayList<>();
        for (XrfReading shot : shots) {
            ElementResult e = shot.element(symbol).orElse(null);
            // An element not reported, or below detection, is present at no more than its detection limit:
            // take that limit (or 0) as the value, which favours the declarant.
            double value = e == null ? 0 : e.belowDetection() ? orZero(e.detectionLimit()) : e.percent();
            double u = e == null || e.belowDetection() ? orZero(e == null ? null : e.detectionLimit()) / 2
                    : e.standardUncertainty();
            values.addValue(value);
            sumCountingVariance += u * u;
            raws.add(shot.raw());
        }
        int n = shots.size();
        double mean = values.getMean();
        double spread = n > 1 ? values.getStandardDeviation() : 0;
        double uCounting2 = sumCountingVariance / ((double) n * n);
        double uSpread2 = spread * spread / n;
        double uInstrument = policy.instrumentUncertaintyPercent();
        double u2 = uCounting2 + uSpread2 + uInstrument * uInstrument;
        double u = Math.sqrt(u2);
        double dof = n > 1 && uSpread2 > 0 ? Math.min(1e6, u2 * u2 / (uSpread2 * uSpread2 / (n - 1))) : Double.POSITIVE_INFINITY;
        double confidence = policy.confidence();
        double k = Double.isInfinite(dof) || dof >= 1e6
                ? new NormalDistribution().inverseCumulativeProbability(confidence)
                : new TDistribution(null, dof).inverseCumulativeProbability(confidence);
        double declared = item.finenessPercent();
        double threshold = declared - policy.nationalToleranceMille().doubleValue() / 10.0;
        boolean below = mean + k * u < threshold;
        return Optional.of(new FinenessResult(symbol, declared, threshold, n, mean, spread, u, dof, k, confidence,
                below, raws));
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }
}
