package org.touchstone.drivers.protocol.mtsics;

import org.touchstone.drivers.protocol.LineFramer;
import org.touchstone.drivers.protocol.LineFramer.LineEnd;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes MT-SICS response lines from byte chunks of any size: the {@link LineFramer} state machine finds
 * the lines, this class turns each into one {@link MtSicsResponse}.
 *
 * <p>It never throws on input. Whatever it cannot decode becomes {@link MtSicsResponse.Malformed}, naming the
 * problem and carrying the raw line, and the next good line is decoded normally. Not thread-safe: one port, one
 * parser, one reading thread.
 */
public final class MtSicsParser {

    /** Hears decoded responses and oddities of the line framing. */
    public interface Listener {
        void responseReceived(MtSicsResponse response);

        /** A line ended with a bare LF or CR instead of CR LF: the balance's EOL setting is probably wrong. */
        default void irregularLineEnd(LineEnd kind, String line) {
        }
    }

    /** Response ids this parser knows; any other id is reported as malformed rather than guessed at. */
    private static final Set<String> KNOWN_IDS = Set.of(
            "S", "SI", "SIR", "SNR", "SR", "Z", "ZI", "T", "TI", "TA", "TAC", "D", "DW", "C", "@",
            "I0", "I1", "I2", "I3", "I4", "I5", "I50", "PWR", "M21");
    private static final Set<String> IDENTITY_IDS = Set.of("I0", "I1", "I2", "I3", "I4", "I5", "I50");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern HARDWARE_ERROR = Pattern.compile("(\\d{1,3})([tb])");

    private final LineFramer framer;
    private final Listener listener;
    private final List<MtSicsResponse> batch = new ArrayList<>();
    private long irregularLineEnds;

    /** A parser that only returns what each {@link #feed} call decoded. */
    public MtSicsParser() {
        this(response -> { });
    }

    public MtSicsParser(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.framer = new LineFramer(new LineFramer.Sink() {
            @Override
            public void lineReceived(String line) {
                if (!line.isEmpty()) {
                    decode(line, MtSicsParser.this::emit);
                }
            }

            @Override
            public void irregularLineEnd(LineEnd kind, String line) {
                irregularLineEnds++;
                MtSicsParser.this.listener.irregularLineEnd(kind, line);
            }

            @Override
            public void lineTooLong(String firstBytes) {
                emit(new MtSicsResponse.Malformed(
                        "line longer than " + LineFramer.MAX_LINE_BYTES + " bytes, skipped to the next line end",
                        firstBytes));
            }
        });
    }

    /** Feeds bytes as the port delivered them; returns the responses completed by these bytes, in order. */
    public List<MtSicsResponse> feed(byte[] buf, int off, int len) {
        batch.clear();
        framer.feed(buf, off, len);
        return List.copyOf(batch);
    }

    public List<MtSicsResponse> feed(byte[] buf) {
        return feed(buf, 0, buf.length);
    }

    /** Forgets a partial line, e.g. after the port was reopened. */
    public void reset() {
        framer.reset();
    }

    /** How many lines so far ended with a bare LF or CR. */
    public long irregularLineEnds() {
        return irregularLineEnds;
    }

    private void emit(MtSicsResponse response) {
        batch.add(response);
        listener.responseReceived(response);
    }

