package org.touchstone.agent.calibration;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The trust in one device at one moment, as a reading carries it.
 *
 * @param deviceId the device
 * @param state    trusted, check due, failed or unknown
 * @param reason   one sentence a technician can act on ("verification of 2026-03-01 failed: eccentricity")
 * @param nextDue  when the device must be checked again, or null when it has no passing record
 * @param xrfCalibration for an XRF analyzer, what its check-standard history says of its calibration, one term
 *                 per reference material and element (empty for a scale, or an analyzer never checked): the
 *                 assessment's calibration uncertainty comes from here
 */
public record DeviceTrust(String deviceId, TrustState state, String reason, Instant nextDue,
                          List<XrfCalibrationTerm> xrfCalibration) {

    public DeviceTrust {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        xrfCalibration = xrfCalibration == null ? List.of() : List.copyOf(xrfCalibration);
    }

    /** Trust without calibration terms (a scale, or an analyzer whose history is not known here). */
    public DeviceTrust(String deviceId, TrustState state, String reason, Instant nextDue) {
        this(deviceId, state, reason, nextDue, List.of());
    }

    /** This trust with the analyzer's calibration terms. */
    public DeviceTrust withXrfCalibration(List<XrfCalibrationTerm> terms) {
        return new DeviceTrust(deviceId, state, reason, nextDue, terms);
    }

    /** A device declared trusted without a record here: a test, or a replay of readings known to be good. */
    public static DeviceTrust declared(String deviceId, String reason) {
        return new DeviceTrust(deviceId, TrustState.TRUSTED, reason, null);
    }

    public static DeviceTrust unknown(String deviceId) {
        return new DeviceTrust(deviceId, TrustState.UNKNOWN, "no calibration record for " + deviceId, null);
    }

    public boolean trusted() {
        return state.trusted();
    }
}
