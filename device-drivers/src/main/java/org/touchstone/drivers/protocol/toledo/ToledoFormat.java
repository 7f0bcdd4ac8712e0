package org.touchstone.drivers.protocol.toledo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes Mettler Toledo standard continuous output: {@code STX SWA SWB SWC wwwwww tttttt CR [CHK]}. The weight and
 * tare are 6 digits without sign or decimal point; the status bytes carry the decimal position, sign, net/gross,
 * motion, range and unit. Used by the simulator; {@link ToledoScaleProtocol} reads what it writes.
 */
public final class ToledoFormat {

    public static final byte STX = 0x02;
    public static final byte CR = 0x0D;
    public static final int DIGITS = 6;

    /** Unit the status bytes can name. */
    public enum Unit {
        LB("lb"), KG("kg"), G("g"), OZ("oz");

        private final String symbol;

        Unit(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * What one frame says, as the indicator knows it.
     *
     * @param increment   the display increment in units of the last digit: 1, 2 or 5 (status A bits 3-4)
     * @param notZeroed   power-up, not zeroed yet (status B bit 6)
     * @param expanded    the display is expanded ×10 (status C bit 4)
     */
    public record Frame(long weightDigits, long tareDigits, int decimalCode, boolean net, boolean negative,
                        boolean outOfRange, boolean motion, Unit unit, int increment, boolean notZeroed,
                        boolean expanded) {
        public Frame {
            if (increment != 1 && increment != 2 && increment != 5) {
                throw new IllegalArgumentException("increment must be 1, 2 or 5, was: " + increment);
            }
            if (weightDigits < 0 || weightDigits > 999_999 || tareDigits < 0 || tareDigits > 999_999) {
                throw new IllegalArgumentException("weight and tare digits must be 0..999999, were: " + weightDigits
                        + ", " + tareDigits);
            }
            if (decimalCode < 0 || decimalCode > 7) {
                throw new IllegalArgumentException("decimalCode must be 0..7, was: " + decimalCode);
            }
            Objects.requireNonNull(unit, "unit must not be null");
        }

        /** A frame with increment 1, zeroed, not expanded: what an indicator in normal use sends. */
        public Frame(long weightDigits, long tareDigits, int decimalCode, boolean net, boolean negative,
                     boolean outOfRange, boolean motion, Unit unit) {
            this(weightDigits, tareDigits, decimalCode, net, negative, outOfRange, motion, unit, 1, false, false);
        }
    }

    private ToledoFormat() {
    }

    /**
     * The decimal code (status A bits 0-2) for a number of decimals: 0 decimals is code 2 ({@code XXXXXX}), 2 decimals
     * code 4 ({@code XXXX.XX}); codes 0 and 1 are the dummy-zero positions {@code XXXX00} and {@code XXXXX0}.
     */
    public static int decimalCode(int decimals) {
        if (decimals < -2 || decimals > 5) {
            throw new IllegalArgumentException("decimals must be -2..5, was: " + decimals);
        }
        return decimals + 2;
    }

    /** How many decimals a decimal code means (negative for dummy zeros). */
    public static int decimals(int decimalCode) {
        return decimalCode - 2;
    }

    /** Digits of a value at a decimal code, e.g. 123.45 at code 4 is 12345. Rounds half even to the resolution. */
    public static long digits(BigDecimal value, int decimalCode) {
        return value.abs().movePointRight(decimals(decimalCode)).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /** One frame, with or without the checksum byte. */
    public static byte[] frame(Frame f, boolean checksum) {
        byte[] out = new byte[checksum ? 18 : 17];
        out[0] = STX;
        int incrementBits = switch (f.increment()) {
            case 2 -> 0x10;
            case 5 -> 0x18;
            default -> 0x08;
        };
        out[1] = (byte) (0x20 | incrementBits | f.decimalCode()); // bit 5 always 1; bits 3-4: increment
        out[2] = (byte) (0x20 | (f.net() ? 0x01 : 0) | (f.negative() ? 0x02 : 0) | (f.outOfRange() ? 0x04 : 0)
                | (f.motion() ? 0x08 : 0) | (f.unit() == Unit.LB ? 0 : 0x10) | (f.notZeroed() ? 0x40 : 0));
        int ext = switch (f.unit()) {
            case G -> 1;
            case OZ -> 3;
            default -> 0;
        };
        out[3] = (byte) (0x20 | ext | (f.expanded() ? 0x10 : 0));
        byte[] w = field(f.weightDigits());
        byte[] t = field(f.tareDigits());
        System.arraycopy(w, 0, out, 4, DIGITS);
        System.arraycopy(t, 0, out, 10, DIGITS);
        out[16] = CR;
        if (checksum) {
            out[17] = checksum(out, 17);
        }
        return out;
    }

    /** Two's complement of the 7 low-order bits of the sum of all preceding bytes, STX and CR included. */
    public static byte checksum(byte[] bytes, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += bytes[i] & 0xFF;
        }
        return (byte) (-sum & 0x7F);
    }

    /** Six digits, leading zeros sent as spaces (a zero weight is {@code "     0"}). */
    private static byte[] field(long digits) {
        String text = Long.toString(digits);
        return (" ".repeat(DIGITS - text.length()) + text).getBytes(StandardCharsets.US_ASCII);
    }
}
