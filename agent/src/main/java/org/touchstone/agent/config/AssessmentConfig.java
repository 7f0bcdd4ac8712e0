package org.touchstone.agent.config;

import java.math.BigDecimal;

/**
 * The numbers the assessment decides with.
 *
 * @param minXrfShots                  XRF shots per item before the fineness is judged
 * @param massToleranceGrams           added to the scale's error and the declaration's rounding
 * @param massTolerancePercent         likewise, as a percentage of the declared mass
 * @param confidence                   one-sided confidence required to call a fineness below the declared
 *                                     (0.5 .. 0.9999)
 * @param nationalToleranceMille       fineness shortfall the country tolerates, in ‰ (0: none, ISO 9202)
 * @param instrumentUncertaintyPercent standard uncertainty of the XRF calibration itself, in wt%; does not
 *                                     shrink with more shots
 */
public record AssessmentConfig(Integer minXrfShots, BigDecimal massToleranceGrams, BigDecimal massTolerancePercent,
                               Double confidence, BigDecimal nationalToleranceMille,
                               Double instrumentUncertaintyPercent) {
    public AssessmentConfig {
        minXrfShots = minXrfShots == null ? 3 : minXrfShots;
        massToleranceGrams = massToleranceGrams == null ? BigDecimal.ZERO : massToleranceGrams;
        massTolerancePercent = massTolerancePercent == null ? BigDecimal.ZERO : massTolerancePercent;
        confidence = confidence == null ? 0.99 : confidence;
        nationalToleranceMille = nationalToleranceMille == null ? BigDecimal.ZERO : nationalToleranceMille;
        instrumentUncertaintyPercent = instrumentUncertaintyPercent == null ? 0.05 : instrumentUncertaintyPercent;
        if (minXrfShots < 1 || minXrfShots > 50) {
            throw new IllegalArgumentException("minXrfShots must be 1..50, was: " + minXrfShots);
        }
        if (massToleranceGrams.signum() < 0) {
            throw new IllegalArgumentException("massToleranceGrams must be >= 0, was: " + massToleranceGrams);
        }
        if (massTolerancePercent.signum() < 0 || massTolerancePercent.compareTo(BigDecimal.TEN) > 0) {
            throw new IllegalArgumentException("massTolerancePercent must be 0..10, was: " + massTolerancePercent);
        }
        if (confidence < 0.5 || confidence > 0.9999) {
            throw new IllegalArgumentException("confidence must be 0.5..0.9999, was: " + confidence);
        }
        if (nationalToleranceMille.signum() < 0 || nationalToleranceMille.compareTo(BigDecimal.valueOf(50)) > 0) {
            throw new IllegalArgumentException("nationalToleranceMille must be 0..50, was: " + nationalToleranceMille);
        }
        if (instrumentUncertaintyPercent < 0 || instrumentUncertaintyPercent > 5) {
            throw new IllegalArgumentException("instrumentUncertaintyPercent must be 0..5, was: " + instrumentUncertaintyPercent);
        }
    }

    public static AssessmentConfig defaults() {
        return new AssessmentConfig(null, null, null, null, null, null);
    }
}
