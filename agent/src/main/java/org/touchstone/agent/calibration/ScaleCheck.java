package org.touchstone.agent.calibration;

import java.util.List;
import java.util.Objects;

/**
 * The result of one test of a verification, compared with the maximum permissible error.
 *
 * @param test                  which test
 * @param loadGrams             the reference load (0 for zero)
 * @param positions             where the load stood, one per indication (eccentricity), else empty
 * @param indicationsGrams      what the scale showed, in order
 * @param errorGrams            the largest error of indication (indication − load) in absolute value, signed
 * @param standardDeviationGrams repeatability as a standard deviation (repeatability only, else 0)
 * @param rangeGrams            largest minus smallest indication (repeatability and eccentricity, else 0)
 * @param mpeGrams              the maximum permissible error the result is compared with
 * @param passed                within the MPE
 * @param criterion             the rule applied, in words
 */
public record ScaleCheck(ScaleStep.ScaleTest test, double loadGrams, List<String> positions,
                         List<Double> indicationsGrams, double errorGrams, double standardDeviationGrams,
                         double rangeGrams, double mpeGrams, boolean passed, String criterion) {
    public ScaleCheck {
        Objects.requireNonNull(test, "test");
        positions = positions == null ? List.of() : List.copyOf(positions);
        indicationsGrams = List.copyOf(Objects.requireNonNull(indicationsGrams, "indicationsGrams"));
        if (indicationsGrams.isEmpty()) {
            throw new IllegalArgumentException("indicationsGrams must not be empty for " + test);
        }
        Objects.requireNonNull(criterion, "criterion");
    }
}
