package org.touchstone.drivers.protocol.mtsics;

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
import java.util.stream.Collectors;

/** Loads the fixture table beside the codec tests and prints decoded responses in the table's notation. */
final class MtSicsFixtures {

    /** One table row: a name, the bytes as a port would deliver them, the expected responses in order. */
    record Case(String name, byte[] bytes, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Pattern REPEAT = Pattern.compile("\\{(\\d+) x (.)}");

    private MtSicsFixtures() {
    }

    static List<Case> load(String resource) {
        try (InputStream in = MtSicsFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture not found: " + resource);
            }
            List<Case> cases = new ArrayList<>();
            for (String row : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (row.isBlank() || row.startsWith("#")) {
                    continue;
                }
                String[] cols = row.split("\\|", 3);
                List<String> expected = Arrays.stream(cols[2].split(";")).map(String::trim).collect(Collectors.toList());
                cases.add(new Case(cols[0].trim(), unescape(cols[1].trim()), expected));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns {@code \r \n \xNN} and {@code {N x C}} into bytes. */
    static byte[] unescape(String text) {
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
                if (next == 'r') {
                    out.write('\r');
                    i++;
                    continue;
                }
                if (next == 'n') {
                    out.write('\n');
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

    static String describe(MtSicsResponse r) {
        if (r instanceof MtSicsResponse.Weight w) {
            return "Weight(" + (w.stable() ? "S" : "D") + "," + w.value().toPlainString() + "," + w.unitSymbol() + ")";
        }
        if (r instanceof MtSicsResponse.Tare t) {
            return "Tare(" + t.command() + "," + t.value().toPlainString() + "," + t.unitSymbol() + ")";
        }
        if (r instanceof MtSicsResponse.Status s) {
            return "Status(" + s.command() + "," + s.status() + ")";
        }
        if (r instanceof MtSicsResponse.Identity i) {
            return "Identity(" + i.command() + "," + i.fields() + ")";
        }
        if (r instanceof MtSicsResponse.GeneralError g) {
            return "GeneralError(" + g.code() + ")";
        }
        if (r instanceof MtSicsResponse.HardwareError h) {
            return "HardwareError(" + h.code() + "," + (h.fromTerminal() ? "t" : "b") + ")";
        }
        MtSicsResponse.Malformed m = (MtSicsResponse.Malformed) r;
        return "Malformed(" + m.reason() + ")";
    }

    /** Expected {@code Malformed(x)} matches any malformed value whose reason contains x; others must be equal. */
    static boolean matches(String expected, MtSicsResponse actual) {
        String described = describe(actual);
        if (expected.startsWith("Malformed(") && actual instanceof MtSicsResponse.Malformed m) {
            return m.reason().contains(expected.substring("Malformed(".length(), expected.length() - 1));
        }
        return expected.equals(described);
    }
}
