package org.touchstone.drivers.protocol.sbi;

import org.touchstone.drivers.protocol.scale.LineScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleMessage.Condition.State;
import org.touchstone.drivers.protocol.scale.ScaleOptions;
import org.touchstone.drivers.protocol.scale.ScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.WeightKind;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sartorius SBI as a {@link ScaleProtocol}: polls with {@code ESC P} (or listens to a balance set to auto-print),
 * asks {@code ESC x2_} for the serial number, and decodes the 16- and 22-character outputs.
 *
 * <p>The 16-character layout (docs/protocols.md §2.2): position 1 the sign, positions 2-10 the value with its
 * decimal point (position 2 a space, or a digit when the value has eight digits), position 11 a space, 12-14 the
 * unit. A verified balance marks its unverified last digit(s) with square brackets inside that field, the closing
 * one taking position 11: {@code +  123.5[6]g}. The value is then 123.56 and its resolution is the last verified
 * digit, 0.1. The 22-character layout puts a 6-character ID code first. Special codes ({@code --} final readout,
 * {@code H}/{@code HH} overload, {@code L}/{@code LL} underload, {@code C} calibration) are the balance's
 * condition; {@code Err nn} (any case) and {@code Stat ... ERR} are faults.
 *
 * <p>SBI has no stability flag: the unit field is blank while the value moves. A moving value before the first
 * stable output has no known unit and is reported as not ready rather than given a unit by guess.
 */
public final class SbiScaleProtocol implements ScaleProtocol {

