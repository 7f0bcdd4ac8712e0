package org.touchstone.drivers.protocol.scale;

import org.touchstone.drivers.reading.WeightKind;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What any scale codec decodes one frame into, whatever the protocol: the driver only knows these. Every variant
 * keeps the frame as received ({@code raw}, ISO-8859-1, without its terminator where the protocol has one).
 */
public sealed interface ScaleMessage {

    String raw();

    /**
     * A weight value.
     *
     * @param valueAsSent the value's characters as the frame carried them, padding trimmed
     * @param tare        the tare in {@code unit} when the frame carries one, else null
     */
    record Weight(BigDecimal value, String valueAsSent, WeightUnit unit, boolean stable, WeightKind kind,
                  BigDecimal tare, String raw) implements ScaleMessage {
        public Weight {
            Objects.requireNonNull(value, "value must not be null");
            Objects.requireNonNull(unit, "unit must not be null");
            Objects.requireNonNull(kind, "kind must not be null");
            valueAsSent = valueAsSent == null ? value.toPlainString() : valueAsSent;
            raw = Objects.requireNonNullElse(raw, "");
        }
    }

    /** The scale's serial number ({@code I4}, {@code ESC x2_}, {@code ?SN}). */
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

    /** A well-formed answer that carries no weight: overload, underload, busy, a command error. */
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
