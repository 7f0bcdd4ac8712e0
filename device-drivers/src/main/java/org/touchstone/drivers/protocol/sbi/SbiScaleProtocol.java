package org.touchstone.drivers.protocol.sbi;

import org.touchstone.drivers.protocol.scale.LineScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.WeightKind;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sartorius SBI as a {@link ScaleProtocol}: polls with {@code ESC P} (or listens to a balance set to auto-print),
 * asks {@code ESC x2_} for the serial number, and decodes the 16- and 22-character outputs.
 *
 * <p>SBI has no stability flag: the unit field is blank while the value moves (numat/sartorius). An unstable
 * output therefore carries no unit; the parser uses the unit of the last stable output, or
 * {@link #unitWhenUnknown} before the first one.
 */
public final class SbiScaleProtocol implements ScaleProtocol {

    public static final String NAME = "sartorius-sbi";
    private static final Pattern NUMBER = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)");
    /** ID codes of the 22-character format this parser gives a meaning to. */
    static final java.util.Set<String> ID_CODES = java.util.Set.of("N", "G", "G#", "T", "T1", "T2", "PT2");
    private static final Pattern ERR = Pattern.compile("Err\\s*(\\d{1,3})");

    private final WeightUnit unitWhenUnknown;

    public SbiScaleProtocol() {
        this(WeightUnit.G);
    }

    /** @param unitWhenUnknown the unit of unstable outputs until the first stable output names one */
    public SbiScaleProtocol(WeightUnit unitWhenUnknown) {
        this.unitWhenUnknown = Objects.requireNonNull(unitWhenUnknown, "unitWhenUnknown must not be null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScaleParser newParser() {
        return new Parser(unitWhenUnknown);
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

    /** SBI unit symbols that {@link WeightUnit#fromSymbol} does not know. */
    static Optional<WeightUnit> unit(String symbol) {
        String s = symbol.trim().toLowerCase(Locale.ROOT);
        if (s.equals("tlh")) {
            return Optional.of(WeightUnit.TAEL);
        }
        if (s.equals("o")) {
            return Optional.empty();
        }
        return WeightUnit.fromSymbol(s);
    }

    /** Decodes SBI output lines. */
    public static final class Parser extends LineScaleParser {
        private final WeightUnit unitWhenUnknown;
        private WeightUnit lastUnit;
        private boolean expectingIdentity;

        public Parser(WeightUnit unitWhenUnknown) {
            this.unitWhenUnknown = unitWhenUnknown;
        }

        @Override
        public void expectIdentity() {
            expectingIdentity = true;
        }

        @Override
        public void reset() {
            super.reset();
            expectingIdentity = false;
        }

        @Override
        protected void decode(String line, Consumer<ScaleMessage> out) {
            ScaleMessage decoded = decodeExact(line);
            if (decoded instanceof ScaleMessage.Malformed && line.length() > SbiFormat.BODY_LENGTH) {
                // Garbage before a frame: the frame is the fixed-length tail, with an ID code only if it is a known one.
                for (int len : new int[] {SbiFormat.ID_BODY_LENGTH, SbiFormat.BODY_LENGTH}) {
                    if (len >= line.length() || (len == SbiFormat.ID_BODY_LENGTH && !ID_CODES.contains(
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
            if (decoded instanceof ScaleMessage.Malformed && expectingIdentity && printable(line)
                    && !line.isBlank()) {
                expectingIdentity = false;
                out.accept(new ScaleMessage.Identity(line.trim(), line));
                return;
            }
            out.accept(decoded);
        }

        private ScaleMessage decodeExact(String line) {
            if (!printable(line)) {
                return new ScaleMessage.Malformed("non-printable bytes in line", line);
            }
            Matcher err = ERR.matcher(line.trim());
            if (err.matches()) {
                return new ScaleMessage.Refused("balance error " + err.group(1) + " (Err)", line);
            }
            if (line.startsWith("Stat")) {
                String rest = line.substring(4).trim();
                return rest.startsWith("ERR")
                        ? new ScaleMessage.Fault("balance status error " + rest.substring(3).trim(), line)
                        : new ScaleMessage.Refused("balance shows status " + rest + " instead of a value", line);
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
            char open = body.charAt(1);
            char close = body.charAt(10);
            if ((sign != '+' && sign != '-' && sign != ' ') || (open != ' ' && open != '[')
                    || (close != ' ' && close != ']')) {
                return new ScaleMessage.Malformed("not an SBI output: sign, bracket or separator out of place", line);
            }
            String value = body.substring(2, 10).trim();
            switch (value) {
                case "H": return new ScaleMessage.Refused("overload (H)", line);
                case "L": return new ScaleMessage.Refused("underload (L)", line);
                case "C": return new ScaleMessage.Refused("calibration in progress (C)", line);
                default:
            }
            if (!NUMBER.matcher(value).matches()) {
                return new ScaleMessage.Malformed("value is not a number: '" + value + "'", line);
            }
            String unitText = body.substring(11, 14).trim();
            boolean stable = !unitText.isEmpty();
            WeightUnit unit;
            if (stable) {
                Optional<WeightUnit> u = unit(unitText);
                if (u.isEmpty()) {
                    return new ScaleMessage.Malformed("unknown weight unit '" + unitText + "'", line);
                }
                unit = u.get();
                lastUnit = unit;
            } else {
                unit = lastUnit == null ? unitWhenUnknown : lastUnit;
            }
            BigDecimal number = new BigDecimal(value);
            if (sign == '-') {
                number = number.negate();
            }
            String asSent = (sign == ' ' ? "" : String.valueOf(sign)) + value;
            switch (id) {
                case "N":
                    return new ScaleMessage.Weight(number, asSent, unit, stable, WeightKind.NET, null, line);
                case "G":
                case "G#":
                    return new ScaleMessage.Weight(number, asSent, unit, stable, WeightKind.GROSS, null, line);
                case "T":
                case "T1":
                case "T2":
                case "PT2":
                    return new ScaleMessage.Acknowledged("tare " + asSent + " " + unit.symbol(), line);
                default:
                    return new ScaleMessage.Weight(number, asSent, unit, stable, WeightKind.DISPLAYED, null, line);
            }
        }
    }
}
