package org.touchstone.drivers.protocol.toledo;

import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleOptions;
import org.touchstone.drivers.protocol.scale.ScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.WeightKind;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Mettler Toledo standard continuous output as a {@link ScaleProtocol}: the indicator streams by itself, so there
 * is nothing to poll and no serial number to ask for.
 *
 * <p>The parser is a byte state machine: it hunts for STX, collects up to the CR (a short frame without the tare
 * field is accepted), then reads the checksum byte when the line is configured with one and verifies it. A frame
 * cut by a new STX, an over-long frame, status bytes without their always-1 bit 5 or a wrong checksum is reported
 * with its raw bytes, and hunting starts again.
 *
 * <p>Status bits that make a value something other than a weighing result are not ignored: power-up not zeroed
 * (B bit 6) and the ×10 expanded display (C bit 4) are the indicator's condition, not a weight; the range bit
 * (B bit 2) is over capacity or, with the sign bit, under zero. An increment of 2 or 5 (A bits 3-4) is the reading's
 * resolution. The value published is always the decimal one: the 6-digit field without its point is evidence only.
 */
public final class ToledoScaleProtocol implements ScaleProtocol {

    public static final String NAME = "toledo-continuous";
    /** Bytes between STX and CR in the full frame: 3 status, 6 weight, 6 tare. */
    private static final int FULL_BODY = 15;
    /** Without the tare field (Cardinal 225 types 1 and 3). */
    private static final int SHORT_BODY = 9;

    private final boolean checksum;

    /** @param checksum true when the indicator appends the checksum byte after CR */
    public ToledoScaleProtocol(boolean checksum) {
        this.checksum = checksum;
    }

