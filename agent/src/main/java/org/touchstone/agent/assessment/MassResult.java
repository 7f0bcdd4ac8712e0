package org.touchstone.agent.assessment;

import java.util.List;

/**
 * The mass comparison of one item.
 *
 * @param declaredGrams         declared net mass
 * @param measuredGrams         mean of the weighings used
 * @param allowedBelowGrams     the largest shortfall the measurement and the declaration explain
 * @param allowedAboveGrams     the largest excess they explain (LBMA rounds bar weights down, so it can differ)
 * @param scaleMpeGrams         the post's scales' in-service MPE, each at its own weighing's load, averaged
 * @param declarantScaleGrams   the in-service MPE of the scale the declarant is assumed to have weighed on
 * @param roundingBelowGrams    what the declared figure's rounding may hide below it
 * @param roundingAboveGrams    and above it
 * @param toleranceGrams        the configured extra tolerance
 * @param readings              raw frames of the weighings used
 * @param devices               scales used
 * @param setAside              weighings left out: they disagreed with the others beyond what the scales explain
 * @param refused               readings refused as overloads (above Max + 9 e)
 */
public record MassResult(double declaredGrams, double measuredGrams, double allowedBelowGrams,
                         double allowedAboveGrams, double scaleMpeGrams, double declarantScaleGrams,
                         double roundingBelowGrams, double roundingAboveGrams, double toleranceGrams,
                         List<String> readings, List<String> devices, List<String> setAside, List<String> refused) {

    /**
     * Grams below any scale's resolution: decimal masses in binary doubles are off by ~1e-13 g, which must not
     * push a deviation exactly at the allowed one (245.68 g against 245.6 g with 0.08 g allowed) over it.
     */
    private static final double ARITHMETIC_SLACK_GRAMS = 1e-9;

    /** A comparison with one symmetric allowance (post scale, rounding, tolerance), as the first version had it. */
    public MassResult(double declaredGrams, double measuredGrams, double allowedGrams, double scaleMpeGrams,
                      double roundingGrams, double toleranceGrams, List<String> readings, List<String> devices) {
        this(declaredGrams, measuredGrams, allowedGrams, allowedGrams, scaleMpeGrams, 0, roundingGrams, roundingGrams,
                toleranceGrams, readings, devices, List.of(), List.of());
    }

    public MassResult {
        readings = List.copyOf(readings);
        devices = List.copyOf(devices);
        setAside = List.copyOf(setAside);
        refused = List.copyOf(refused);
    }

    public double deviationGrams() {
        return measuredGrams - declaredGrams;
    }

    /** The allowance on the side the deviation lies. */
    public double allowedGrams() {
        return deviationGrams() > 0 ? allowedAboveGrams : allowedBelowGrams;
    }

    public boolean discrepant() {
        return Math.abs(deviationGrams()) > allowedGrams() + ARITHMETIC_SLACK_GRAMS;
    }
}
