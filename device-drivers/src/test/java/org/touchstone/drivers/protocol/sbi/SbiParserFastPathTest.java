package org.touchstone.drivers.protocol.sbi;

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
 * The SBI weight fast path gives exactly what the reference decoding gives (same value and scale, text as sent,
 * unit, stability, kind, raw), or steps aside; and a parser with it decodes any stream exactly as one without it,
 * refusals and their messages included: over ~100 000 generated lines, valid outputs of every kind the parser knows
 * (signs, decimal places, units, blank units, ID codes, brackets, decimal commas, special codes, errors, status
 * strings, serial numbers, taels) and garbled, truncated and re-spaced ones.
 */
class SbiParserFastPathTest {

    private static final String[] SIGNS = {"+", "+", "+", "-", "-", " ", "*", "0"};
    /** Units the fast path reads, and a blank field (a moving value). */
    private static final String[] UNITS = {"g  ", "kg ", "mg ", "ct ", "ozt", "dwt", "lb ", "oz ", "gr ", "   ",
        "   ", "   "};
    /** Units the fast path leaves to the reference: other spellings, taels, non-mass and unknown ones. */
    private static final String[] ODD_UNITS = {" g ", "  g", "G  ", "KG ", "Kg ", "OZT", "tlh", "tls", "tlt", "tl ",
        "zz ", "pcs", "%  ", "o z", "gn ", "g g", "]g ", "t  ", "lbs"};
    private static final String[] IDS = {"N     ", "N1    ", "G     ", "G#    "};
    private static final String[] ODD_IDS = {" N    ", "N  1  ", "T     ", "T1    ", "PT2   ", "Cont.T", "Qnt   ",
        "Stat  ", "n     ", "G#1   ", "Ser.no", "      ", "g     "};
    private static final String[] SPECIALS = {"--", "-", "H", "HH", "L", "LL", "C", "High", "Low", "Cal Ext",
        "Cal.Ext.", "h", "HHH"};
    private static final String[] OTHERS = {"   Err  54    ", "   Err 123    ", "Err 054       ", "   ERR 123    ",
        "   err  54    ", "Stat     ERR XYZ    ", "Stat     ERR 123    ", "Stat     APP.ERR    ",
        "Stat        AB      ", "Stat        --      ", "Stat        HH      ", "   PRTERR     ", "   DIS.ER     ",
        "  0037204215  ", "Ser.no    37204215  ", "  SN-12A/7    ", "  hello       ", "Stat", "", " ",
        "+  123.5[6]g  ", "N     +  123.5[6]g  ", "+[  123.56]g  ", "+  12[3].5 g  ", "+   1255,7 g  ",
        "+ 12.5[67]g   ", "+    1[2]3 g  "};

    @Test
    void fastPath_equalsTheReference_orStepsAside() {
        Random random = new Random(20261202);
        WeightUnit[] lastUnits = {null, WeightUnit.G, WeightUnit.KG, WeightUnit.OZT};
        int fast = 0;
        int total = 0;
        for (int n = 0; n < 100_000; n++) {
            String line = line(random);
            WeightUnit lastUnit = lastUnits[random.nextInt(lastUnits.length)];
            for (WeightUnit tael : new WeightUnit[] {null, WeightUnit.TAEL}) {
                total++;
                ScaleMessage.Weight quick = SbiScaleProtocol.Parser.fastWeight(line, lastUnit);
                if (quick != null) {
                    fast++;
                    assertEquals(reference(tael, lastUnit).decodeExact(line), quick,
                            "'" + line + "' after " + lastUnit);
                }
            }
        }
        assertTrue(fast > 30_000 && total - fast > 30_000, "fast path taken " + fast + " of " + total);
    }

