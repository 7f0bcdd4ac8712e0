package org.touchstone.agent.text;

/**
 * Limits for text that people and devices send (names, notes, ids, reasons): a length cap, and no characters that
 * could forge a log line or reorder what an officer reads. Refused: C0 and C1 control characters (line breaks
 * included, except where a note turns them into spaces), the bidirectional overrides and isolates U+202A-U+202E and
 * U+2066-U+2069, and lone surrogates. For text only shown (a log line, a reason quoting input), {@link #quote}
 * escapes and shortens instead.
 */
public final class FreeText {

    /** Names and short fields: a declarant, an officer id, a description line. */
    public static final int NAME = 256;
    /** An officer's note on an alert, a description. */
    public static final int NOTE = 2000;
    /** What a reason or a log line quotes of an input. */
    public static final int QUOTE = 60;

    private FreeText() {
    }

    /**
     * Why {@code text} is not acceptable as {@code field}, or null when it is.
     *
     * @param max the most characters (UTF-16 code units) allowed
     */
    public static String problem(String text, int max) {
        if (text == null) {
            return null;
        }
        if (text.length() > max) {
            return "longer than " + max + " characters (" + text.length() + ")";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (forbidden(c)) {
                return "contains the control character " + codePoint(c) + " at position " + (i + 1);
            }
            if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return "contains a broken character (lone surrogate) at position " + (i + 1);
            }
        }
        return null;
    }

    /**
     * Returns {@code text} when acceptable.
     *
     * @throws IllegalArgumentException naming {@code field} and the reason
     */
    public static String require(String text, String field, int max) {
        String problem = problem(text, max);
        if (problem != null) {
            throw new IllegalArgumentException(field + ": " + problem);
        }
        return text;
    }

    /** A note: line breaks and tabs become spaces (a note is one line in the journal and the log), then checked. */
    public static String note(String text, String field) {
        if (text == null) {
            return null;
        }
        if (text.length() > NOTE) {
            throw new IllegalArgumentException(field + ": longer than " + NOTE + " characters (" + text.length() + ")");
        }
        return require(text.replaceAll("\\r\\n|[\\r\\n\\t]", " "), field, NOTE);
    }

    /**
     * {@code text} made safe to quote in a reason or a log line: at most {@code max} characters, every control,
     * bidi or broken character written as {@code \\uXXXX}, and what was cut said.
     */
    public static String quote(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 16);
        int i = 0;
        for (; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            if (forbidden(c) || Character.isSurrogate(c)) {
                b.append(codePoint(c).replace("U+", "\\u"));
            } else {
                b.append(c);
            }
        }
        if (i < text.length()) {
            b.append("... (").append(text.length() - i).append(" more characters)");
        }
        return b.toString();
    }

    /** {@link #quote(String, int)} at {@link #QUOTE} characters. */
    public static String quote(String text) {
        return quote(text, QUOTE);
    }

    private static boolean forbidden(char c) {
        return Character.isISOControl(c) || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069'
                || c == '\u2028' || c == '\u2029';
    }

    private static String codePoint(char c) {
        return String.format(java.util.Locale.ROOT, "U+%04X", (int) c);
    }
}
