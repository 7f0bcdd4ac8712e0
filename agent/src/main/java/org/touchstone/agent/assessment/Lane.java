package org.touchstone.agent.assessment;

/**
 * The customs lane an inspection ends in (ASYCUDA's colours). {@link #PENDING} is not a lane: it says the
 * evidence does not yet suffice for one.
 */
public enum Lane {
    PENDING, GREEN, YELLOW, RED;

    /** The more severe of two lanes. */
    public Lane worse(Lane other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
