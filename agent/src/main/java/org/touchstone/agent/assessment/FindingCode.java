package org.touchstone.agent.assessment;

/**
 * Stable codes of findings; consumers may switch on them. The default lane of each is what it calls for unless
 * {@code assessment.lanes} in the configuration says otherwise.
 */
public enum FindingCode {
    /** Measured net mass differs from the declared by more than the measurement can explain. */
    MASS_DISCREPANCY(Lane.RED),
    /** Precious-metal content shown below the declared fineness with the configured confidence. */
    FINENESS_BELOW_DECLARED(Lane.RED),
    /** The measured alloy's class (Chapter 71 note 5), or the declared form, contradicts the declared heading. */
    HS_CLASS_MISMATCH(Lane.RED),
    /** The declared metal is not the one measured. */
    METAL_MISMATCH(Lane.RED),
    /**
     * Mercury shown above its presence level in gold or doré: amalgamation upstream. This lane holds above
     * {@code mercuryRedPercent}; below it the finding takes {@code mercuryLowLevelLane} (a laboratory sample).
     */
    MERCURY_DETECTED(Lane.RED),
    /** Tungsten, or iridium, ruthenium or osmium beyond their presence levels, in a gold item. */
    COUNTERFEIT_INDICATOR(Lane.RED),
    /** Shots disagree far beyond their counting errors: plating, coating or an inhomogeneous item. */
    SURFACE_INCONSISTENT(Lane.YELLOW),
    /** Density from weighing in air and water differs from that of the measured alloy. */
    DENSITY_MISMATCH(Lane.RED),
    /** Deleterious elements in doré above refinery limits. */
    DELETERIOUS_ELEMENTS(Lane.YELLOW),
    /** A bar declared as good delivery outside the LBMA / LPPM limits. */
    BAR_SPEC_MISMATCH(Lane.YELLOW),
    /** Declared value per gram of fine metal far from the reference price. */
    VALUE_IMPLAUSIBLE(Lane.YELLOW),
    /** Measurements missing (or from a device not trusted) when the inspection was closed. */
    INCOMPLETE_INSPECTION(Lane.YELLOW),
    /** Weighings of one item disagree beyond what their scales explain, with no majority: weigh it again. */
    WEIGHINGS_DISAGREE(Lane.YELLOW),
    /** Fineness shown above the declared one by the policy's margin: under-declared (22K declared as 9K). */
    FINENESS_ABOVE_DECLARED(Lane.RED),
    /** A doré or scrap lot whose surface reads below the declared fineness, within the lot's heterogeneity. */
    SAMPLING_REQUIRED(Lane.YELLOW),
    /** Scrap that is a gold-silver binary without copper: the composition of doré, not of jewellery scrap. */
    DORE_SIGNATURE(Lane.RED),
    /**
     * A headquarters risk profile's rule matched the declaration ({@link Selectivity}): its reason, its
     * requirements, and the lane it asks for at least (GREEN when it asks only for measurements).
     */
    RISK_PROFILE(Lane.GREEN);

    private final Lane defaultLane;

    FindingCode(Lane defaultLane) {
        this.defaultLane = defaultLane;
    }

    public Lane defaultLane() {
        return defaultLane;
    }
}
