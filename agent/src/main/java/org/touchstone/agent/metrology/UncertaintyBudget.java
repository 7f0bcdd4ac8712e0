package org.touchstone.agent.metrology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Standard uncertainties combined in quadrature (GUM 5.1.2, uncorrelated inputs, sensitivity 1), with the
 * effective degrees of freedom by the Welch–Satterthwaite formula (GUM G.4.1). This is the only place the formula
 * lives: fineness, composition and calibration terms all build a budget.
 *
 * <p>The effective degrees of freedom are truncated to the next lower integer, as GUM G.4.1 note 1 says, so the
 * quantile is never the optimistic one; that also lets {@link OneSidedQuantile} cache it.
 */
public final class UncertaintyBudget {

    private final List<UncertaintyComponent> components;
    private final double combined;
    private final double degreesOfFreedom;

    private UncertaintyBudget(List<UncertaintyComponent> components) {
        this.components = Collections.unmodifiableList(components);
        double variance = 0;
        double denominator = 0;
        for (UncertaintyComponent c : components) {
            variance += c.variance();
            if (Double.isFinite(c.degreesOfFreedom())) {
                denominator += c.variance() * c.variance() / c.degreesOfFreedom();
            }
        }
        this.combined = Math.sqrt(variance);
        this.degreesOfFreedom = welchSatterthwaite(variance, denominator);
    }

    /** ν_eff = u⁴ / Σ (uᵢ⁴ / νᵢ), truncated down; infinite when no component has finite degrees of freedom. */
    static double welchSatterthwaite(double variance, double sumOfVarianceSquaredOverDof) {
        if (!(sumOfVarianceSquaredOverDof > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double nu = variance * variance / sumOfVarianceSquaredOverDof;
        return nu >= OneSidedQuantile.NORMAL_ABOVE_DOF ? Double.POSITIVE_INFINITY : Math.max(1, Math.floor(nu));
    }

    public static UncertaintyBudget of(List<UncertaintyComponent> components) {
        return new UncertaintyBudget(new ArrayList<>(components));
    }

    public static UncertaintyBudget of(UncertaintyComponent... components) {
        return of(List.of(components));
    }

    /** This budget with one more line. */
    public UncertaintyBudget plus(UncertaintyComponent component) {
        List<UncertaintyComponent> more = new ArrayList<>(components);
        more.add(component);
        return new UncertaintyBudget(more);
    }

    public List<UncertaintyComponent> components() {
        return components;
    }

    /** Combined standard uncertainty. */
    public double standardUncertainty() {
        return combined;
    }

    /** Effective degrees of freedom (Welch–Satterthwaite, truncated down), or infinity. */
    public double degreesOfFreedom() {
        return degreesOfFreedom;
    }

    /**
     * The one-sided Student's t quantile at {@code confidence} for these degrees of freedom: mean + factor × u is
     * the upper confidence bound. Not GUM's coverage factor k = 2, which is a two-sided ~95 % interval.
     */
    public double oneSidedFactor(double confidence) {
        return OneSidedQuantile.of(degreesOfFreedom, confidence);
    }
}
