package org.touchstone.drivers.protocol.mtsics;

import org.touchstone.drivers.protocol.scale.LineScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleMessage.Condition.State;
import org.touchstone.drivers.reading.WeightKind;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes MT-SICS response lines (fed in chunks of any size) into {@link ScaleMessage}s. The framing is the shared
 * {@link LineScaleParser}'s; this class reads one line: {@code <ID> <status> [<data>...]}, tokens split on runs of
 * spaces (balances pad the value with a variable number of them), quoted text kept whole.
 *
 * <p>Weight answers ({@code S S <value> <unit>}, {@code S D ...}) become weights; {@code S I}, {@code S +},
 * {@code S -} to a weight command are the scale's condition (not ready, overload, underload); {@code ES}, {@code ET},
 * {@code EL} and {@code L} are refusals; {@code S S Error <n><t|b>} is a hardware fault; {@code I4 A "<serial>"}
 * (also the answer to {@code @}) is the serial number; other identification and status answers are acknowledgements.
 * Any other line is malformed, with its raw text.
 */
public final class MtSicsParser extends LineScaleParser {

    /** Response ids this parser knows; any other id is reported as malformed rather than guessed at. */
    private static final Set<String> KNOWN_IDS = Set.of(
            "S", "SI", "SIR", "SNR", "SR", "Z", "ZI", "T", "TI", "TA", "TAC", "D", "DW", "C", "@",
            "I0", "I1", "I2", "I3", "I4", "I5", "I50", "PWR", "M21");
    private static final Set<String> WEIGHT_IDS = Set.of("S", "SI", "SIR", "SNR", "SR");
    private static final Set<String> IDENTITY_IDS = Set.of("I0", "I1", "I2", "I3", "I4", "I5", "I50");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern HARDWARE_ERROR = Pattern.compile("(\\d{1,3})([tb])");

