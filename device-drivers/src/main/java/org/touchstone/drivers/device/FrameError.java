package org.touchstone.drivers.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A frame an instrument sent that gave no reading: undecodable, an error answer, or not what was asked.
 *
 * @param deviceId configured device id
 * @param reason   what was wrong
 * @param raw      the frame as received (ISO-8859-1), kept as evidence
 * @param at       the agent's clock when it arrived
 */
public record FrameError(String deviceId, String reason, String raw, Instant at) {
    public FrameError {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
        raw = raw == null ? "" : raw;
        Objects.requireNonNull(at, "at must not be null");
    }
}
