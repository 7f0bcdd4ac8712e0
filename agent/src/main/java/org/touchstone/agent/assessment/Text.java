package org.touchstone.agent.assessment;

import java.util.Locale;

/**
 * {@code String.format} for the verdict's texts, in {@link Locale#US}: for the conversions used here (%s, %d,
 * %.Nf, %+.Nf, no grouping) it writes exactly what {@link Locale#ROOT} writes (TextTest compares them over a grid),
 * but the JDK's Formatter looks up the locale's DecimalFormatSymbols for every number in any locale other than
 * US, which was a fifth of an assessment's time (issue 17).
 */
public final class Text {

    private Text() {
    }

    public static String format(String format, Object... args) {
        return String.format(Locale.US, format, args);
    }
}
