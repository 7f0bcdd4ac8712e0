package org.touchstone.agent.calibration;

/** How far a device's readings may be relied on, derived from its calibration records. */
public enum TrustState {
    /** The last check passed, no drift rule is violated, and it is not yet due again. */
    TRUSTED,
    /** The last check passed but its next due date has passed. */
    CHECK_DUE,
    /** The last check failed, or the XRF control chart shows drift. */
    FAILED,
    /** No calibration record at all. */
    UNKNOWN;

    public boolean trusted() {
        return this == TRUSTED;
    }
}
