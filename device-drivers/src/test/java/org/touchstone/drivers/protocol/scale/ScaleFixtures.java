package org.touchstone.drivers.protocol.scale;

import org.touchstone.drivers.reading.WeightKind;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the fixture tables beside the codec tests ({@code name | bytes | expected ; expected}) and prints decoded
 * messages in the tables' notation. Exactly one space on each side of the bytes column is padding, so frames that
 * start or end with spaces keep them.
 */
public final class ScaleFixtures {

    /** One row: where it comes from, its name, the bytes as a port would deliver them, the expected messages. */
    public record Case(String table, String name, byte[] bytes, List<String> expected) {
        @Override
        public String toString() {
            return table + ": " + name;
        }
    }

    private static final Pattern REPEAT = Pattern.compile("\\{(\\d+) x (.)}");

    private ScaleFixtures() {
    }

    public static List<Case> load(String resource) {
        try (InputStream in = ScaleFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture not found: " + resource);
            }
            List<Case> cases = new ArrayList<>();
            for (String row : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (row.isBlank() || row.startsWith("#")) {
                    continue;
                }
                String[] cols = row.split("\\|", 3);
                String bytes = cols[1].substring(1, cols[1].length() - 1);
                List<String> expected = Arrays.stream(cols[2].split(";")).map(String::trim).toList();
                cases.add(new Case(resource, cols[0].trim(), unescape(bytes), expected));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns {@code \r \n \xNN} and {@code {N x C}} into bytes (ISO-8859-1 otherwise). */
    public static byte[] unescape(String text) {
        Matcher m = REPEAT.matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(expanded, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(expanded);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = expanded.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                if (next == 'r' || next == 'n') {
                    out.write(next == 'r' ? '\r' : '\n');
                    i++;
                    continue;
                }
                if (next == 'x') {
                    out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 3;
                    continue;
                }
            }
            out.write(c);
        }
        return out.toByteArray();
    }

    public static String describe(ScaleMessage m) {
        if (m instanceof ScaleMessage.Weight w) {
            StringBuilder sb = new StringBuilder("Weight(").append(w.stable() ? "S" : "D").append(',')
                    .append(w.value().toPlainString()).append(',').append(w.unit().symbol());
            if (w.kind() != WeightKind.DISPLAYED) {
                sb.append(',').append(w.kind());
            }
            if (w.tare() != null) {
                sb.append(",tare=").append(w.tare().toPlainString());
            }
            if (w.resolution() != null) {
                sb.append(",res=").append(w.resolution().toPlainString());
            }
            return sb.append(')').toString();
        }
        if (m instanceof ScaleMessage.Identity i) {
            return "Identity(" + i.serialNumber() + ")";
        }
        if (m instanceof ScaleMessage.Acknowledged a) {
            return "Ack(" + a.what() + ")";
        }
        if (m instanceof ScaleMessage.Condition c) {
            return "Condition(" + c.state() + ": " + c.detail() + ")";
        }
        if (m instanceof ScaleMessage.Refused r) {
            return "Refused(" + r.reason() + ")";
        }
        if (m instanceof ScaleMessage.Fault f) {
            return "Fault(" + f.reason() + ")";
        }
        return "Malformed(" + ((ScaleMessage.Malformed) m).reason() + ")";
    }

    /** Weights and identities must be equal; for the others the expected text must be part of the reason. */
    public static boolean matches(String expected, ScaleMessage actual) {
        String described = describe(actual);
        if (expected.startsWith("Weight(") || expected.startsWith("Identity(")) {
            return expected.equals(described);
        }
        int open = expected.indexOf('(');
        return open > 0 && described.startsWith(expected.substring(0, open + 1))
                && described.contains(expected.substring(open + 1, expected.length() - 1));
    }
}
