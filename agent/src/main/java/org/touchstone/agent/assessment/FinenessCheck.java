package org.touchstone.agent.assessment;

import java.util.List;
import java.util.Optional;
import org.touchstone.agent.declaration.DeclaredItem;
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

    private final AssessmentPolicy policy;

    public FinenessCheck(AssessmentPolicy policy) {
        this.policy = policy;
    }

    /** Empty until the item has the shots the policy asks for. */
    public Optional<FinenessResult> compare(DeclaredItem item, List<XrfReading> shots) {
        if (shots.size() < policy.minXrfShots()) {
            return Optional.empty();
        }
        String symbol = item.metal().symbol();
        // Below detection counts at the limit here: the declarant's best case.
        ElementEstimate e = ElementEstimate.of(symbol, shots, ElementEstimate.BelowDetection.LIMIT);
        int n = e.shots();
        double mean = e.meanPercent();
        double spread = e.spreadPercent();
        double uSpread2 = n > 1 ? spread * spread / n : 0;
        double uInstrument = policy.instrumentUncertaintyPercent();
        double u2 = e.standardUncertainty() * e.standardUncertainty() + uInstrument * uInstrument;
        double u = Math.sqrt(u2);
        double dof = n > 1 && uSpread2 > 0 ? Math.min(1e6, u2 * u2 / (uSpread2 * uSpread2 / (n - 1)))
                : Double.POSITIVE_INFINITY;
        double confidence = policy.confidence();
        double k = ElementEstimate.coverageFactor(dof, confidence);
        List<String> raws = shots.stream().map(XrfReading::raw).toList();
        double declared = item.finenessPercent();
        double threshold = declared - policy.nationalToleranceMille().doubleValue() / 10.0;
        boolean below = mean + k * u < threshold;
        return Optional.of(new FinenessResult(symbol, declared, threshold, n, mean, spread, u, dof, k, confidence,
                below, raws));
    }
}