    public static final String NAME = "sartorius-sbi";
    private static final Pattern NUMBER = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)");
    /** Verified digits, then the unverified one(s) in brackets: {@code 123.5[6]}. */
    private static final Pattern BRACKETED = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\[(\\d+)]");
    /** ID codes of the 22-character format whose value is the load on the pan. */
    static final Map<String, WeightKind> LOAD_IDS = Map.of("N", WeightKind.NET, "N1", WeightKind.NET,
            "G", WeightKind.GROSS, "G#", WeightKind.GROSS);
    /** ID codes of the 22-character format whose value is a tare. */
    static final Set<String> TARE_IDS = Set.of("T", "T1", "T2", "PT2", "Cont.T");
    private static final Pattern ERR = Pattern.compile("(?i)err\\s*(\\d{1,3})");
    private static final Pattern DEVICE_ERR = Pattern.compile("(?i)(APP|DIS|PRT)\\.?\\s?ERR?\\.?");
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9./_-]{2,19}");
    private static final Pattern SERIAL_ID = Pattern.compile("(?i)ser\\.?\\s?no\\.?|s/n");
    /** Lines read after ESC x2_ before the parser stops waiting for the serial number. */
    private static final int IDENTITY_PATIENCE = 5;

    private final ScaleOptions options;

    public SbiScaleProtocol() {
        this(ScaleOptions.NONE);
    }

    public SbiScaleProtocol(ScaleOptions options) {
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
        return Optional.of(SbiFormat.SERIAL_NUMBER);
    }

    @Override
    public Optional<byte[]> pollRequest() {
        return Optional.of(SbiFormat.PRINT);
    }

    /** Auto-print is set in the balance's menu: the host only listens. */
    @Override
    public Optional<byte[]> streamRequest() {
        return Optional.of(new byte[0]);
    }

    /** A special code's state, whether it stands alone (16 characters) or after {@code Stat} (22). */
    static Optional<ScaleMessage.Condition> special(String code, String line) {
        switch (code) {
            case "--":
            case "-":
                return Optional.of(new ScaleMessage.Condition(State.NOT_READY,
                        "final readout mode (--): no value yet", line));
            case "H":
            case "High":
                return Optional.of(new ScaleMessage.Condition(State.OVERLOAD, "overload (" + code + ")", line));
            case "HH":
                return Optional.of(new ScaleMessage.Condition(State.OVERLOAD, "overload in checkweighing (HH)", line));
            case "L":
            case "Low":
                return Optional.of(new ScaleMessage.Condition(State.UNDERLOAD, "underload (" + code + ")", line));
            case "LL":
                return Optional.of(new ScaleMessage.Condition(State.UNDERLOAD, "underload in checkweighing (LL)",
                        line));
            case "C":
            case "Cal Ext":
            case "Cal.Ext.":
                return Optional.of(new ScaleMessage.Condition(State.CALIBRATING, "calibration or adjustment ("
                        + code + ")", line));
            default:
                return Optional.empty();
        }
    }

    /** Decodes SBI output lines. */
    public static final class Parser extends LineScaleParser {
        private final WeightUnit tael;
        private WeightUnit lastUnit;
        private int identityPatience;

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
        public void expectIdentity() {
            identityPatience = IDENTITY_PATIENCE;
        }

        @Override
        public void reset() {
            super.reset();
            identityPatience = 0;
        }

        @Override
        protected void decode(String line, Consumer<ScaleMessage> out) {
            ScaleMessage.Weight fast = fastPath ? fastWeight(line, lastUnit) : null;
            ScaleMessage decoded;
            if (fast != null) {
                // What decodeExact does too: a stable output sets the unit, a moving one keeps it (fast.unit() is it).
                lastUnit = fast.unit();
                decoded = fast;
            } else {
                decoded = decodeExact(line);
            }
            if (decoded instanceof ScaleMessage.Malformed && line.length() > SbiFormat.BODY_LENGTH) {
                // Garbage before a frame: the frame is the fixed-length tail, with an ID code only if it is a known one.
                for (int len : new int[] {SbiFormat.ID_BODY_LENGTH, SbiFormat.BODY_LENGTH}) {
                    if (len >= line.length() || (len == SbiFormat.ID_BODY_LENGTH && !knownId(
                            line.substring(line.length() - len, line.length() - len + SbiFormat.ID_LENGTH).trim()))) {
                        continue;
                    }
                    ScaleMessage tail = decodeExact(line.substring(line.length() - len));
                    if (!(tail instanceof ScaleMessage.Malformed)) {
                        out.accept(new ScaleMessage.Malformed((line.length() - len) + " garbage byte(s) before a frame",
                                line.substring(0, line.length() - len)));
                        out.accept(tail);
                        return;
                    }
                }
            }
            if (identityPatience > 0) {
                identityPatience--;
                if (decoded instanceof ScaleMessage.Malformed) {
                    Optional<String> serial = serialNumber(line);
                    if (serial.isPresent()) {
                        identityPatience = 0;
                        out.accept(new ScaleMessage.Identity(serial.get(), line));
                        return;
                    }
                }
            }
            out.accept(decoded);
        }

        /**
         * The usual output decoded by hand, without regular expressions, trimming or substrings: a load on the pan in
         * the 16-character layout, {@code +   123.56 g  } (GC803S p. 57): position 1 the sign ({@code +}, {@code -}
         * or a space), 2-10 the value right-aligned after spaces (digits and at most one point), 11 a space, 12-14
         * the unit left-aligned, or blank while the value moves (the unit is then {@code lastUnit}); or the same
         * after one of the ID codes {@code N}, {@code N1}, {@code G}, {@code G#} left-aligned in 6 characters
         * ({@code N     +   123.56 g  }). Gives what {@link #decodeExact} gives for such a line (SbiParserFastPathTest
         * compares them), or null for anything else, which decodeExact then decodes: brackets, a decimal comma,
         * other ID codes, taels and units not listed in {@link #fastUnit}, a moving value before any unit, special
         * codes, errors, garbage.
         */
        static ScaleMessage.Weight fastWeight(String line, WeightUnit lastUnit) {
            int body;
            WeightKind kind;
            if (line.length() == SbiFormat.BODY_LENGTH) {
                body = 0;
                kind = WeightKind.DISPLAYED;
            } else if (line.length() == SbiFormat.ID_BODY_LENGTH) {
                body = SbiFormat.ID_LENGTH;
                kind = fastLoadId(line);
                if (kind == null) {
                    return null;
                }
            } else {
                return null;
            }
            char sign = line.charAt(body);
            if (sign != '+' && sign != '-' && sign != ' ' || line.charAt(body + 10) != ' ') {
                return null;
            }
            int from = body + 1;
            int to = body + 10;
            while (from < to && line.charAt(from) == ' ') {
                from++;
            }
            long unscaled = 0;
            int digits = 0;
            int scale = 0;
            boolean point = false;
            for (int i = from; i < to; i++) {
                char c = line.charAt(i);
                if (c >= '0' && c <= '9') {
                    unscaled = unscaled * 10 + (c - '0');
                    digits++;
                    if (point) {
                        scale++;
                    }
                } else if (c == '.' && !point) {
                    point = true;
                } else {
                    return null;
                }
            }
            if (digits == 0) {
                return null;
            }
            WeightUnit unit = fastUnit(line, body + 11);
            boolean stable = unit != null;
            if (!stable) {
                if (lastUnit == null || line.charAt(body + 11) != ' ' || line.charAt(body + 12) != ' '
                        || line.charAt(body + 13) != ' ') {
                    return null;
                }
                unit = lastUnit;
            }
            // At most 9 digits: the long is exact, and new BigDecimal(digits), negated, has this unscaled value
            // and scale.
            BigDecimal value = BigDecimal.valueOf(sign == '-' ? -unscaled : unscaled, scale);
            String asSent;
            if (sign == ' ') {
                asSent = line.substring(from, to);
            } else {
                char[] text = new char[to - from + 1];
                text[0] = sign;
                line.getChars(from, to, text, 1);
                asSent = new String(text);
            }
            return new ScaleMessage.Weight(value, asSent, unit, stable, kind, null, null, line);
        }

        /** {@code N}, {@code N1}, {@code G} or {@code G#} left-aligned in positions 1-6, else null. */
        private static WeightKind fastLoadId(String line) {
            char first = line.charAt(0);
            if (first != 'N' && first != 'G') {
                return null;
            }
            char second = line.charAt(1);
            if (second != ' ' && second != (first == 'N' ? '1' : '#')) {
                return null;
            }
            for (int i = 2; i < SbiFormat.ID_LENGTH; i++) {
                if (line.charAt(i) != ' ') {
                    return null;
                }
            }
            return first == 'N' ? WeightKind.NET : WeightKind.GROSS;
        }

        /**
         * The unit in the 3 characters at {@code at} when it is one a balance usually prints, lower case and
         * left-aligned ({@code "g  "}, {@code "kg "}, {@code "ozt"}, ...): what {@code unit(...)} gives for it; else
         * null (a blank field, the taels, anything else).
         */
        private static WeightUnit fastUnit(String line, int at) {
            char a = line.charAt(at);
            char b = line.charAt(at + 1);
            char c = line.charAt(at + 2);
            if (c != ' ') {
                if (a == 'o' && b == 'z' && c == 't') {
                    return WeightUnit.OZT;
                }
                return a == 'd' && b == 'w' && c == 't' ? WeightUnit.DWT : null;
            }
            if (b == ' ') {
                return a == 'g' ? WeightUnit.G : null;
            }
            switch (a) {
                case 'k': return b == 'g' ? WeightUnit.KG : null;
                case 'm': return b == 'g' ? WeightUnit.MG : null;
                case 'c': return b == 't' ? WeightUnit.CT : null;
                case 'l': return b == 'b' ? WeightUnit.LB : null;
                case 'o': return b == 'z' ? WeightUnit.OZ : null;
                case 'g': return b == 'r' ? WeightUnit.GR : null;
                default: return null;
            }
        }

        private static boolean knownId(String id) {
            return LOAD_IDS.containsKey(id) || TARE_IDS.contains(id) || id.equals("Stat");
        }

        /**
         * The answer to {@code ESC x2_}, when the line is one: printable text that is no SBI output at all (not a
         * weight, a special code, an error), 3-20 characters of letters, digits and {@code . / _ -} with at least
         * one digit, optionally after a {@code Ser.no} ID code. Anything else is not taken for a serial number.
         */
        static Optional<String> serialNumber(String line) {
            if (!printable(line) || line.indexOf('[') >= 0 || line.indexOf(']') >= 0) {
                return Optional.empty();
            }
            String value = line.trim();
            if (line.length() == SbiFormat.ID_BODY_LENGTH
                    && SERIAL_ID.matcher(line.substring(0, SbiFormat.ID_LENGTH).trim()).matches()) {
                value = line.substring(SbiFormat.ID_LENGTH).trim();
            }
            if (!SERIAL.matcher(value).matches() || value.chars().noneMatch(Character::isDigit)) {
                return Optional.empty();
            }
            return Optional.of(value);
        }

        ScaleMessage decodeExact(String line) {
            if (!printable(line)) {
                return new ScaleMessage.Malformed("non-printable bytes in line", line);
            }
            String trimmed = line.trim();
            Matcher err = ERR.matcher(trimmed);
            if (err.matches()) {
                return new ScaleMessage.Fault("balance error " + err.group(1) + " (" + trimmed + ")", line);
            }
            if (DEVICE_ERR.matcher(trimmed).matches()) {
                return new ScaleMessage.Fault("balance reports " + trimmed + " (application, display or printer "
                        + "error)", line);
            }
            if (line.startsWith("Stat")) {
                String rest = line.substring(4).trim();
                if (rest.regionMatches(true, 0, "ERR", 0, 3)) {
                    return new ScaleMessage.Fault("balance status error " + rest.substring(3).trim(), line);
                }
                if (DEVICE_ERR.matcher(rest).matches()) {
                    return new ScaleMessage.Fault("balance reports " + rest + " (application, display or printer "
                            + "error)", line);
                }
                Optional<ScaleMessage.Condition> s = special(rest, line);
                if (s.isPresent()) {
                    return s.get();
                }
                return new ScaleMessage.Condition(State.NOT_READY, "balance reports status '" + rest
                        + "' instead of a value", line);
            }
            Optional<ScaleMessage.Condition> s = special(trimmed, line);
            if (s.isPresent()) {
                return s.get();
            }
            if (line.length() == SbiFormat.ID_BODY_LENGTH) {
                String id = line.substring(0, SbiFormat.ID_LENGTH).trim();
                return body(id, line.substring(SbiFormat.ID_LENGTH), line);
            }
            if (line.length() == SbiFormat.BODY_LENGTH) {
                return body("", line, line);
            }
            return new ScaleMessage.Malformed("expected 16 or 22 characters with CR LF, got " + (line.length() + 2),
                    line);
        }

        private ScaleMessage body(String id, String body, String line) {
            char sign = body.charAt(0);
            if (sign != '+' && sign != '-' && sign != ' ') {
                return new ScaleMessage.Malformed("not an SBI output: position 1 holds '" + sign
                        + "', not a sign or a space", line);
            }
            // Positions 2-11: the value, its unverified digits in brackets, the closing one in position 11.
            String field = body.substring(1, 11);
            String value = field.trim();
            Optional<ScaleMessage.Condition> s = special(value, line);
            if (s.isPresent()) {
                return s.get();
            }
            BigDecimal resolution = null;
            String digits;
            if (value.indexOf('[') >= 0 || value.indexOf(']') >= 0) {
                Matcher b = BRACKETED.matcher(value.replace(',', '.'));
                if (!b.matches() || !field.endsWith("]")) {
                    return new ScaleMessage.Malformed("brackets out of place: a verified balance brackets its "
                            + "unverified last digit(s), the closing bracket in position 11 ('+  123.5[6]g'), got '"
                            + field + "'", line);
                }
                String verified = b.group(1);
                digits = verified + b.group(2);
                resolution = BigDecimal.ONE.movePointLeft(Math.max(0, new BigDecimal(verified).scale()));
            } else {
                if (body.charAt(10) != ' ') {
                    return new ScaleMessage.Malformed("not an SBI output: position 11 must be a space, got '"
                            + body.charAt(10) + "'", line);
                }
                // A decimal comma can be set instead of the point (Combics menu 7.17).
                digits = value.indexOf(',') >= 0 && value.indexOf('.') < 0 ? value.replace(',', '.') : value;
            }
            if (!NUMBER.matcher(digits).matches()) {
                return new ScaleMessage.Malformed("value is not a number: '" + value + "'", line);
            }
            String unitText = body.substring(11, 14).trim();
            if (!id.isEmpty() && !LOAD_IDS.containsKey(id) && !TARE_IDS.contains(id)) {
                return new ScaleMessage.Acknowledged("ID code '" + id + "': " + (sign == ' ' ? "" : sign) + value + " "
                        + unitText + " (not the load on the pan)", line);
            }
            boolean stable = !unitText.isEmpty();
            WeightUnit unit;
            if (stable) {
                Optional<WeightUnit> u = unit(unitText);
                if (u.isEmpty()) {
                    return new ScaleMessage.Malformed(unitProblem(unitText), line);
                }
                unit = u.get();
                lastUnit = unit;
            } else if (lastUnit != null) {
                unit = lastUnit;
            } else {
                return new ScaleMessage.Condition(State.NOT_READY, "value in motion before any stable output: the "
                        + "balance prints its unit only when stable, so the unit is not known yet", line);
            }
            BigDecimal number = new BigDecimal(digits);
            if (sign == '-') {
                number = number.negate();
            }
            String asSent = (sign == ' ' ? "" : String.valueOf(sign)) + value;
            if (TARE_IDS.contains(id)) {
                return new ScaleMessage.Acknowledged("tare " + asSent + " " + unit.symbol(), line);
            }
            WeightKind kind = id.isEmpty() ? WeightKind.DISPLAYED : LOAD_IDS.get(id);
            return new ScaleMessage.Weight(number, asSent, unit, stable, kind, null, resolution, line);
        }

        /** The unit of a stable output; the taels only with the scale's tael setting. */
        private Optional<WeightUnit> unit(String symbol) {
            String s = symbol.toLowerCase(Locale.ROOT);
            switch (s) {
                case "tlh": // Hong Kong: the market tael, or the troy tael where the scale is set to it
                    return tael == WeightUnit.TAEL || tael == WeightUnit.TAHIL ? Optional.of(tael) : Optional.empty();
                case "tls": // Singapore
                    return tael == WeightUnit.TAHIL ? Optional.of(tael) : Optional.empty();
                case "tlt": // Taiwan
                    return tael == WeightUnit.TAEL_TW ? Optional.of(tael) : Optional.empty();
                case "tl":
                    return Optional.ofNullable(tael);
                default:
                    return WeightUnit.fromSymbol(s);
            }
        }

        private String unitProblem(String symbol) {
            String s = symbol.toLowerCase(Locale.ROOT);
            if (s.startsWith("tl")) {
                return tael == null ? ScaleOptions.taelNotSet(symbol)
                        : "unit '" + symbol + "' is not the tael this scale is set to (" + tael.symbol() + ")";
            }
            return "unknown weight unit '" + symbol + "'";
        }
    }
}
