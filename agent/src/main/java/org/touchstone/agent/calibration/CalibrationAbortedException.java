package org.touchstone.agent.calibration;

/** A procedure that could not be completed: nothing is recorded. */
public final class CalibrationAbortedException extends RuntimeException {
    public CalibrationAbortedException(String message) {
        super(message);
    }
}
