package org.touchstone.drivers.protocol.scale;

import org.touchstone.drivers.reading.WeightKind;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What any scale codec decodes one frame into, whatever the protocol: the one scale-message model, and all the
 * driver knows. Every variant keeps the frame as received ({@code raw}, ISO-8859-1, without its terminator where
 * the protocol has one).
 */
public sealed interface ScaleMessage {

    String raw();

    /**
     * A weight value.
     *
     * @param valueAsSent the value's characters as the frame carried them, padding trimmed (Toledo: the digits
     *                    without the decimal point, which the status byte places); evidence, never a number to use
     * @param tare        the tare in {@code unit} when the frame carries one, else null
     * @param resolution  the step the scale vouches for, in {@code unit}, when the frame says more than its last
     *                    digit does (a verified balance's last verified digit, a Toledo increment of 2 or 5); null
     *                    when it is the last digit shown
     */
    record Weight(BigDecimal value, String valueAsSent, WeightUnit unit, boolean stable, WeightKind kind,
                  BigDecimal tare, BigDecimal resolution, String raw) implements ScaleMessage {
        public Weight {
            Objects.requireNonNull(value, "value must not be null");
            Objects.requireNonNull(unit, "unit must not be null");
            Objects.requireNonNull(kind, "kind must not be null");
            valueAsSent = valueAsSent == null ? value.toPlainString() : valueAsSent;
            if (resolution != null && resolution.signum() <= 0) {
                throw new IllegalArgumentException("resolution must be > 0, was: " + resolution);
            }
            raw = Objects.requireNonNullElse(raw, "");
        }

        /** A weight whose resolution is its last digit. */
        public Weight(BigDecimal value, String valueAsSent, WeightUnit unit, boolean stable, WeightKind kind,
                      BigDecimal tare, String raw) {
            this(value, valueAsSent, unit, stable, kind, tare, null, raw);
        }
    }

    /** The scale's serial number ({@code I4}, {@code ESC x2_}, {@code ?SN}), only from an answer that is one. */
    record Identity(String serialNumber, String raw) implements ScaleMessage {
        public Identity {
            if (serialNumber == null || serialNumber.isBlank()) {
                throw new IllegalArgumentException("serialNumber must not be blank");
            }
            raw = Objects.requireNonNullElse(raw, "");
        }
    }

    /** A command was accepted or done and nothing else is said ({@code Z A}, A&amp;D ACK), or information (I2, a tare). */
    record Acknowledged(String what, String raw) implements ScaleMessage {
        public Acknowledged {
            what = Objects.requireNonNullElse(what, "");
            raw = Objects.requireNonNullElse(raw, "");
        }
    }

    /**
     * A well-formed answer in place of a weight that says what state the scale is in: overloaded, underloaded, not
     * ready, calibrating, or showing a value that is not a legal weight. A state, not an error: the driver reports
     * when it begins and ends, not every frame.
     */
    record Condition(State state, String detail, String raw) implements ScaleMessage {
        /** The states a scale can report instead of a weight. */
        public enum State {
            /** Above the weighing range (MT-SICS {@code S +}, SBI {@code H}/{@code HH}, A&amp;D {@code OL,+}, Toledo range bit). */
            OVERLOAD,
            /** Below zero range or pan missing (MT-SICS {@code S -}, SBI {@code L}/{@code LL}, A&amp;D {@code OL,-}). */
            UNDERLOAD,
            /** Busy or not settled in time (MT-SICS {@code S I}, SBI {@code --}). */
            NOT_READY,
            /** Calibrating or adjusting (SBI {@code C}). */
            CALIBRATING,
            /** The display is expanded (×10) for testing: the value is not a weighing result (Toledo status C bit 4). */
            EXPANDED_DISPLAY,
            /** Not zeroed since power-up: the value has no zero reference (Toledo status B bit 6). */
            NOT_ZEROED
        }

        public Condition {
            Objects.requireNonNull(state, "state must not be null");
            requireText(detail);
            raw = Objects.requireNonNullElse(raw, "");
        }
    }

    /** A well-formed answer refusing a command: syntax, logic or transmission error ({@code ES}, {@code EC,E01}). */
    record Refused(String reason, String raw) implements ScaleMessage {
        public Refused {
            requireText(reason);
            raw = Objects.requireNonNullElse(raw, "");
        }
    }

    /** The scale reports a hardware fault; its readings cannot be trusted until it weighs again. */
    record Fault(String reason, String raw) implements ScaleMessage {
        public Fault {
            requireText(reason);
            raw = Objects.requireNonNullElse(raw, "");
        }
    }

    /** Bytes that could not be decoded: garbage, a cut frame, a bad checksum, an unknown unit. */
    record Malformed(String reason, String raw) implements ScaleMessage {
        public Malformed {
            requireText(reason);
            raw = Objects.requireNonNullElse(raw, "");
        }
    }

    private static void requireText(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
    }
}
