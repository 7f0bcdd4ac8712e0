package org.touchstone.drivers.protocol.mtsics;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes MT-SICS commands and responses byte for byte as a balance and its host do. The agent uses it for
 * commands and the simulator for responses, so the instrument and the agent cannot drift apart.
 */
public final class MtSicsFormat {

    /** Every MT-SICS line ends with CR LF. */
    public static final String CRLF = "\r\n";
    /** Width of the right-aligned weight field on MT-SICS balances ({@code S S     100.00 g}). */
    public static final int VALUE_FIELD_WIDTH = 10;
    static final Set<String> STATUSES = Set.of("A", "B", "I", "L", "+", "-");
    static final Set<String> GENERAL_ERRORS = Set.of("ES", "ET", "EL");
    private static final Pattern COMMAND_NAME = Pattern.compile("@|[A-Z][A-Z0-9]*");

    public static final byte[] SEND_STABLE = command("S");
    public static final byte[] SEND_IMMEDIATELY = command("SI");
    /** {@code SIR}: weight immediately and repeat, until {@code @} or {@code C}. */
    public static final byte[] SEND_IMMEDIATELY_REPEAT = command("SIR");
    /** {@code C}: cancel pending commands (answered {@code C B} then {@code C A}). */
    public static final byte[] CANCEL = command("C");
    public static final byte[] ZERO = command("Z");
    public static final byte[] ZERO_IMMEDIATELY = command("ZI");
    public static final byte[] TARE = command("T");
    public static final byte[] TARE_QUERY = command("TA");
    public static final byte[] TARE_CLEAR = command("TAC");
    public static final byte[] BALANCE_DATA = command("I2");
    public static final byte[] SERIAL_NUMBER = command("I4");
    /** {@code @}: cancel everything and reset; the balance answers in I4 format. */
    public static final byte[] RESET = command("@");

    private MtSicsFormat() {
    }

    /**
     * A command line: the upper-case name, parameters separated by single spaces, CR LF. Text parameters must
     * already carry their double quotes ({@link #quoted}).
     */
    public static byte[] command(String name, String... parameters) {
        if (name == null || !COMMAND_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("command name must be upper-case letters and digits or @, was: " + name);
        }
        StringBuilder sb = new StringBuilder(name);
        for (String p : parameters) {
            sb.append(' ').append(Objects.requireNonNull(p, "parameter must not be null"));
        }
        return bytes(sb.append(CRLF).toString());
    }

    public static String quoted(String text) {
        if (text == null || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("quoted text must not be null or hold quotes or line ends, was: " + text);
        }
        return '"' + text + '"';
    }

    /** {@code S S     100.00 g} or {@code S D      -0.68 g}: the value right-aligned in a 10-character field. */
    public static byte[] weight(boolean stable, BigDecimal value, String unitSymbol) {
        return bytes("S " + (stable ? "S" : "D") + " " + field(value) + " " + requireUnit(unitSymbol) + CRLF);
    }

    /** {@code T S     12.34 g} after a tare, {@code TA A     12.34 g} for a tare query. */
    public static byte[] tare(String command, String status, BigDecimal value, String unitSymbol) {
        return bytes(command + " " + status + " " + field(value) + " " + requireUnit(unitSymbol) + CRLF);
    }

    /** A status-only answer such as {@code Z A}, {@code S I}, {@code S +}, {@code TAC A}. */
    public static byte[] status(String command, String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + STATUSES + ", was: " + status);
        }
        return bytes(command + " " + status + CRLF);
    }

    /** {@code I4 A "B207696838"}: each field quoted, separated by a space. */
    public static byte[] identity(String command, List<String> fields) {
        StringBuilder sb = new StringBuilder(command).append(" A");
        for (String f : fields) {
            sb.append(' ').append(quoted(f));
        }
        return bytes(sb.append(CRLF).toString());
    }

    /** One line of a multi-line answer: {@code I50 B 0 535.141 g} while more follow, {@code A} on the last. */
    public static byte[] multiLine(String command, boolean more, List<String> fields) {
        StringBuilder sb = new StringBuilder(command).append(more ? " B" : " A");
        for (String f : fields) {
            sb.append(' ').append(Objects.requireNonNull(f, "field must not be null"));
        }
        return bytes(sb.append(CRLF).toString());
    }

    /** {@code ES}, {@code ET} or {@code EL}: two characters and nothing else. */
    public static byte[] generalError(String code) {
        if (!GENERAL_ERRORS.contains(code)) {
            throw new IllegalArgumentException("code must be one of " + GENERAL_ERRORS + ", was: " + code);
        }
        return bytes(code + CRLF);
    }

    /** {@code S S    Error 3t}: a hardware error where the weight would be (the spacing is the manual's). */
    public static byte[] hardwareError(int code, boolean fromTerminal) {
        if (code < 0) {
            throw new IllegalArgumentException("code must be >= 0, was: " + code);
        }
        return bytes("S S    Error " + code + (fromTerminal ? "t" : "b") + CRLF);
    }

    private static String field(BigDecimal value) {
        String text = Objects.requireNonNull(value, "value must not be null").toPlainString();
        return text.length() >= VALUE_FIELD_WIDTH ? text : " ".repeat(VALUE_FIELD_WIDTH - text.length()) + text;
    }

    private static String requireUnit(String unitSymbol) {
        if (unitSymbol == null || unitSymbol.isBlank() || unitSymbol.contains(" ")) {
            throw new IllegalArgumentException("unitSymbol must be one word such as g, was: " + unitSymbol);
        }
        return unitSymbol;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
