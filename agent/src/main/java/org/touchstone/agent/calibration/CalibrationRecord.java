package org.touchstone.agent.calibration;

import java.time.Instant;

/** A technician's check of one device, as journaled: a scale verification or an XRF check-standard run. */
public sealed interface CalibrationRecord permits ScaleVerificationRecord, XrfCheckRecord {

    String deviceId();

    String technician();

    Instant performedAt();

    /** When the device must be checked again. */
    Instant nextDue();

    boolean passed();

    /** What failed, in words; empty when passed. */
    String failures();
}
