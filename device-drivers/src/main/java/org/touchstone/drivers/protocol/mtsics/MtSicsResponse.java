package org.touchstone.drivers.protocol.mtsics;

import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One decoded MT-SICS response line. Every variant keeps the line as received ({@code line}), as evidence.
 */
public sealed interface MtSicsResponse {

    /** The line as received, without its terminator (ISO-8859-1, so no byte is lost). */
    String line();

    /**
     * A weight value: {@code S S <value> <unit>} (stable) or {@code S D <value> <unit>} (dynamic).
     *
     * @param unitSymbol the unit exactly as the balance printed it; always known to {@link WeightUnit#fromSymbol}
     */
    record Weight(boolean stable, BigDecimal value, String unitSymbol, String line) implements MtSicsResponse {
        public Weight {
            Objects.requireNonNull(value, "value must not be null");
            if (WeightUnit.fromSymbol(unitSymbol).isEmpty()) {
                throw new IllegalArgumentException("unitSymbol must be a known weight unit, was: " + unitSymbol);
            }
            line = Objects.requireNonNullElse(line, "");
        }

        public WeightUnit unit() {
            return WeightUnit.fromSymbol(unitSymbol).orElseThrow();
        }
    }

    /**
     * A tare value: {@code T S <value> <unit>} after taring, {@code TA A <value> <unit>} when queried or set.
     */
    record Tare(String command, BigDecimal value, String unitSymbol, String line) implements MtSicsResponse {
        public Tare {
            requireText(command, "command");
            Objects.requireNonNull(value, "value must not be null");
            if (WeightUnit.fromSymbol(unitSymbol).isEmpty()) {
                throw new IllegalArgumentException("unitSymbol must be a known weight unit, was: " + unitSymbol);
            }
            line = Objects.requireNonNullElse(line, "");
        }

        public WeightUnit unit() {
            return WeightUnit.fromSymbol(unitSymbol).orElseThrow();
        }
    }

    /**
     * A command answered with a status character and nothing else: {@code Z A}, {@code S I}, {@code S +},
     * {@code TAC A}, {@code D A}...
     *
     * @param status one of {@code A B I L + -} ({@code B}: not finished, e.g. {@code C B} before {@code C A})
     */
    record Status(String command, String status, String line) implements MtSicsResponse {
        public Status {
            requireText(command, "command");
            if (!MtSicsFormat.STATUSES.contains(status)) {
                throw new IllegalArgumentException("status must be one of " + MtSicsFormat.STATUSES + ", was: " + status);
            }
            line = Objects.requireNonNullElse(line, "");
        }

        public boolean executed() {
            return "A".equals(status);
        }

        public boolean overload() {
            return "+".equals(status);
        }

        public boolean underload() {
            return "-".equals(status);
        }

        /** {@code I}: understood but not executable now (busy, or no stability in time). */
        public boolean notExecutable() {
            return "I".equals(status);
        }
    }

    /**
     * An identification answer, {@code I2 A "..."}, {@code I4 A "<serial>"} (also the answer to {@code @}).
     *
     * @param fields the quoted strings without quotes, then any unquoted words, in order
     * @param more   true for a {@code B} line of a multi-line answer (I0, I50...): more lines follow, the last with
     *               {@code A}
     */
    record Identity(String command, List<String> fields, String line, boolean more) implements MtSicsResponse {
        public Identity {
            requireText(command, "command");
            fields = List.copyOf(Objects.requireNonNull(fields, "fields must not be null"));
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("fields must not be empty");
            }
            line = Objects.requireNonNullElse(line, "");
        }

        /** A final ({@code A}) line. */
        public Identity(String command, List<String> fields, String line) {
            this(command, fields, line, false);
        }

        /** The first field: the serial number for I4, the type (and more, on some balances) for I2. */
        public String value() {
            return fields.get(0);
        }
    }

    /** A whole-line error: {@code ES} syntax, {@code ET} transmission, {@code EL} logical. */
    record GeneralError(String code, String line) implements MtSicsResponse {
        public GeneralError {
            if (!MtSicsFormat.GENERAL_ERRORS.contains(code)) {
                throw new IllegalArgumentException("code must be one of " + MtSicsFormat.GENERAL_ERRORS + ", was: " + code);
            }
            line = Objects.requireNonNullElse(line, "");
        }
    }

    /**
     * A balance hardware error in place of a weight: {@code S S    Error <code><t|b>}.
     *
     * @param fromTerminal true for the {@code t} suffix (the terminal), false for {@code b} (the weigh module)
     */
    record HardwareError(int code, boolean fromTerminal, String line) implements MtSicsResponse {
        public HardwareError {
            if (code < 0) {
                throw new IllegalArgumentException("code must be >= 0, was: " + code);
            }
            line = Objects.requireNonNullElse(line, "");
        }
    }

    /**
     * A line that could not be decoded: garbage, an unknown response, a bad number, an over-long line.
     *
     * @param reason what was wrong, for the operator
     */
    record Malformed(String reason, String line) implements MtSicsResponse {
        public Malformed {
            requireText(reason, "reason");
            line = Objects.requireNonNullElse(line, "");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