    /**
     * Decodes one line without its terminator. Bytes outside printable ASCII before a decodable frame (line noise, a
     * device waking up) are reported as one malformed message and the frame after them is still decoded.
     */
    @Override
    protected void decode(String line, Consumer<ScaleMessage> out) {
        int lastNoise = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                lastNoise = i;
            }
        }
        if (lastNoise < 0) {
            ScaleMessage weight = fastWeight(line);
            out.accept(weight != null ? weight : decodeClean(line));
            return;
        }
        ScaleMessage tail = lastNoise + 1 < line.length() ? decodeClean(line.substring(lastNoise + 1)) : null;
        if (tail != null && !(tail instanceof ScaleMessage.Malformed)) {
            out.accept(new ScaleMessage.Malformed((lastNoise + 1) + " garbage byte(s) before a frame",
                    line.substring(0, lastNoise + 1)));
            out.accept(tail);
        } else {
            out.accept(new ScaleMessage.Malformed("non-printable bytes in line", line));
        }
    }

    /**
     * The common frame, {@code S S <value> <unit>} (or {@code SI}, {@code S D}, ...), decoded without token lists,
     * regular expressions or string parsing of the number: the same {@link ScaleMessage.Weight} the general path
     * gives (MtSicsParserFastPathTest compares them over many lines), or null for anything else, which the general
     * path then decodes (and reports, if malformed). A printable line only.
     */
    static ScaleMessage fastWeight(String line) {
        int n = line.length();
        int[] starts = new int[4];
        int[] ends = new int[4];
        int count = 0;
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            if (c == '"' || count == 4) {
                return null;
            }
            starts[count] = i;
            while (i < n && line.charAt(i) != ' ') {
                if (line.charAt(i) == '"') {
                    return null;
                }
                i++;
            }
            ends[count++] = i;
        }
        if (count != 4 || ends[1] - starts[1] != 1) {
            return null;
        }
        char status = line.charAt(starts[1]);
        if (status != 'S' && status != 'D' || !weightId(line, starts[0], ends[0])) {
            return null;
        }
        BigDecimal value = number(line, starts[2], ends[2]);
        if (value == null) {
            return null;
        }
        WeightUnit unit = unit(line, starts[3], ends[3]);
        if (unit == null) {
            return null;
        }
        return new ScaleMessage.Weight(value, line.substring(starts[2], ends[2]), unit, status == 'S',
                WeightKind.DISPLAYED, null, line);
    }

    private static boolean weightId(String line, int from, int to) {
        int len = to - from;
        return len == 1 ? line.charAt(from) == 'S'
                : len >= 2 && len <= 3 && WEIGHT_IDS.contains(line.substring(from, to));
    }

    /**
     * The value of {@code [+-]?(\d+(\.\d*)?|\.\d+)} as {@code new BigDecimal(text)} would give it (same
     * unscaled value and scale), or null for anything else or more than 18 digits (left to the general path).
     */
    private static BigDecimal number(String line, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (line.charAt(i) == '+' || line.charAt(i) == '-')) {
            negative = line.charAt(i) == '-';
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        int intDigits = 0;
        for (; i < to; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
                if (point) {
                    scale++;
                } else {
                    intDigits++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return null;
            }
        }
        if (digits == 0 || point && intDigits == 0 && scale == 0) {
            return null;
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    private static WeightUnit unit(String line, int from, int to) {
        int len = to - from;
        if (len == 1 && line.charAt(from) == 'g') {
            return WeightUnit.G;
        }
        if (len == 2 && line.charAt(from + 1) == 'g' && (line.charAt(from) == 'k' || line.charAt(from) == 'm')) {
            return line.charAt(from) == 'k' ? WeightUnit.KG : WeightUnit.MG;
        }
        return WeightUnit.fromSymbol(line.substring(from, to)).orElse(null);
    }

    static ScaleMessage decodeClean(String line) {
        Optional<List<String>> parsed = tokens(line);
        if (parsed.isEmpty()) {
            return malformed("unterminated quoted text", line);
        }
        List<String> tokens = parsed.get();
        if (tokens.isEmpty()) {
            return malformed("blank line", line);
        }
        String id = tokens.get(0);
        if (tokens.size() == 1) {
            switch (id) {
                case "ES": return new ScaleMessage.Refused("balance did not recognise the command (ES)", line);
                case "ET": return new ScaleMessage.Refused("balance reports a transmission error (ET)", line);
                case "EL": return new ScaleMessage.Refused("balance cannot execute the command (EL)", line);
                default: return malformed("unknown response '" + id + "'", line);
            }
        }
        if (!KNOWN_IDS.contains(id)) {
            return malformed("unknown response id '" + id + "'", line);
        }
        String status = tokens.get(1);
        List<String> rest = tokens.subList(2, tokens.size());
        if (WEIGHT_IDS.contains(id) && (status.equals("S") || status.equals("D"))) {
            return weightOrError(id, status.equals("S"), rest, line);
        }
        if ((id.equals("T") || id.equals("TI")) && status.equals("S") && !rest.isEmpty()
                || id.equals("TA") && status.equals("A") && !rest.isEmpty()) {
            return tare(id, rest, line);
        }
        if (IDENTITY_IDS.contains(id) && (status.equals("A") || status.equals("B")) && !rest.isEmpty()) {
            List<String> fields = new ArrayList<>();
            for (String token : rest) {
                fields.add(unquote(token));
            }
            if (id.equals("I4") && status.equals("A") && rest.size() == 1 && !fields.get(0).isBlank()) {
                return new ScaleMessage.Identity(fields.get(0), line);
            }
            return new ScaleMessage.Acknowledged(id + " " + fields, line);
        }
        if (!MtSicsFormat.STATUSES.contains(status)) {
            return malformed("unknown status '" + status + "' for " + id, line);
        }
        if (!rest.isEmpty()) {
            return malformed("unexpected data after status '" + status + "' for " + id, line);
        }
        boolean weightCommand = WEIGHT_IDS.contains(id);
        switch (status) {
            case "A":
            case "B":
                return new ScaleMessage.Acknowledged(id + " " + status, line);
            case "I":
                return weightCommand
                        ? new ScaleMessage.Condition(State.NOT_READY, id + " I: not executable now (busy, or no "
                        + "stable weight in time)", line)
                        : new ScaleMessage.Refused(id + " not executable now (I)", line);
            case "+":
                return weightCommand
                        ? new ScaleMessage.Condition(State.OVERLOAD, "overload: weighing range exceeded (" + id + " +)",
                        line)
                        : new ScaleMessage.Refused(id + " refused: upper limit exceeded (+)", line);
            case "-":
                return weightCommand
                        ? new ScaleMessage.Condition(State.UNDERLOAD, "underload: pan missing or below the zero range ("
                        + id + " -)", line)
                        : new ScaleMessage.Refused(id + " refused: lower limit exceeded (-)", line);
            default:
                return new ScaleMessage.Refused(id + " refused: logical error (L)", line);
        }
    }

    private static ScaleMessage weightOrError(String id, boolean stable, List<String> rest, String line) {
        if (!rest.isEmpty() && rest.get(0).equals("Error")) {
            Matcher m = rest.size() == 2 ? HARDWARE_ERROR.matcher(rest.get(1)) : null;
            if (m == null || !m.matches()) {
                return malformed("hardware error without a code like 3t or 10b", line);
            }
            return new ScaleMessage.Fault("hardware error " + m.group(1) + " reported by the "
                    + (m.group(2).equals("t") ? "terminal" : "balance"), line);
        }
        if (rest.size() != 2) {
            return malformed(id + " weight needs a value and a unit, got " + rest.size() + " field(s)", line);
        }
        String value = rest.get(0);
        String unit = rest.get(1);
        if (!NUMBER.matcher(value).matches()) {
            return malformed("weight value is not a number: '" + value + "'", line);
        }
        Optional<WeightUnit> u = WeightUnit.fromSymbol(unit);
        if (u.isEmpty()) {
            return malformed("unknown weight unit '" + unit + "'", line);
        }
        return new ScaleMessage.Weight(new BigDecimal(value), value, u.get(), stable, WeightKind.DISPLAYED, null,
                line);
    }

    private static ScaleMessage tare(String id, List<String> rest, String line) {
        if (rest.size() != 2) {
            return malformed(id + " tare needs a value and a unit, got " + rest.size() + " field(s)", line);
        }
        if (!NUMBER.matcher(rest.get(0)).matches()) {
            return malformed("tare value is not a number: '" + rest.get(0) + "'", line);
        }
        if (WeightUnit.fromSymbol(rest.get(1)).isEmpty()) {
            return malformed("unknown weight unit '" + rest.get(1) + "'", line);
        }
        return new ScaleMessage.Acknowledged("tare " + rest.get(0) + " " + rest.get(1), line);
    }

    private static ScaleMessage malformed(String reason, String line) {
        return new ScaleMessage.Malformed(reason, line);
    }

    /**
     * Splits a line on runs of spaces, keeping a double-quoted text (which may hold spaces) as one token with its
     * quotes. Empty when a quote is not closed. Column positions are never used: balances pad values with a
     * variable number of spaces.
     */
    static Optional<List<String>> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            int start = i;
            if (line.charAt(i) == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    return Optional.empty();
                }
                i = close + 1;
            } else {
                while (i < n && line.charAt(i) != ' ') {
                    i++;
                }
            }
            tokens.add(line.substring(start, i));
        }
        return Optional.of(tokens);
    }

    static String unquote(String token) {
        return token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")
                ? token.substring(1, token.length() - 1)
                : token;
    }
}
