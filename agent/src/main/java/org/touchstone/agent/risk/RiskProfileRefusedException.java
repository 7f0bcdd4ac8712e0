package org.touchstone.agent.risk;

/** A risk profile the post will not apply, with one line saying what and where. */
public final class RiskProfileRefusedException extends Exception {
    public RiskProfileRefusedException(String message) {
        super(message);
    }
}
