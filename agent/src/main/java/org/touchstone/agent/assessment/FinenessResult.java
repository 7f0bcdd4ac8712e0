package org.touchstone.agent.assessment;

import java.util.List;
import org.touchstone.agent.metrology.UncertaintyComponent;

/**
 * The fineness comparison of one item from its XRF shots. All concentrations in wt%.
 *
 * @param metal                 element symbol compared, e.g. {@code Au}
 * @param basis                 what was measured: {@code surface}, {@code substrate under a Rh layer} or
 *                              {@code lot surface} (doré and scrap)
 * @param declaredPercent       declared fineness as wt% (999.9 ‰ = 99.99)
 * @param thresholdPercent      declared minus any national tolerance: what the item must reach
 * @param shots                 number of XRF shots combined
 * @param meanPercent           mean over the shots, corrected by {@code biasCorrectionPercent}
 * @param spreadPercent         standard deviation between shots (0 for one shot)
 * @param standardUncertainty   combined standard uncertainty of the mean (the budget below)
 * @param degreesOfFreedom      effective degrees of freedom (Welch–Satterthwaite, truncated), infinite if known
 * @param oneSidedFactor        the one-sided Student's t quantile at {@code confidence} for those degrees of
 *                              freedom (2.33 for a normal at 99 %): not GUM's two-sided coverage factor k = 2
 * @param confidence            that confidence
 * @param belowDeclared         shown below: {@code meanPercent + oneSidedFactor × standardUncertainty} under the
 *                              threshold (with fewer shots than the policy asks, by the early-decision margin
 *                              more; for a lot, with the lot's heterogeneity in the budget)
 * @param samplingRequired      a lot whose surface is shown below but whose bulk may not be: sample it
 * @param aboveDeclared         shown above the declared fineness by the policy's margin: under-declared
 * @param provisional           fewer shots than the policy asks (decided only because decisive)
 * @param budget                the uncertainty budget, line by line
 * @param readings              raw payloads used
 * @param biasCorrectionPercent the analyzer's bias in this matrix from its check-standard history, subtracted
 *                              from the raw mean (0 when no check standard covers the matrix)
 */
public record FinenessResult(String metal, String basis, double declaredPercent, double thresholdPercent, int shots,
                             double meanPercent, double spreadPercent, double standardUncertainty,
                             double degreesOfFreedom, double oneSidedFactor, double confidence,
                             boolean belowDeclared, boolean samplingRequired, boolean aboveDeclared,
                             boolean provisional, List<UncertaintyComponent> budget, List<String> readings,
                             double biasCorrectionPercent) {

    /** A surface comparison as the first version of this record had it (no budget lines, no correction). */
    public FinenessResult(String metal, double declaredPercent, double thresholdPercent, int shots, double meanPercent,
                          double spreadPercent, double standardUncertainty, double degreesOfFreedom,
                          double oneSidedFactor, double confidence, boolean belowDeclared, List<String> readings) {
        this(metal, "surface", declaredPercent, thresholdPercent, shots, meanPercent, spreadPercent,
                standardUncertainty, degreesOfFreedom, oneSidedFactor, confidence, belowDeclared, false, false, false,
                List.of(), readings, 0);
    }

    public FinenessResult {
        budget = List.copyOf(budget);
        readings = List.copyOf(readings);
    }

    public double upperBoundPercent() {
        return meanPercent + oneSidedFactor * standardUncertainty;
    }

    public double lowerBoundPercent() {
        return meanPercent - oneSidedFactor * standardUncertainty;
    }
}
