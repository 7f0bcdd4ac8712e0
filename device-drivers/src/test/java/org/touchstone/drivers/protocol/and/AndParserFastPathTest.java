package org.touchstone.drivers.protocol.and;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.reading.WeightKind;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * The A&amp;D weight fast path gives exactly what the reference decoding gives (same value and scale, text as sent,
 * unit, stability, raw), or steps aside; and a parser with it decodes any stream exactly as one without it, refusals
 * and their messages included: over ~100 000 generated lines, valid outputs of every kind the parser knows (headers
 * ST, US, WT, QT, OL, comparator fields, signs, decimal places, units, taels, {@code EC,Exx}, {@code SN,...}, ACK
 * bytes) and garbled, truncated and re-spaced ones.
 */
class AndParserFastPathTest {

    private static final String[] HEADERS = {"ST", "ST", "US", "US", "WT"};
    private static final String[] ODD_HEADERS = {"QT", "OL", "st", "XX", "S", "STT", ""};
    private static final String[] SIGNS = {"+", "+", "+", "-", "-"};
    private static final String[] ODD_SIGNS = {" ", "*", "0", "E"};
    /** Units the fast path reads. */
    private static final String[] UNITS = {"  g", " kg", " mg", " ct", "ozt", "dwt", " lb", " oz", " GN"};
    /** Units the fast path leaves to the reference: other spellings, taels, counts, non-mass and unknown ones. */
    private static final String[] ODD_UNITS = {"g  ", " g ", "  G", " KG", "OZT", " tl", " TL", " PC", " pc", "  %",
        "mom", " zz", "   ", "o z", " gn", " gr", "lbs", " t ", "1 g", "g.."};
    private static final String[] COMPARATORS = {"OK,", "LO,", "HI,", "--,", "ok,", "XX,"};
    private static final String[] OTHERS = {"EC,E00", "EC,E01", "EC,E11", "EC,E1", "EC,E99", "EC,E", "EC,E123",
        "SN,T1234567", "SN,", "SN,12345678901234567", "SN,A B", "OL,+999999.9  g", "OL,+     E    g",
        "OL,-     E    g", "OL,-999999.9  g", "QT,+00012345 PC", "ST,+     E    g", "ST,+00123.4   %", "ST,+0012",
        "#~!%&*", "", " ", ","};

    @Test
    void fastPath_equalsTheReference_orStepsAside() {
        Random random = new Random(20261202);
        int fast = 0;
        int total = 0;
        for (int n = 0; n < 100_000; n++) {
            String line = line(random);
            for (WeightUnit tael : new WeightUnit[] {null, WeightUnit.TAEL}) {
                total++;
                ScaleMessage.Weight quick = AndScaleProtocol.Parser.fastWeight(line);
                if (quick != null) {
                    fast++;
                    List<ScaleMessage> expected = new ArrayList<>();
                    new AndScaleProtocol.Parser(tael, false).decodeReference(line, expected::add);
                    assertEquals(expected, List.of(quick), "'" + line + "'");
                }
            }
        }
        assertTrue(fast > 30_000 && total - fast > 30_000, "fast path taken " + fast + " of " + total);
    }

    @Test
    void withTheFastPath_anyStreamDecodesAsWithout() {
        for (WeightUnit tael : new WeightUnit[] {null, WeightUnit.TAEL}) {
            Random random = new Random(tael == null ? 7 : 8);
            AndScaleProtocol.Parser quick = new AndScaleProtocol.Parser(tael, true);
            AndScaleProtocol.Parser reference = new AndScaleProtocol.Parser(tael, false);
            int messages = 0;
            for (int n = 0; n < 50_000; n++) {
                if (random.nextInt(500) == 0) {
                    quick.reset();
                    reference.reset();
                }
                String text = (random.nextInt(30) == 0 ? "\u0006" : "") + line(random) + terminator(random)
                        + (random.nextInt(30) == 0 ? "\u0006" : "");
                byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
                int pos = 0;
                while (pos < bytes.length) {
                    int len = Math.min(bytes.length - pos, 1 + random.nextInt(24));
                    List<ScaleMessage> expected = reference.feed(bytes, pos, len);
                    assertEquals(expected, quick.feed(bytes, pos, len), () -> "'" + text + "'");
                    messages += expected.size();
                    pos += len;
                }
            }
            assertEquals(reference.irregularLineEnds(), quick.irregularLineEnds());
            assertTrue(messages > 45_000, "messages: " + messages);
        }
    }

