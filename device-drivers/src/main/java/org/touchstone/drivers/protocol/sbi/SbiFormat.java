package org.touchstone.drivers.protocol.sbi;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes Sartorius SBI commands and outputs byte for byte: the driver sends the commands, the simulator prints
 * the outputs the driver's parser reads, so the two cannot drift apart.
 *
 * <p>Output layout (16 characters with CR LF): sign, space or {@code [}, the value in 8 characters right-aligned,
 * space or {@code ]}, the unit in 3 characters (blank while the value is unstable), CR LF. The 22-character format
 * puts a 6-character ID code ({@code N} net, {@code G} gross, {@code T} tare) in front.
 */
public final class SbiFormat {

    public static final byte ESC = 0x1B;
    public static final String CRLF = "\r\n";
    /** Characters of a 16-character output before CR LF. */
    public static final int BODY_LENGTH = 14;
    /** Characters of a 22-character output before CR LF. */
    public static final int ID_BODY_LENGTH = 20;
    public static final int ID_LENGTH = 6;
    public static final int VALUE_WIDTH = 8;

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

    /** {@code H} overload or {@code L} underload in place of the value. */
    public static byte[] special(char code) {
        if (code != 'H' && code != 'L' && code != 'C') {
            throw new IllegalArgumentException("special code must be H, L or C, was: " + code);
        }
        return bytes("  " + pad(String.valueOf(code), VALUE_WIDTH) + "    " + CRLF);
    }

    /** {@code Err ###} padded to 16 characters. */
    public static byte[] error(int code) {
        if (code < 0 || code > 999) {
            throw new IllegalArgumentException("error code must be 0..999, was: " + code);
        }
        return bytes(right(String.format("Err %03d", code), BODY_LENGTH) + CRLF);
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
        if (unitSymbol == null || unitSymbol.isBlank() || unitSymbol.length() > 3) {
            throw new IllegalArgumentException("unitSymbol must be 1..3 characters, was: " + unitSymbol);
        }
        String digits = value.abs().toPlainString();
        if (digits.length() > VALUE_WIDTH) {
            throw new IllegalArgumentException("value does not fit 8 characters: " + value);
        }
        char sign = value.signum() < 0 ? '-' : '+';
        return sign + " " + pad(digits, VALUE_WIDTH) + " " + right(stable ? unitSymbol : "", 3);
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
