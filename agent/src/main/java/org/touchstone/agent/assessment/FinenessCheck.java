package org.touchstone.agent.assessment;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.touchstone.agent.declaration.Construction;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.ItemForm;
import org.touchstone.agent.metrology.UncertaintyBudget;
import org.touchstone.agent.metrology.UncertaintyComponent;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Decides whether the XRF shots on an item show its precious-metal content below (or well above) the declared
 * fineness, as conformity assessment does (JCGM 106): the item is called below only when the upper confidence
 * bound of the mean is below the declared value. Inside the uncertainty the declarant gets the benefit of the
 * doubt.
 *
 * <p>The budget of the mean: the shots' counting noise and their spread beyond it (never both for the same
 * noise), the analyzer's calibration at that level from its check-standard history, and, where they apply, what
 * a plating does to the substrate's apparent composition and how far a doré or scrap lot's bulk may be from its
 * surface. The effective degrees of freedom come from Welch–Satterthwaite ({@link UncertaintyBudget}).
 *
 * <p>Decisive evidence decides at once: with fewer shots than the policy asks, an item is called below when it
 * is below even by the early-decision margin more (one shot of silver on a bar declared 999.9 gold is RED now).
 * A lot (doré, scrap, concentrate) is not called below on its surface alone unless decisive with its
 * heterogeneity; otherwise a low surface asks for a sample.
 */
public final class FinenessCheck {

    static final Set<ItemForm> LOTS = Set.of(ItemForm.DORE, ItemForm.SCRAP, ItemForm.CONCENTRATE);
    /** Below this share of the signal, the substrate under a layer is not seen well enough to judge. */
    static final double MIN_SUBSTRATE_SIGNAL_PERCENT = 5.0;

    private final AssessmentPolicy policy;

    public FinenessCheck(AssessmentPolicy policy) {
        this.policy = policy;
    }

    /** Without calibration history: the policy's defaults for every matrix. */
    public Optional<FinenessResult> compare(DeclaredItem item, List<XrfReading> shots) {
        if (shots.size() < policy.minXrfShots()) {
            return Optional.empty();
        }
        Composition c = new Composition(shots, policy.spotReproducibilityPercent(),
                policy.spotReproducibilityRelativePercent());
        return compare(item, c, CalibrationTerms.of(List.of(), policy), shots);
    }

    /** Empty when nothing can be said: no precious metal declared, no shot, or a substrate not seen. */
    Optional<FinenessResult> compare(DeclaredItem item, Composition surface, CalibrationTerms calibration,
                                     List<XrfReading> shots) {
        if (!item.declaresPreciousMetal() || surface == null || surface.shots() == 0) {
            return Optional.empty();
        }
        String symbol = item.metal().symbol();
        Construction construction = item.construction();
        Composition measured = surface;
        String basis = "surface";
        boolean layered = construction.kind().layered() && !symbol.equals(construction.layer());
        if (layered) {
            measured = surface.withoutLayer(construction.layer());
            if (measured.substrateSignalPercent() < MIN_SUBSTRATE_SIGNAL_PERCENT) {
                return Optional.empty();
            }
            basis = "substrate under a " + construction.layer() + " layer";
        }
        boolean lot = LOTS.contains(item.form());
        if (lot) {
            basis = "lot surface";
        }
        ElementEstimate e = measured.atLimit(symbol);
        int n = e.shots();
        boolean provisional = n < policy.minXrfShots();
        CalibrationTerms.Line line = calibration.line(symbol, e.meanPercent());
        UncertaintyBudget budget = UncertaintyBudget.of(e.components()).plus(line.component());
        if (layered) {
            budget = budget.plus(UncertaintyComponent.typeB("plating's effect on the substrate's reading",
                    policy.platedSubstrateUncertaintyPercent(), 0.25));
        }
        double confidence = policy.confidence();
        double declared = item.finenessPercent();
        double threshold = declared - policy.nationalToleranceMille().doubleValue() / 10.0;
        double margin = provisional ? policy.earlyDecisionMarginPercent() : 0;
        // The bias the analyzer's own check standard shows in this matrix is corrected (GUM 3.2.4); what remains of
        // it is in the calibration line.
        double mean = e.meanPercent() - line.biasCorrection();
        double surfaceBound = mean + budget.oneSidedFactor(confidence) * budget.standardUncertainty() + margin;
        UncertaintyBudget decisive = budget;
        if (lot) {
            decisive = budget.plus(UncertaintyComponent.typeB("lot heterogeneity (bulk against surface)",
                    policy.lotHeterogeneityPercent(), 0.25));
        }
        double k = decisive.oneSidedFactor(confidence);
        double u = decisive.standardUncertainty();
        boolean below = mean + k * u + margin < threshold;
        // A lot asks for a sample when its surface is below by more than one heterogeneity sd beyond its own
        // uncertainty: ordinary segregation of an honest lot rarely reads that low.
        boolean sampling = lot && surfaceBound + policy.lotHeterogeneityPercent() < threshold && !below && !provisional;
        boolean above = !provisional && !lot
                && mean - k * u > declared + policy.finenessAboveMarginMille().doubleValue() / 10.0;
        List<String> raws = shots.stream().map(XrfReading::raw).toList();
        return Optional.of(new FinenessResult(symbol, basis, declared, threshold, n, mean, e.spreadPercent(), u,
                decisive.degreesOfFreedom(), k, confidence, below, sampling, above, provisional,
                decisive.components(), raws, line.biasCorrection()));
    }
}
