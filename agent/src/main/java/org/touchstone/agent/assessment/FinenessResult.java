package org.touchstone.agent.assessment;

import java.util.List;

/**
 * The fineness comparison of one item from its XRF shots. All concentrations in wt%.
 *
 * @param metal                 element symbol compared, e.g. {@code Au}
 * @param declaredPercent       declared fineness as wt% (999.9 ‰ = 99.99)
 * @param thresholdPercent      declared minus any national tolerance: what the item must reach
 * @param shots                 number of XRF shots combined
 * @param meanPercent           mean over the shots
 * @param spreadPercent         standard deviation between shots (0 for one shot)
 * @param standardUncertainty   combined standard uncertainty of the mean (counting, spread between spots,
 *                              instrument calibration)
 * @param degreesOfFreedom      effective degrees of freedom (Welch-Satterthwaite), infinite for one shot
 * @param coverageFactor        one-sided Student's t (or normal) quantile at the configured confidence
 * @param confidence            that confidence
 * @param belowDeclared         true when {@code meanPercent + coverageFactor * standardUncertainty < thresholdPercent}
 * @param readings              raw payloads used
 */
public record FinenessResult(String metal, double declaredPercent, double thresholdPercent, int shots,
                             double meanPercent, double spreadPercent, double standardUncertainty,
                             double degreesOfFreedom, double coverageFactor, double confidence,
                             boolean belowDeclared, List<String> readings) {

    public double upperBoundPercent() {
        return meanPercent + coverageFactor * standardUncertainty;
    }

    public double lowerBoundPercent() {
        return meanPercent - coverageFactor * standardUncertainty;
    }
}
