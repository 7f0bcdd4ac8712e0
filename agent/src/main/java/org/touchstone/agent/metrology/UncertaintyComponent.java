package org.touchstone.agent.metrology;

import java.util.Objects;

/**
 * One line of an uncertainty budget: a standard uncertainty (k = 1) with the degrees of freedom it was estimated
 * with.
 *
 * @param name                what it stands for, as an inspector or technician reads it ("counting", "calibration
 *                            on AU-750")
 * @param standardUncertainty in the quantity's unit (wt% for XRF, g for mass)
 * @param degreesOfFreedom    n − 1 for a Type A estimate from n values (GUM G.3); for a Type B estimate
 *                            ½ (Δu/u)⁻² from its relative reliability (GUM G.4.2); infinite when known exactly
 */
public record UncertaintyComponent(String name, double standardUncertainty, double degreesOfFreedom) {

    public UncertaintyComponent {
        Objects.requireNonNull(name, "name");
        if (!(standardUncertainty >= 0) || Double.isInfinite(standardUncertainty)) {
            throw new IllegalArgumentException(name + ": standardUncertainty must be finite and >= 0, was: "
                    + standardUncertainty);
        }
        if (!(degreesOfFreedom >= 1)) {
            throw new IllegalArgumentException(name + ": degreesOfFreedom must be >= 1, was: " + degreesOfFreedom);
        }
    }

    /** A component known as well as it matters (a stated counting error, a certificate's k = 2 value). */
    public static UncertaintyComponent exact(String name, double standardUncertainty) {
        return new UncertaintyComponent(name, standardUncertainty, Double.POSITIVE_INFINITY);
    }

    /**
     * A Type B component whose value is believed good to {@code relativeReliability} (0.25 = "to about 25 %"):
     * ν = ½ (Δu/u)⁻², GUM G.4.2 (equation G.3). 25 % gives 8 degrees of freedom, 50 % gives 2.
     */
    public static UncertaintyComponent typeB(String name, double standardUncertainty, double relativeReliability) {
        if (!(relativeReliability > 0 && relativeReliability <= 1)) {
            throw new IllegalArgumentException(name + ": relativeReliability must be within 0..1, was: "
                    + relativeReliability);
        }
        return new UncertaintyComponent(name, standardUncertainty,
                Math.max(1, 0.5 / (relativeReliability * relativeReliability)));
    }

    public double variance() {
        return standardUncertainty * standardUncertainty;
    }
}
