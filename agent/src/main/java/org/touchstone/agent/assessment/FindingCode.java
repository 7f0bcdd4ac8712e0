package org.touchstone.agent.assessment;

/** Stable codes of findings; consumers may switch on them. */
public enum FindingCode {
    /** Measured net mass differs from the declared by more than the measurement can explain. */
    MASS_DISCREPANCY(Lane.RED),
    /** Precious-metal content shown below the declared fineness with the configured confidence. */
    FINENESS_BELOW_DECLARED(Lane.RED);

    private final Lane defaultLane;

    FindingCode(Lane defaultLane) {
        this.defaultLane = defaultLane;
    }

    public Lane defaultLane() {
        return defaultLane;
    }
}
