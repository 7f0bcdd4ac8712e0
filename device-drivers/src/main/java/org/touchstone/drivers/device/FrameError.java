package org.touchstone.drivers.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A frame an instrument sent that gave no reading: undecodable, an error answer, or not what was asked; or a
 * counted summary of many such frames, so that a device sending garbage costs one report per interval, not one per
 * frame.
 *
 * @param deviceId configured device id
 * @param reason   what was wrong (for a summary: how many of each kind)
 * @param raw      the frame as received (ISO-8859-1), kept as evidence; for a summary, the last one
 * @param at       the agent's clock when it arrived (for a summary: when the summary was made)
 * @param count    how many rejected frames this report stands for: 1 for a single frame
 */
public record FrameError(String deviceId, String reason, String raw, Instant at, int count) {
    public FrameError {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
        raw = raw == null ? "" : raw;
        Objects.requireNonNull(at, "at must not be null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was: " + count);
        }
    }

    /** One rejected frame. */
    public FrameError(String deviceId, String reason, String raw, Instant at) {
        this(deviceId, reason, raw, at, 1);
    }

    /** True for a counted summary of several frames. */
    public boolean summary() {
        return count > 1;
    }
}
