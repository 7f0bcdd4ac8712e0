package org.touchstone.agent.calibration;

/**
 * The scale under verification as the procedure sees it: a step is shown (or printed for automation), done by
 * the technician, and the settled indication read back.
 */
public interface ScaleBench {

    /**
     * Asks for a step and returns the stable indication once it is done.
     *
     * @return the stable net indication, in grams
     * @throws CalibrationAbortedException when the technician gives up or the scale cannot be read
     */
    double perform(ScaleStep step);
}
