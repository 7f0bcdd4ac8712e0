package org.touchstone.agent.assessment;

import java.util.List;
import java.util.Optional;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.inspection.Weighing;

/**
 * Compares measured with declared net mass. The allowed deviation is what an honest consignment can show:
 * the scale's in-service maximum permissible error at that load (OIML R 76: twice the verification MPE), what
 * the declaration's last digit may hide (capped at 0.1 % so a coarse "1 kg" cannot hide 500 g), and the
 * configured tolerance.
 */
public final class MassCheck {

    private static final double MAX_ROUNDING_FRACTION = 0.001;

    private final AssessmentPolicy policy;

    public MassCheck(AssessmentPolicy policy) {
        this.policy = policy;
    }

    public Optional<MassResult> compare(DeclaredItem item, List<Weighing> weighings) {
        if (weighings.isEmpty()) {
            return Optional.empty();
        }
        double declared = item.netMass().grams().doubleValue();
        double measured = weighings.stream().mapToDouble(Weighing::grams).average().orElseThrow();
        // The worst scale used sets the error bound; with several weighings the mean is no worse than that.
        double mpe = weighings.stream().mapToDouble(w -> w.metrology().inServiceMpeGrams(measured)).max().orElseThrow();
        double rounding = Math.min(item.netMass().halfLastDigitGrams(), MAX_ROUNDING_FRACTION * declared);
        double tolerance = policy.massToleranceGrams().doubleValue()
                + policy.massTolerancePercent().doubleValue() / 100.0 * declared;
        return Optional.of(new MassResult(declared, measured, mpe + rounding + tolerance, mpe, rounding, tolerance,
                weighings.stream().map(w -> w.reading().raw().trim()).toList(),
                weighings.stream().map(w -> w.reading().deviceId()).distinct().toList()));
    }
}
