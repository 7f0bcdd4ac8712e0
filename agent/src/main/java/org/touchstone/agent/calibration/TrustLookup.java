package org.touchstone.agent.calibration;

import java.time.Instant;

/** Says how far a device was trusted at a moment; the desk asks it for every reading it binds. */
@FunctionalInterface
public interface TrustLookup {

    DeviceTrust trustAt(String deviceId, Instant when);

    /** Every device trusted, by declaration (tests and replays of readings taken on verified devices). */
    static TrustLookup declaredTrusted(String reason) {
        return (deviceId, when) -> DeviceTrust.declared(deviceId, reason);
    }

    /** No device has a record: every reading is from an untrusted device. */
    static TrustLookup none() {
        return (deviceId, when) -> DeviceTrust.unknown(deviceId);
    }
}
