package org.touchstone.agent.calibration;

import java.time.Instant;
import java.util.Objects;

/**
 * The trust in one device at one moment, as a reading carries it.
 *
 * @param deviceId the device
 * @param state    trusted, check due, failed or unknown
 * @param reason   one sentence a technician can act on ("verification of 2026-03-01 failed: eccentricity")
 * @param nextDue  when the device must be checked again, or null when it has no passing record
 */
public record DeviceTrust(String deviceId, TrustState state, String reason, Instant nextDue) {

    public DeviceTrust {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
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
