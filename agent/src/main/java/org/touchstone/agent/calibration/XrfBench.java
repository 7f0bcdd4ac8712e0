package org.touchstone.agent.calibration;

import org.touchstone.drivers.reading.XrfReading;

/** The analyzer under check as the procedure sees it: a CRM is put in, a test run, and its result read back. */
public interface XrfBench {

    /**
     * Asks for one shot on a CRM and returns the analyzer's result.
     *
     * @param shot 1-based shot number on this standard
     * @throws CalibrationAbortedException when the technician gives up or no result arrives
     */
    XrfReading measure(CheckStandard standard, int shot, int shots);
}
