package org.touchstone.agent.assessment;

import java.util.List;

/**
 * The mass comparison of one item.
 *
 * @param declaredGrams  declared net mass
 * @param measuredGrams  mean of the weighings
 * @param allowedGrams   the largest deviation the measurement and the declaration explain:
 *                       {@code scaleMpeGrams + roundingGrams + toleranceGrams}
 * @param scaleMpeGrams  in-service maximum permissible error of the scale at this load
 * @param roundingGrams  what the declared figure's last digit may hide
 * @param toleranceGrams the configured extra tolerance
 * @param readings       raw frames of the weighings used
 * @param devices        scales used
 */
public record MassResult(double declaredGrams, double measuredGrams, double allowedGrams, double scaleMpeGrams,
                         double roundingGrams, double toleranceGrams, List<String> readings, List<String> devices) {

    public double deviationGrams() {
        return measuredGrams - declaredGrams;
    }

    /**
     * Grams below any scale's resolution: decimal masses in binary doubles are off by ~1e-13 g, which must not
     * push a deviation exactly at the allowed one (245.68 g against 245.6 g with 0.08 g allowed) over it.
     */
    private static final double ARITHMETIC_SLACK_GRAMS = 1e-9;

    public boolean discrepant() {
        return Math.abs(deviationGrams()) > allowedGrams + ARITHMETIC_SLACK_GRAMS;
    }
}
