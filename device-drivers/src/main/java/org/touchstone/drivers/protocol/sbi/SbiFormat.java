package org.touchstone.drivers.protocol.sbi;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes Sartorius SBI commands and outputs byte for byte: the driver sends the commands, the simulator prints
 * the outputs the driver's parser reads, so the two cannot drift apart.
 *
 * <p>Output layout (16 characters with CR LF; docs/protocols.md §2.2): the sign, the value right-aligned in
 * positions 2-10 (leading zeros as spaces), a space, the unit in 3 characters (blank while the value is unstable),
 * CR LF. A verified balance brackets its unverified last digit inside the value field, the closing bracket taking
 * position 11: {@code +  123.5[6]g  }. The 22-character format puts a 6-character ID code ({@code N} net,
 * {@code G} gross, {@code T} tare) in front. Special codes stand in positions 7-8, error codes after three spaces.
 */
public final class SbiFormat {

    public static final byte ESC = 0x1B;
    public static final String CRLF = "\r\n";
    /** Characters of a 16-character output before CR LF. */
    public static final int BODY_LENGTH = 14;
    /** Characters of a 22-character output before CR LF. */
    public static final int ID_BODY_LENGTH = 20;
    public static final int ID_LENGTH = 6;
    /** Positions 2-10: up to eight digits and the decimal point. */
    public static final int VALUE_WIDTH = 9;

    /** {@code ESC P}: print the value (with or without stability, as the balance's menu says). */
    public static final byte[] PRINT = command("P");
    /** {@code ESC T}: tare/zero, as the TARE key. */
    public static final byte[] TARE = command("T");
    /** {@code ESC U}: tare only. */
    public static final byte[] TARE_ONLY = command("U");
    /** {@code ESC V}: zero only. */
    public static final byte[] ZERO = command("V");
    /** {@code ESC x1_}: model. */
    public static final byte[] MODEL = command("x1_");
    /** {@code ESC x2_}: serial number. */
    public static final byte[] SERIAL_NUMBER = command("x2_");

    private SbiFormat() {
    }

    /** {@code ESC} and the command characters ({@code P}, or format 2 such as {@code x2_}), without CR LF. */
    public static byte[] command(String text) {
        if (text == null || !text.matches("[A-Z]|[a-z][0-9]*_")) {
            throw new IllegalArgumentException("SBI command must be one upper-case letter or a lower-case letter, "
                    + "digits and '_', was: " + text);
        }
        byte[] out = new byte[text.length() + 1];
        out[0] = ESC;
        System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, out, 1, text.length());
        return out;
    }

    /** A 16-character weight output; {@code unitSymbol} is printed only when stable (the unit field is the flag). */
    public static byte[] weight(BigDecimal value, String unitSymbol, boolean stable) {
        return bytes(body(value, unitSymbol, stable) + CRLF);
    }

    /** A 22-character weight output with an ID code such as {@code N} or {@code G}. */
    public static byte[] weight(String idCode, BigDecimal value, String unitSymbol, boolean stable) {
        return bytes(id(idCode) + body(value, unitSymbol, stable) + CRLF);
    }

    /**
     * A verified balance's weight: {@code unverifiedDigits} of the value's last digits are not verified and stand in
     * brackets, {@code +  123.5[6]g  } for 123.56 with one.
     */
    public static byte[] verifiedWeight(BigDecimal value, int unverifiedDigits, String unitSymbol) {
        Objects.requireNonNull(value, "value must not be null");
        String digits = value.abs().toPlainString();
        if (unverifiedDigits < 1 || unverifiedDigits >= digits.replace(".", "").length()
                || digits.indexOf('.') > digits.length() - 1 - unverifiedDigits) {
            throw new IllegalArgumentException("unverifiedDigits must leave verified digits and not span the decimal "
                    + "point, was: " + unverifiedDigits + " of " + digits);
        }
        String field = digits.substring(0, digits.length() - unverifiedDigits) + "["
                + digits.substring(digits.length() - unverifiedDigits);
        if (field.length() > VALUE_WIDTH) {
            throw new IllegalArgumentException("value does not fit positions 2-10: " + value);
        }
        char sign = value.signum() < 0 ? '-' : '+';
        return bytes(sign + pad(field, VALUE_WIDTH) + "]" + right(requireUnit(unitSymbol), 3) + CRLF);
    }

    /**
     * A special code in positions 7-8: {@code --} final readout, {@code H} overload, {@code HH} overload in
     * checkweighing, {@code L} underload, {@code LL} underload in checkweighing, {@code C} calibration.
     */
    public static byte[] special(String code) {
        if (!java.util.Set.of("--", "H", "HH", "L", "LL", "C").contains(code)) {
            throw new IllegalArgumentException("special code must be --, H, HH, L, LL or C, was: " + code);
        }
        return bytes("      " + right(code, 2) + "      " + CRLF);
    }

    /** {@code ***Err**##****} or {@code ***Err*###****}: the error number after three spaces. */
    public static byte[] error(int code) {
        if (code < 0 || code > 999) {
            throw new IllegalArgumentException("error code must be 0..999, was: " + code);
        }
        String number = code < 100 ? String.format("%02d", code) : String.valueOf(code);
        return bytes(right("   Err" + pad(number, 4), BODY_LENGTH) + CRLF);
    }

    /** {@code Stat        AB      }: a 22-character status string. */
    public static byte[] status(String codes) {
        if (codes == null || codes.length() != 2) {
            throw new IllegalArgumentException("status codes must be 2 characters, was: " + codes);
        }
        return bytes("Stat" + " ".repeat(8) + codes + " ".repeat(6) + CRLF);
    }

    /** A text answer such as the serial number to {@code ESC x2_}, padded to 16 characters. */
    public static byte[] text(String text) {
        if (text == null || text.isBlank() || text.length() > ID_BODY_LENGTH || !text.matches("[\\x20-\\x7E]+")) {
            throw new IllegalArgumentException("text must be 1..20 printable characters, was: " + text);
        }
        return bytes(right(text, text.length() <= BODY_LENGTH ? BODY_LENGTH : ID_BODY_LENGTH) + CRLF);
    }

    private static String body(BigDecimal value, String unitSymbol, boolean stable) {
        Objects.requireNonNull(value, "value must not be null");
        requireUnit(unitSymbol);
        String digits = value.abs().toPlainString();
        if (digits.length() > VALUE_WIDTH) {
            throw new IllegalArgumentException("value does not fit positions 2-10 (eight digits and a point): " + value);
        }
        char sign = value.signum() < 0 ? '-' : '+';
        return sign + pad(digits, VALUE_WIDTH) + " " + right(stable ? unitSymbol : "", 3);
    }

    private static String requireUnit(String unitSymbol) {
        if (unitSymbol == null || unitSymbol.isBlank() || unitSymbol.length() > 3) {
            throw new IllegalArgumentException("unitSymbol must be 1..3 characters, was: " + unitSymbol);
        }
        return unitSymbol;
    }

    private static String id(String idCode) {
        if (idCode == null || idCode.isBlank() || idCode.length() > ID_LENGTH) {
            throw new IllegalArgumentException("idCode must be 1..6 characters, was: " + idCode);
        }
        return right(idCode, ID_LENGTH);
    }

    /** Right-aligned in {@code width}. */
    static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** Left-aligned in {@code width}. */
    static String right(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
