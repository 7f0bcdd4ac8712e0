package org.touchstone.drivers.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of an instrument's link state, or a notice from an instrument whose link state stays the same (an
 * overload that began, an XRF test the operator aborted): then {@code state} is the unchanged current state and
 * {@code detail} says what happened.
 *
 * @param deviceId configured device id
 * @param state    the new state
 * @param detail   why, for the operator (may be empty)
 * @param at       the agent's clock when it was noticed
 */
public record DeviceEvent(String deviceId, DeviceState state, String detail, Instant at) {
    public DeviceEvent {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank");
        }
        Objects.requireNonNull(state, "state must not be null");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(at, "at must not be null");
    }
}
