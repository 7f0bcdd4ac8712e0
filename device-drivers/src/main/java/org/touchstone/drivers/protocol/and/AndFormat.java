package org.touchstone.drivers.protocol.and;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes A&amp;D standard-format commands and outputs byte for byte ({@code ST,+00123.45  g} CR LF): the driver
 * sends the commands, the simulator prints the outputs the driver's parser reads.
 */
public final class AndFormat {

    public static final String CRLF = "\r\n";
    /** Acknowledgement of a command (AK). */
    public static final byte ACK = 0x06;
    /** Sign, digits and decimal point of the value field. */
    public static final int VALUE_WIDTH = 9;
    public static final int UNIT_WIDTH = 3;
    static final Set<String> HEADERS = Set.of("ST", "US", "QT", "OL", "WT");
    /** What each error code means (FX-i / FC-Si manuals). */
    public static final Map<String, String> ERRORS = Map.ofEntries(
            Map.entry("E00", "communication error (parity or framing)"),
            Map.entry("E01", "undefined command"),
            Map.entry("E02", "not ready"),
            Map.entry("E03", "timeout"),
            Map.entry("E04", "too many characters"),
            Map.entry("E06", "format error"),
            Map.entry("E07", "parameter out of range"),
            Map.entry("E11", "stability error"),
            Map.entry("E17", "out of range"),
            Map.entry("E20", "internal mass error"),
            Map.entry("E21", "calibration weight error"));

    public static final byte[] QUERY = command("Q");
    public static final byte[] SEND_STABLE = command("S");
    public static final byte[] SEND_IMMEDIATELY = command("SI");
    public static final byte[] SEND_REPEAT = command("SIR");
    public static final byte[] CANCEL = command("C");
    public static final byte[] TARE = command("T");
    public static final byte[] ZERO = command("Z");
    public static final byte[] SERIAL_NUMBER = command("?SN");

    private AndFormat() {
    }

    public static byte[] command(String name) {
        if (name == null || !name.matches("\\??[A-Z]{1,4}")) {
            throw new IllegalArgumentException("A&D command must be 1-4 upper-case letters, optionally after '?', was: "
                    + name);
        }
        return bytes(name + CRLF);
    }

    /** {@code ST,+00123.45  g}: header, comma, 9-character signed zero-padded value, 3-character unit. */
    public static byte[] weight(String header, BigDecimal value, String unitSymbol) {
        if (!HEADERS.contains(header)) {
            throw new IllegalArgumentException("header must be one of " + HEADERS + ", was: " + header);
        }
        return bytes(header + "," + value(value) + unit(unitSymbol) + CRLF);
    }

    /** Out of range as GX/GF-A balances print it: {@code OL,+     E    g} (docs/protocols.md §3.1). */
    public static byte[] overload(boolean negative, String unitSymbol) {
        return bytes("OL," + (negative ? "-" : "+") + "     E  " + unit(unitSymbol) + CRLF);
    }

    /** {@code EC,E01}. */
    public static byte[] error(String code) {
        if (!ERRORS.containsKey(code)) {
            throw new IllegalArgumentException("error code must be one of " + ERRORS.keySet() + ", was: " + code);
        }
        return bytes("EC," + code + CRLF);
    }

    /** The answer to {@code ?SN}: {@code SN,<serial>} (inference from the {@code ?ID}/{@code ?SN} query form). */
    public static byte[] serialNumber(String serial) {
        if (serial == null || !serial.matches("[\\x21-\\x7E]{1,16}")) {
            throw new IllegalArgumentException("serial must be 1-16 printable characters without spaces, was: " + serial);
        }
        return bytes("SN," + serial + CRLF);
    }

    /** The acknowledgement byte, as balances with "AK, error code" on send it (no line end). */
    public static byte[] ack() {
        return new byte[] {ACK};
    }

    static String value(BigDecimal value) {
        Objects.requireNonNull(value, "value must not be null");
        String digits = value.abs().toPlainString();
        int width = VALUE_WIDTH - 1;
        if (digits.length() > width) {
            // Keep the field width: drop decimals that do not fit, as the display would.
            int keep = Math.max(0, value.scale() - (digits.length() - width));
            digits = value.abs().setScale(keep, RoundingMode.HALF_EVEN).toPlainString();
            if (digits.length() > width) {
                throw new IllegalArgumentException("value does not fit 9 characters: " + value);
            }
        }
        return (value.signum() < 0 ? "-" : "+") + "0".repeat(width - digits.length()) + digits;
    }

    static String unit(String unitSymbol) {
        if (unitSymbol == null || unitSymbol.isBlank() || unitSymbol.length() > UNIT_WIDTH) {
            throw new IllegalArgumentException("unitSymbol must be 1..3 characters, was: " + unitSymbol);
        }
        return " ".repeat(UNIT_WIDTH - unitSymbol.length()) + unitSymbol;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
