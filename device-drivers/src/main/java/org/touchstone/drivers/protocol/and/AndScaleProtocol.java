package org.touchstone.drivers.protocol.and;

import org.touchstone.drivers.protocol.scale.LineScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleMessage.Condition.State;
import org.touchstone.drivers.protocol.scale.ScaleOptions;
import org.touchstone.drivers.protocol.scale.ScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.WeightKind;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The A&amp;D standard data format as a {@link ScaleProtocol}: polls with {@code Q}, streams after {@code SIR},
 * asks {@code ?SN} for the serial number; decodes {@code ST}/{@code US}/{@code QT}/{@code OL}/{@code WT} lines,
 * {@code EC,Exx} errors and the bare ACK byte.
 *
 * <p>{@code OL} is out of range whatever its data field holds (models print 9s, spaces, or an {@code E}:
 * {@code OL,+     E    g}); its sign says over or under. {@code tl} is read with the scale's tael setting
 * ({@link ScaleOptions#tael()}): A&amp;D balances let the user pick among taels that all print {@code tl}, so a
 * scale with no tael set has its tael weights refused.
 */
public final class AndScaleProtocol implements ScaleProtocol {

    public static final String NAME = "and";
    /** Header, optional comparator result, 9-character value, 3-character unit. */
    private static final Pattern FRAME = Pattern.compile(
            "(ST|US|QT|OL|WT),(?:(OK|LO|HI|--),)?([ +-][0-9.E ]{8})([ A-Za-z%]{3})");
    private static final Pattern ERROR = Pattern.compile("EC,(E\\d{1,2})");
    private static final Pattern SERIAL = Pattern.compile("SN,(\\S{1,16})");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private final ScaleOptions options;

    public AndScaleProtocol() {
        this(ScaleOptions.NONE);
    }

    public AndScaleProtocol(ScaleOptions options) {
        this.options = Objects.requireNonNull(options, "options must not be null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScaleParser newParser() {
        return new Parser(options.tael());
    }

    @Override
    public Optional<byte[]> identityRequest() {
        return Optional.of(AndFormat.SERIAL_NUMBER);
    }

    @Override
    public Optional<byte[]> pollRequest() {
        return Optional.of(AndFormat.QUERY);
    }

    @Override
    public Optional<byte[]> streamRequest() {
        return Optional.of(AndFormat.SEND_REPEAT);
    }

    /** Decodes A&amp;D output lines; an ACK byte is a message of its own wherever it falls. */
    public static final class Parser extends LineScaleParser {
        private final WeightUnit tael;

        /** False only in the equivalence test, to get the reference decoding of every line. */
        private final boolean fastPath;

        public Parser(WeightUnit tael) {
            this(tael, true);
        }

        Parser(WeightUnit tael, boolean fastPath) {
            this.tael = tael;
            this.fastPath = fastPath;
        }

        @Override
        protected void feedFramer(byte[] buf, int off, int len) {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (buf[i] == AndFormat.ACK) {
                    framerFeed(buf, start, i - start);
                    emit(new ScaleMessage.Acknowledged("ACK", "\u0006"));
                    start = i + 1;
                }
            }
            framerFeed(buf, start, off + len - start);
        }

        @Override
        protected void decode(String line, Consumer<ScaleMessage> out) {
            ScaleMessage fast = fastPath ? fastWeight(line) : null;
            if (fast != null) {
                out.accept(fast);
            } else {
                decodeReference(line, out);
            }
        }

        /**
         * The usual frame decoded by hand, without regular expressions, trimming or substrings other than the value:
         * {@code ST,+00123.45  g} (EK-L manual p. 30): header {@code ST}, {@code US} (unstable) or {@code WT}, a
         * comma, the value in 9 characters (sign {@code +} or {@code -}, then digits and at most one point), the
         * unit right-aligned in 3 ({@code "  g"}, {@code " kg"}, {@code "ozt"}, ...), nothing after it. Gives what
         * {@link #decodeReference} gives for such a line (AndParserFastPathTest compares them), or null for
         * anything else, which decodeReference then decodes: {@code OL}, {@code QT}, a comparator field, a blank
         * sign or spaces in the value, {@code tl}, {@code PC} and units not listed in {@link #fastUnit}, errors,
         * serial numbers, garbage.
         */
        static ScaleMessage.Weight fastWeight(String line) {
            if (line.length() != 15 || line.charAt(2) != ',') {
                return null;
            }
            char h0 = line.charAt(0);
            char h1 = line.charAt(1);
            boolean stable;
            if (h0 == 'S' && h1 == 'T' || h0 == 'W' && h1 == 'T') {
                stable = true;
            } else if (h0 == 'U' && h1 == 'S') {
                stable = false;
            } else {
                return null;
            }
            char sign = line.charAt(3);
            if (sign != '+' && sign != '-') {
                return null;
            }
            long unscaled = 0;
            int scale = 0;
            boolean point = false;
            for (int i = 4; i < 12; i++) {
                char c = line.charAt(i);
                if (c >= '0' && c <= '9') {
                    unscaled = unscaled * 10 + (c - '0');
                    if (point) {
                        scale++;
                    }
                } else if (c == '.' && !point) {
                    point = true;
                } else {
                    return null;
                }
            }
            // Eight characters, at most one a point: at least 7 digits, the long is exact, and this is the unscaled
            // value and scale new BigDecimal("+00123.45") has.
            WeightUnit unit = fastUnit(line.charAt(12), line.charAt(13), line.charAt(14));
            if (unit == null) {
                return null;
            }
            return new ScaleMessage.Weight(BigDecimal.valueOf(sign == '-' ? -unscaled : unscaled, scale),
                    line.substring(3, 12), unit, stable, WeightKind.DISPLAYED, null, line);
        }

        /**
         * The unit a balance usually prints, right-aligned in 3 characters: what {@link WeightUnit#fromSymbol} gives
         * for {@code "  g"}, {@code " kg"}, {@code " mg"}, {@code " ct"}, {@code " lb"}, {@code " oz"},
         * {@code " GN"}, {@code "ozt"}, {@code "dwt"}; else null.
         */
        private static WeightUnit fastUnit(char a, char b, char c) {
            if (a != ' ') {
                if (a == 'o' && b == 'z' && c == 't') {
                    return WeightUnit.OZT;
                }
                return a == 'd' && b == 'w' && c == 't' ? WeightUnit.DWT : null;
            }
            if (b == ' ') {
                return c == 'g' ? WeightUnit.G : null;
            }
            switch (b) {
                case 'k': return c == 'g' ? WeightUnit.KG : null;
                case 'm': return c == 'g' ? WeightUnit.MG : null;
                case 'c': return c == 't' ? WeightUnit.CT : null;
                case 'l': return c == 'b' ? WeightUnit.LB : null;
                case 'o': return c == 'z' ? WeightUnit.OZ : null;
                case 'G': return c == 'N' ? WeightUnit.GR : null;
                default: return null;
            }
        }

        /** The general decoding of one line, by the frame's regular expression: every line the fast path leaves. */
        void decodeReference(String line, Consumer<ScaleMessage> out) {
            Matcher m = FRAME.matcher(line);
            if (m.find()) {
                if (m.end() != line.length()) {
                    out.accept(new ScaleMessage.Malformed("trailing characters after an A&D frame", line));
                    return;
                }
                if (m.start() > 0) {
                    out.accept(new ScaleMessage.Malformed(m.start() + " garbage byte(s) before a frame",
                            line.substring(0, m.start())));
                }
                out.accept(frame(m, line.substring(m.start())));
                return;
            }
            Matcher e = ERROR.matcher(line);
            if (e.matches()) {
                String code = e.group(1).length() == 2 ? "E0" + e.group(1).charAt(1) : e.group(1);
                out.accept(new ScaleMessage.Refused("balance error " + code + ": "
                        + AndFormat.ERRORS.getOrDefault(code, "unknown error code"), line));
                return;
            }
            Matcher s = SERIAL.matcher(line);
            if (s.matches()) {
                out.accept(new ScaleMessage.Identity(s.group(1), line));
                return;
            }
            out.accept(new ScaleMessage.Malformed(printable(line) ? "not an A&D frame" : "non-printable bytes in line",
                    line));
        }

        private ScaleMessage frame(Matcher m, String line) {
            String header = m.group(1);
            String value = m.group(3).trim();
            String unitText = m.group(4).trim();
            if (header.equals("OL")) {
                return value.startsWith("-")
                        ? new ScaleMessage.Condition(State.UNDERLOAD, "out of range (below zero)", line)
                        : new ScaleMessage.Condition(State.OVERLOAD, "out of range (overload)", line);
            }
            if (header.equals("QT") || unitText.equalsIgnoreCase("PC")) {
                return new ScaleMessage.Refused("counting mode (" + unitText + "): a count, not a mass", line);
            }
            if (!NUMBER.matcher(value).matches()) {
                return new ScaleMessage.Malformed("value is not a number: '" + value + "'", line);
            }
            Optional<WeightUnit> unit;
            if (unitText.equalsIgnoreCase("tl")) {
                if (tael == null) {
                    return new ScaleMessage.Malformed(ScaleOptions.taelNotSet(unitText), line);
                }
                unit = Optional.of(tael);
            } else {
                unit = WeightUnit.fromSymbol(unitText);
            }
            if (unit.isEmpty()) {
                return new ScaleMessage.Malformed("not a mass unit this agent knows: '" + unitText + "'", line);
            }
            boolean stable = !header.equals("US");
            return new ScaleMessage.Weight(new BigDecimal(value), value, unit.get(), stable, WeightKind.DISPLAYED,
                    null, line);
        }
    }
}
