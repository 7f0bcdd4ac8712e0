package org.touchstone.drivers.reading;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One weight indication from a scale.
 *
 * @param deviceId     configured device id
 * @param value        the value exactly as the scale sent it, in {@code unit}
 * @param unit         the unit the scale sent
 * @param stable       true when the scale marked the value stable (MT-SICS {@code S S}), false when in motion
 * @param receivedAt   the agent's receive time
 * @param itemId       the item this weighing belongs to, or null when it must be bound by the agent
 * @param raw          the frame as received
 * @param valueAsSent  the value's characters as the frame carried them (padding trimmed), e.g. {@code +00123.45}
 * @param kind         gross, net, or the displayed value when the protocol does not say
 * @param tare         the tare in {@code unit} when the frame carries one (Toledo continuous), else null
 * @param serialNumber the scale's serial number when known ({@code I4}, {@code ESC x2_}, {@code ?SN}), else null
 * @param resolution   the step the scale vouches for, in {@code unit}, when the frame says more than its last digit
 *                     (a verified balance's last verified digit, a Toledo increment of 2 or 5), else null
 * @param polls        how many identical frames in a row this reading stands for: 1 for a frame reported as it came;
 *                     more for a report of an indication that stayed the same while the driver did not repeat it
 *                     (see the scale driver's reporting of changes)
 */
public record WeightReading(String deviceId, BigDecimal value, WeightUnit unit, boolean stable,
                            Instant receivedAt, String itemId, String raw, String valueAsSent, WeightKind kind,
                            BigDecimal tare, String serialNumber, BigDecimal resolution, int polls)
        implements Reading {

    public WeightReading {
        requireText(deviceId, "deviceId");
        Objects.requireNonNull(value, "value must not be null");
        Objects.requireNonNull(unit, "unit must not be null");
        Objects.requireNonNull(receivedAt, "receivedAt must not be null");
        raw = raw == null ? "" : raw;
        requireInRange(value, "value");
        requireInRange(tare, "tare");
        requireInRange(resolution, "resolution");
        valueAsSent = valueAsSent == null || valueAsSent.isBlank() ? value.toPlainString() : valueAsSent;
        kind = kind == null ? WeightKind.DISPLAYED : kind;
        if (tare != null && tare.signum() < 0) {
            throw new IllegalArgumentException("tare must be >= 0, was: " + tare);
        }
        serialNumber = serialNumber == null || serialNumber.isBlank() ? null : serialNumber;
        if (resolution != null && resolution.signum() <= 0) {
            throw new IllegalArgumentException("resolution must be > 0, was: " + resolution);
        }
        if (polls < 0) {
            throw new IllegalArgumentException("polls must be >= 1, was: " + polls);
        }
        // 0 is a record written before readings counted their frames (a journal of an earlier version): one frame.
        polls = polls == 0 ? 1 : polls;
    }

    /** A reading of one frame, its resolution the last digit shown. */
    public WeightReading(String deviceId, BigDecimal value, WeightUnit unit, boolean stable, Instant receivedAt,
                         String itemId, String raw, String valueAsSent, WeightKind kind, BigDecimal tare,
                         String serialNumber) {
        this(deviceId, value, unit, stable, receivedAt, itemId, raw, valueAsSent, kind, tare, serialNumber, null, 1);
    }

    /** The reading as the first drivers made it: the displayed value, no tare, no serial number. */
    public WeightReading(String deviceId, BigDecimal value, WeightUnit unit, boolean stable, Instant receivedAt,
                         String itemId, String raw) {
        this(deviceId, value, unit, stable, receivedAt, itemId, raw, null, WeightKind.DISPLAYED, null, null);
    }

    /** The value in grams, exact. */
    public BigDecimal grams() {
        return unit.toGrams(value);
    }

    /** The gross load in {@code unit}, when the protocol says what the value is and gives the tare for a net value. */
    public Optional<BigDecimal> gross() {
        if (kind == WeightKind.GROSS) {
            return Optional.of(value);
        }
        return kind == WeightKind.NET && tare != null ? Optional.of(value.add(tare)) : Optional.empty();
    }

    /** The net load in {@code unit}: the value itself when net, gross minus tare when both are known. */
    public Optional<BigDecimal> net() {
        if (kind == WeightKind.NET) {
            return Optional.of(value);
        }
        return kind == WeightKind.GROSS && tare != null ? Optional.of(value.subtract(tare)) : Optional.empty();
    }

    /** The same reading bound to an item. */
    public WeightReading withItemId(String newItemId) {
        return new WeightReading(deviceId, value, unit, stable, receivedAt, newItemId, raw, valueAsSent, kind, tare,
                serialNumber, resolution, polls);
    }

    /** The same reading with the scale's serial number, once the driver has learned it. */
    public WeightReading withSerialNumber(String newSerialNumber) {
        return new WeightReading(deviceId, value, unit, stable, receivedAt, itemId, raw, valueAsSent, kind, tare,
                newSerialNumber, resolution, polls);
    }

    /** The same indication, standing for {@code n} identical frames, the last received at {@code at}. */
    public WeightReading repeated(int n, Instant at) {
        return new WeightReading(deviceId, value, unit, stable, at, itemId, raw, valueAsSent, kind, tare,
                serialNumber, resolution, n);
    }

    /** True when the other reading shows the same indication: value (and its scale), unit, stability, kind, tare. */
    public boolean sameIndication(WeightReading o) {
        return o != null && value.equals(o.value) && unit == o.unit && stable == o.stable && kind == o.kind
                && java.util.Objects.equals(tare, o.tare);
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    /** Most digits a weight has before or after the point: a tonne in micrograms fits; 1e999999999 does not. */
    public static final int MAX_DIGITS = 12;

    /**
     * Refuses a number no scale shows: beyond {@link #MAX_DIGITS} digits before or after the point (its plain text
     * would be gigabytes: {@code 1e999999999} made the desk run out of memory formatting it).
     */
    public static void requireInRange(BigDecimal number, String field) {
        if (number == null) {
            return;
        }
        if (number.scale() > MAX_DIGITS || number.precision() - number.scale() > MAX_DIGITS) {
            String text = number.toString(); // scientific notation: short, whatever the exponent
            throw new IllegalArgumentException(field + " out of range (at most " + MAX_DIGITS + " digits before and "
                    + "after the point), was: " + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
    }
}