    /** The manual's own example outputs take the fast path; expected values read from the manual's text. */
    @Test
    void theManualsOutputs_takeTheFastPath() {
        // EK-L manual p. 30: ST,+00123.45  g is a stable 123.45 g, US the same while unstable.
        ScaleMessage.Weight w = AndScaleProtocol.Parser.fastWeight("ST,+00123.45  g");
        assertNotNull(w);
        assertEquals(new BigDecimal("123.45"), w.value());
        assertEquals(2, w.value().scale());
        assertEquals("+00123.45", w.valueAsSent());
        assertEquals(WeightUnit.G, w.unit());
        assertTrue(w.stable());
        assertEquals(WeightKind.DISPLAYED, w.kind());
        assertNull(w.tare());
        assertNull(w.resolution());
        assertEquals("ST,+00123.45  g", w.raw());
        w = AndScaleProtocol.Parser.fastWeight("US,+00123.45  g");
        assertNotNull(w);
        assertEquals(false, w.stable());
        // EK-i/EW-i §9-2: units GN (grain), ozt, dwt, ct, kg.
        assertEquals(WeightUnit.GR, AndScaleProtocol.Parser.fastWeight("ST,+1234.567 GN").unit());
        assertEquals(WeightUnit.OZT, AndScaleProtocol.Parser.fastWeight("ST,+0032.150ozt").unit());
        assertEquals(WeightUnit.DWT, AndScaleProtocol.Parser.fastWeight("ST,+00643.01dwt").unit());
        w = AndScaleProtocol.Parser.fastWeight("ST,+0012.345 kg");
        assertEquals(new BigDecimal("12.345"), w.value());
        assertEquals(WeightUnit.KG, w.unit());
        w = AndScaleProtocol.Parser.fastWeight("ST,-00000.12  g");
        assertEquals(new BigDecimal("-0.12"), w.value());
        assertEquals("-00000.12", w.valueAsSent());
        // Counts, out of range, comparator fields and taels are the reference's.
        assertNull(AndScaleProtocol.Parser.fastWeight("QT,+00012345 PC"));
        assertNull(AndScaleProtocol.Parser.fastWeight("OL,+999999.9  g"));
        assertNull(AndScaleProtocol.Parser.fastWeight("ST,OK,+0001.234 kg"));
        assertNull(AndScaleProtocol.Parser.fastWeight("ST,+0026.718 tl"));
        assertNull(AndScaleProtocol.Parser.fastWeight("ST,+00012345 PC"));
    }

    private static String terminator(Random random) {
        int r = random.nextInt(20);
        return r == 0 ? "\n" : r == 1 ? "\r" : "\r\n";
    }

    /** One generated line, without its terminator: mostly outputs a balance prints, often broken in some way. */
    static String line(Random random) {
        int kind = random.nextInt(100);
        String line;
        if (kind < 70) {
            line = frame(random);
        } else if (kind < 85) {
            line = pick(random, OTHERS);
        } else if (kind < 92) {
            StringBuilder sb = new StringBuilder();                                      // garbage before a frame
            for (int i = random.nextInt(8); i >= 0; i--) {
                sb.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5F) : random.nextInt(256)));
            }
            line = sb + frame(random);
        } else {
            line = frame(random) + pick(random, new String[] {"XX", " ", "g", "\u0000", ",ST,+00001.00  g"});
        }
        int mutate = random.nextInt(10);
        if (mutate == 0 && !line.isEmpty()) {
            line = line.substring(0, random.nextInt(line.length()));                       // truncated
        } else if (mutate == 1) {
            line = random.nextBoolean() ? " " + line : line + " ";                           // re-spaced
        } else if (mutate == 2 && !line.isEmpty()) {
            int at = random.nextInt(line.length());                                          // one character changed
            char c = "0123456789 .,+-EgkSTU\u0006\u0000\u00ff".charAt(random.nextInt(24));
            line = line.substring(0, at) + c + line.substring(at + 1);
        } else if (mutate == 3 && random.nextInt(20) == 0) {
            line = "ST," + "0".repeat(250 + random.nextInt(20));                             // over-long line
        }
        return line;
    }

    /** Header, comma, optional comparator, the value in 9 (sign, zero-padded), the unit in 3; sometimes not quite. */
    private static String frame(Random random) {
        String header = random.nextInt(6) == 0 ? pick(random, ODD_HEADERS) : pick(random, HEADERS);
        String comparator = random.nextInt(10) == 0 ? pick(random, COMPARATORS) : "";
        String value;
        int v = random.nextInt(10);
        if (v < 8) {
            long unscaled = Math.abs(random.nextLong() % (long) Math.pow(10, 1 + random.nextInt(7)));
            BigDecimal number = BigDecimal.valueOf(unscaled,
                    random.nextInt(6));
            String digits = number.toPlainString();
            String sign = random.nextInt(8) == 0 ? pick(random, ODD_SIGNS) : pick(random, SIGNS);
            value = digits.length() >= 8 ? sign + digits
                    : sign + (random.nextInt(15) == 0 ? " " : "0").repeat(8 - digits.length()) + digits;
        } else {
            value = new String[] {"+001.3.45", "+     E  ", "+999999.9", "-.1234567", "+1234567.", "+12345678",
                "+0012,345", "+ 0012.34", "+00123.45 ", "+0123.45", "+........", "+00000000", "-00000.00",
                "+123456789"}[random.nextInt(14)];
        }
        String unit = random.nextInt(4) == 0 ? pick(random, ODD_UNITS) : pick(random, UNITS);
        return header + "," + comparator + value + unit;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    @Test
    void generatedLines_coverEveryKindOfMessage() {
        Random random = new Random(20261202);
        List<String> seen = new ArrayList<>();
        AndScaleProtocol.Parser p = new AndScaleProtocol.Parser(WeightUnit.TAEL, false);
        for (int n = 0; n < 20_000; n++) {
            for (ScaleMessage m : p.feed((line(random) + "\r\n").getBytes(StandardCharsets.ISO_8859_1))) {
                String what = m.getClass().getSimpleName()
                        + (m instanceof ScaleMessage.Condition c ? " " + c.state() : "")
                        + (m instanceof ScaleMessage.Weight w ? " " + w.stable() + " " + w.unit() : "");
                if (!seen.contains(what)) {
                    seen.add(what);
                }
            }
        }
        for (String expected : List.of("Weight true G", "Weight false G", "Weight true TAEL", "Weight true GR",
                "Acknowledged", "Identity", "Refused", "Malformed", "Condition OVERLOAD", "Condition UNDERLOAD")) {
            assertTrue(seen.contains(expected), expected + " not generated; seen " + seen);
        }
    }
}
