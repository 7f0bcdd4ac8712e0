package org.touchstone.drivers.reading;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One weight indication from a scale.
 *
 * @param deviceId   configured device id
 * @param value      the value exactly as the scale sent it, in {@code unit}
 * @param unit       the unit the scale sent
 * @param stable     true when the scale marked the value stable (MT-SICS {@code S S}), false when in motion
 * @param receivedAt the agent's receive time
 * @param itemId     the item this weighing belongs to, or null when it must be bound by the agent
 * @param raw        the frame as received
 */
public record WeightReading(String deviceId, BigDecimal value, WeightUnit unit, boolean stable,
                            Instant receivedAt, String itemId, String raw) implements Reading {

    public WeightReading {
        requireText(deviceId, "deviceId");
        Objects.requireNonNull(value, "value must not be null");
        Objects.requireNonNull(unit, "unit must not be null");
        Objects.requireNonNull(receivedAt, "receivedAt must not be null");
        raw = raw == null ? "" : raw;
    }

    /** The value in grams, exact. */
    public BigDecimal grams() {
        return unit.toGrams(value);
    }

    /** The same reading bound to an item. */
    public WeightReading withItemId(String newItemId) {
        return new WeightReading(deviceId, value, unit, stable, receivedAt, newItemId, raw);
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