    public ToledoScaleProtocol(ScaleOptions options) {
        this(options.checksum());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScaleParser newParser() {
        return new Parser(checksum);
    }

    @Override
    public Optional<byte[]> identityRequest() {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> pollRequest() {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> streamRequest() {
        return Optional.of(new byte[0]);
    }

    /** Decodes continuous-output frames from byte chunks. */
    public static final class Parser implements ScaleParser {
        private enum State { HUNT, BODY, CHECKSUM }

        private final boolean checksum;
        private final byte[] frame = new byte[FULL_BODY + 3];
        private final List<ScaleMessage> batch = new ArrayList<>();
        private final StringBuilder garbage = new StringBuilder();
        private int length;
        private State state = State.HUNT;

        public Parser(boolean checksum) {
            this.checksum = checksum;
        }

        @Override
        public List<ScaleMessage> feed(byte[] buf, int off, int len) {
            batch.clear();
            for (int i = off; i < off + len; i++) {
                accept(buf[i]);
            }
            return List.copyOf(batch);
        }

        @Override
        public void reset() {
            length = 0;
            state = State.HUNT;
            garbage.setLength(0);
        }

        private void accept(byte b) {
            switch (state) {
                case HUNT:
                    if (b == ToledoFormat.STX) {
                        flushGarbage();
                        frame[0] = b;
                        length = 1;
                        state = State.BODY;
                    } else if (garbage.length() < 64) {
                        garbage.append((char) (b & 0xFF));
                    }
                    return;
                case BODY:
                    if (b == ToledoFormat.STX) {
                        batch.add(new ScaleMessage.Malformed("frame cut short by a new STX after " + (length - 1)
                                + " byte(s)", text(frame, length)));
                        length = 1;
                        return;
                    }
                    frame[length++] = b;
                    if (b == ToledoFormat.CR) {
                        int body = length - 2;
                        if (body != FULL_BODY && body != SHORT_BODY) {
                            batch.add(new ScaleMessage.Malformed("expected 9 or 15 bytes between STX and CR, got "
                                    + body, text(frame, length)));
                            state = State.HUNT;
                        } else if (checksum) {
                            state = State.CHECKSUM;
                        } else {
                            batch.add(decode(frame, length));
                            state = State.HUNT;
                        }
                    } else if (length == FULL_BODY + 2) {
                        batch.add(new ScaleMessage.Malformed("no CR within " + FULL_BODY + " bytes after STX",
                                text(frame, length)));
                        state = State.HUNT;
                    }
                    return;
                case CHECKSUM:
                default:
                    frame[length++] = b;
                    byte expected = ToledoFormat.checksum(frame, length - 1);
                    if ((b & 0x7F) != expected) {
                        batch.add(new ScaleMessage.Malformed(String.format("checksum 0x%02X does not match 0x%02X",
                                b & 0xFF, expected), text(frame, length)));
                    } else {
                        batch.add(decode(frame, length));
                    }
                    state = State.HUNT;
            }
        }

        private void flushGarbage() {
            if (garbage.length() > 0) {
                batch.add(new ScaleMessage.Malformed(garbage.length() + " garbage byte(s) before STX",
                        garbage.toString()));
                garbage.setLength(0);
            }
        }

        static ScaleMessage decode(byte[] f, int length) {
            String raw = text(f, length);
            int a = f[1] & 0x7F;
            int b = f[2] & 0x7F;
            int c = f[3] & 0x7F;
            if ((a & 0x20) == 0 || (b & 0x20) == 0 || (c & 0x20) == 0 || (a & 0x40) != 0) {
                return new ScaleMessage.Malformed("status bytes lack their fixed bits (A/B/C bit 5 = 1, A bit 6 = 0)",
                        raw);
            }
            boolean hasTare = length >= FULL_BODY + 2;
            String weight = new String(f, 4, ToledoFormat.DIGITS, StandardCharsets.US_ASCII);
            String tare = hasTare ? new String(f, 10, ToledoFormat.DIGITS, StandardCharsets.US_ASCII) : null;
            if (!digits(weight) || (tare != null && !digits(tare))) {
                return new ScaleMessage.Malformed("weight or tare field is not 6 digits", raw);
            }
            if ((b & 0x04) != 0) {
                return (b & 0x02) != 0
                        ? new ScaleMessage.Condition(ScaleMessage.Condition.State.UNDERLOAD, "out of range (under zero)", raw)
                        : new ScaleMessage.Condition(ScaleMessage.Condition.State.OVERLOAD, "out of range (over capacity)", raw);
            }
            if ((b & 0x40) != 0) {
                return new ScaleMessage.Condition(ScaleMessage.Condition.State.NOT_ZEROED, "power-up, not zeroed (status B bit 6): the "
                        + "value has no zero reference; zero the scale", raw);
            }
            if ((c & 0x10) != 0) {
                return new ScaleMessage.Condition(ScaleMessage.Condition.State.EXPANDED_DISPLAY, "display expanded x10 (status C bit 4): "
                        + "a test display, not a weighing result", raw);
            }
            WeightUnit unit;
            switch (c & 0x07) {
                case 0: unit = (b & 0x10) != 0 ? WeightUnit.KG : WeightUnit.LB; break;
                case 1: unit = WeightUnit.G; break;
                case 3: unit = WeightUnit.OZ; break;
                case 2: return new ScaleMessage.Malformed("unit t (metric ton) is not a unit for precious metals", raw);
                default: return new ScaleMessage.Malformed("status C names no unit (bits 0-2 = " + (c & 0x07) + ")",
                        raw);
            }
            int decimals = ToledoFormat.decimals(a & 0x07);
            BigDecimal value = new BigDecimal(weight.trim()).movePointLeft(decimals);
            if (decimals < 0) {
                value = value.setScale(0);
            }
            if ((b & 0x02) != 0) {
                value = value.negate();
            }
            BigDecimal tareValue = null;
            if (tare != null) {
                tareValue = new BigDecimal(tare.trim()).movePointLeft(decimals);
                if (decimals < 0) {
                    tareValue = tareValue.setScale(0);
                }
            }
            WeightKind kind = (b & 0x01) != 0 ? WeightKind.NET : WeightKind.GROSS;
            boolean stable = (b & 0x08) == 0;
            int increment = switch ((a >> 3) & 0x03) {
                case 2 -> 2;
                case 3 -> 5;
                default -> 1; // 01 is x1; 00 is not defined and read as x1
            };
            BigDecimal resolution = increment == 1 ? null
                    : BigDecimal.valueOf(increment).movePointLeft(Math.max(decimals, 0))
                    .multiply(decimals < 0 ? BigDecimal.TEN.pow(-decimals) : BigDecimal.ONE);
            return new ScaleMessage.Weight(value, ((b & 0x02) != 0 ? "-" : "") + weight.trim(), unit, stable, kind,
                    tareValue, resolution, raw);
        }

        private static boolean digits(String field) {
            String t = field.trim();
            if (t.isEmpty()) {
                return false;
            }
            for (int i = 0; i < t.length(); i++) {
                if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                    return false;
                }
            }
            return field.substring(0, field.length() - t.length()).isBlank();
        }

        private static String text(byte[] bytes, int length) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }
}