    @Test
    void withTheFastPath_anyStreamDecodesAsWithout() {
        for (WeightUnit tael : new WeightUnit[] {null, WeightUnit.TAEL}) {
            Random random = new Random(tael == null ? 7 : 8);
            SbiScaleProtocol.Parser quick = new SbiScaleProtocol.Parser(tael, true);
            SbiScaleProtocol.Parser reference = new SbiScaleProtocol.Parser(tael, false);
            int messages = 0;
            for (int n = 0; n < 50_000; n++) {
                if (random.nextInt(50) == 0) {
                    quick.expectIdentity();
                    reference.expectIdentity();
                }
                if (random.nextInt(500) == 0) {
                    quick.reset();
                    reference.reset();
                }
                byte[] bytes = (line(random) + terminator(random)).getBytes(StandardCharsets.ISO_8859_1);
                int pos = 0;
                while (pos < bytes.length) {
                    int len = Math.min(bytes.length - pos, 1 + random.nextInt(24));
                    List<ScaleMessage> expected = reference.feed(bytes, pos, len);
                    assertEquals(expected, quick.feed(bytes, pos, len), () -> "'" + new String(bytes,
                            StandardCharsets.ISO_8859_1) + "'");
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
        // GC803S p. 57, "Data output example": + 123.56 g, stable.
        ScaleMessage.Weight w = SbiScaleProtocol.Parser.fastWeight("+   123.56 g  ", null);
        assertNotNull(w);
        assertEquals(new BigDecimal("123.56"), w.value());
        assertEquals(2, w.value().scale());
        assertEquals("+123.56", w.valueAsSent());
        assertEquals(WeightUnit.G, w.unit());
        assertTrue(w.stable());
        assertEquals(WeightKind.DISPLAYED, w.kind());
        assertNull(w.resolution());
        assertEquals("+   123.56 g  ", w.raw());
        // GC803S p. 57, the 22-character format with the ID code N (net).
        w = SbiScaleProtocol.Parser.fastWeight("N     +   123.56 g  ", null);
        assertNotNull(w);
        assertEquals(new BigDecimal("123.56"), w.value());
        assertEquals(WeightKind.NET, w.kind());
        // ME215S p. 136: a digit in position 2, +111.25507 mg.
        w = SbiScaleProtocol.Parser.fastWeight("+111.25507 mg ", null);
        assertNotNull(w);
        assertEquals(new BigDecimal("111.25507"), w.value());
        assertEquals(5, w.value().scale());
        assertEquals(WeightUnit.MG, w.unit());
        // Combics CAW1P p. 106: G# is the gross value, + 1255.7 g.
        w = SbiScaleProtocol.Parser.fastWeight("G#    +   1255.7 g  ", null);
        assertNotNull(w);
        assertEquals(new BigDecimal("1255.7"), w.value());
        assertEquals(WeightKind.GROSS, w.kind());
        // A moving value has a blank unit: the last stable output's unit, not stable (sartoriuslib capture).
        w = SbiScaleProtocol.Parser.fastWeight("N     +    0.031    ", WeightUnit.G);
        assertNotNull(w);
        assertEquals(new BigDecimal("0.031"), w.value());
        assertEquals(WeightUnit.G, w.unit());
        assertEquals(false, w.stable());
        // Before any stable output it is not a weight: left to the reference, which says not ready.
        assertNull(SbiScaleProtocol.Parser.fastWeight("N     +    0.031    ", null));
        // A negative value: - 0.05 g.
        w = SbiScaleProtocol.Parser.fastWeight("-     0.05 g  ", null);
        assertNotNull(w);
        assertEquals(new BigDecimal("-0.05"), w.value());
        assertEquals("-0.05", w.valueAsSent());
        // The verified balance's bracketed digit and the decimal comma are the reference's.
        assertNull(SbiScaleProtocol.Parser.fastWeight("+  123.5[6]g  ", null));
        assertNull(SbiScaleProtocol.Parser.fastWeight("+   1255,7 g  ", null));
        ScaleMessage.Weight verified = (ScaleMessage.Weight) new SbiScaleProtocol().newParser()
                .feed("+  123.5[6]g  \r\n".getBytes(StandardCharsets.ISO_8859_1)).get(0);
        assertEquals(new BigDecimal("123.56"), verified.value());
        assertEquals(new BigDecimal("0.1"), verified.resolution());
    }

    /** A parser without the fast path that has seen a stable output in {@code lastUnit} (none when null). */
    private static SbiScaleProtocol.Parser reference(WeightUnit tael, WeightUnit lastUnit) {
        SbiScaleProtocol.Parser p = new SbiScaleProtocol.Parser(tael, false);
        if (lastUnit != null) {
            String unit = lastUnit.symbol();
            List<ScaleMessage> primed = p.feed(("+      1.0 " + unit + " ".repeat(3 - unit.length()) + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(lastUnit, ((ScaleMessage.Weight) primed.get(0)).unit());
        }
        return p;
    }

    private static String terminator(Random random) {
        int r = random.nextInt(20);
        return r == 0 ? "\n" : r == 1 ? "\r" : "\r\n";
    }

    /** One generated line, without its terminator: mostly outputs a balance prints, often broken in some way. */
    static String line(Random random) {
        int kind = random.nextInt(100);
        String line;
        if (kind < 45) {
            line = body(random);
        } else if (kind < 70) {
            line = id(random) + body(random);
        } else if (kind < 78) {
            String code = pick(random, SPECIALS);
            line = random.nextBoolean() ? "      " + code + " ".repeat(Math.max(0, 8 - code.length()))
                    : "Stat        " + code + " ".repeat(Math.max(0, 8 - code.length()));
        } else if (kind < 88) {
            line = pick(random, OTHERS);
        } else if (kind < 92) {
            // garbage before an output, printable or not
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(8); i >= 0; i--) {
                sb.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5F) : random.nextInt(256)));
            }
            line = sb + (random.nextBoolean() ? body(random) : id(random) + body(random));
        } else {
            line = random.nextBoolean() ? body(random) : id(random) + body(random);
        }
        int mutate = random.nextInt(10);
        if (mutate == 0 && !line.isEmpty()) {
            line = line.substring(0, random.nextInt(line.length()));                       // truncated
        } else if (mutate == 1) {
            line = random.nextBoolean() ? " " + line : line + " ";                           // re-spaced
        } else if (mutate == 2 && !line.isEmpty()) {
            int at = random.nextInt(line.length());                                          // one character changed
            char c = "0123456789 .,+-[]gkNGx\u0000\u00ff".charAt(random.nextInt(24));
            line = line.substring(0, at) + c + line.substring(at + 1);
        } else if (mutate == 3 && random.nextInt(20) == 0) {
            line = "A".repeat(250 + random.nextInt(20));                                     // over-long line
        }
        return line;
    }

    /** A 14-character body: sign, the value right-aligned in 9, a space, the unit in 3; sometimes not quite. */
    private static String body(Random random) {
        String sign = pick(random, SIGNS);
        String value;
        int v = random.nextInt(10);
        if (v < 7) {
            BigDecimal number = BigDecimal.valueOf(random.nextLong() % (long) Math.pow(10, 1 + random.nextInt(8)),
                    random.nextInt(6)).abs();
            value = number.toPlainString();
        } else {
            value = new String[] {"12.x4", "1.2.3", ".", ".5", "5.", "1255,7", "12 34", "", "123456789",
                "1234567890", "00012.30", "0", "-5", "+5", "E", "12.5[6]", "[1]", "9999999.9"}[random.nextInt(18)];
        }
        String field = value.length() >= 9 ? value : random.nextInt(15) == 0
                ? value + " ".repeat(9 - value.length())                                 // left-aligned
                : " ".repeat(9 - value.length()) + value;
        String eleventh = random.nextInt(30) == 0 ? pick(random, new String[] {"]", "x", "0"}) : " ";
        return sign + field + eleventh + pick(random, random.nextInt(4) == 0 ? ODD_UNITS : UNITS);
    }

    private static String id(Random random) {
        return pick(random, random.nextInt(3) == 0 ? ODD_IDS : IDS);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    @Test
    void generatedLines_coverEveryKindOfMessage() {
        Random random = new Random(20261202);
        List<String> seen = new ArrayList<>();
        SbiScaleProtocol.Parser p = new SbiScaleProtocol.Parser(WeightUnit.TAEL, false);
        for (int n = 0; n < 20_000; n++) {
            if (n % 100 == 0) {
                p.expectIdentity();
            }
            for (ScaleMessage m : p.feed((line(random) + "\r\n").getBytes(StandardCharsets.ISO_8859_1))) {
                String what = m.getClass().getSimpleName()
                        + (m instanceof ScaleMessage.Condition c ? " " + c.state() : "")
                        + (m instanceof ScaleMessage.Weight w ? " " + w.kind() + " " + w.stable()
                        + (w.resolution() != null ? " res" : "") : "");
                if (!seen.contains(what)) {
                    seen.add(what);
                }
            }
        }
        for (String expected : List.of("Weight DISPLAYED true", "Weight DISPLAYED false", "Weight NET true",
                "Weight NET false", "Weight GROSS true", "Weight DISPLAYED true res", "Acknowledged", "Identity",
                "Fault", "Malformed", "Condition NOT_READY", "Condition OVERLOAD", "Condition UNDERLOAD",
                "Condition CALIBRATING")) {
            assertTrue(seen.contains(expected), expected + " not generated; seen " + seen);
        }
    }
}