    /**
     * Decodes one line without its terminator. Bytes outside printable ASCII before a decodable frame (line
     * noise, a device waking up) are reported as one malformed value and the frame after them is still decoded.
     */
    static void decode(String line, Consumer<MtSicsResponse> out) {
        int lastNoise = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                lastNoise = i;
            }
        }
        if (lastNoise < 0) {
            out.accept(decodeClean(line));
            return;
        }
        MtSicsResponse tail = lastNoise + 1 < line.length() ? decodeClean(line.substring(lastNoise + 1)) : null;
        if (tail != null && !(tail instanceof MtSicsResponse.Malformed)) {
            out.accept(new MtSicsResponse.Malformed(
                    (lastNoise + 1) + " garbage byte(s) before a frame", line.substring(0, lastNoise + 1)));
            out.accept(tail);
        } else {
            out.accept(new MtSicsResponse.Malformed("non-printable bytes in line", line));
        }
    }

    private static MtSicsResponse decodeClean(String line) {
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
            return MtSicsFormat.GENERAL_ERRORS.contains(id)
                    ? new MtSicsResponse.GeneralError(id, line)
                    : malformed("unknown response '" + id + "'", line);
        }
        if (!KNOWN_IDS.contains(id)) {
            return malformed("unknown response id '" + id + "'", line);
        }
        String status = tokens.get(1);
        List<String> rest = tokens.subList(2, tokens.size());
        switch (id) {
            case "S":
            case "SI":
            case "SIR":
            case "SNR":
            case "SR":
                if (status.equals("S") || status.equals("D")) {
                    return weightOrError(id, status.equals("S"), rest, line);
                }
                break;
            case "T":
            case "TI":
                if (status.equals("S") && !rest.isEmpty()) {
                    return tare(id, rest, line);
                }
                break;
            case "TA":
                if (status.equals("A") && !rest.isEmpty()) {
                    return tare(id, rest, line);
                }
                break;
            default:
                if (IDENTITY_IDS.contains(id) && (status.equals("A") || status.equals("B")) && !rest.isEmpty()) {
                    List<String> fields = new ArrayList<>();
                    for (String token : rest) {
                        fields.add(unquote(token));
                    }
                    return new MtSicsResponse.Identity(id, fields, line, status.equals("B"));
                }
        }
        if (!MtSicsFormat.STATUSES.contains(status)) {
            return malformed("unknown status '" + status + "' for " + id, line);
        }
        if (!rest.isEmpty()) {
            return malformed("unexpected data after status '" + status + "' for " + id, line);
        }
        return new MtSicsResponse.Status(id, status, line);
    }

    private static MtSicsResponse weightOrError(String id, boolean stable, List<String> rest, String line) {
        if (!rest.isEmpty() && rest.get(0).equals("Error")) {
            Matcher m = rest.size() == 2 ? HARDWARE_ERROR.matcher(rest.get(1)) : null;
            if (m == null || !m.matches()) {
                return malformed("hardware error without a code like 3t or 10b", line);
            }
            return new MtSicsResponse.HardwareError(Integer.parseInt(m.group(1)), m.group(2).equals("t"), line);
        }
        if (rest.size() != 2) {
            return malformed(id + " weight needs a value and a unit, got " + rest.size() + " field(s)", line);
        }
        String value = rest.get(0);
        String unit = rest.get(1);
        if (!NUMBER.matcher(value).matches()) {
            return malformed("weight value is not a number: '" + value + "'", line);
        }
        if (WeightUnit.fromSymbol(unit).isEmpty()) {
            return malformed("unknown weight unit '" + unit + "'", line);
        }
        return new MtSicsResponse.Weight(stable, new BigDecimal(value), unit, line);
    }

    private static MtSicsResponse tare(String id, List<String> rest, String line) {
        if (rest.size() != 2) {
            return malformed(id + " tare needs a value and a unit, got " + rest.size() + " field(s)", line);
        }
        String value = rest.get(0);
        String unit = rest.get(1);
        if (!NUMBER.matcher(value).matches()) {
            return malformed("tare value is not a number: '" + value + "'", line);
        }
        if (WeightUnit.fromSymbol(unit).isEmpty()) {
            return malformed("unknown weight unit '" + unit + "'", line);
        }
        return new MtSicsResponse.Tare(id, new BigDecimal(value), unit, line);
    }

    private static MtSicsResponse malformed(String reason, String line) {
        return new MtSicsResponse.Malformed(reason, line);
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
