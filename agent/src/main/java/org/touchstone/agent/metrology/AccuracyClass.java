package org.touchstone.agent.metrology;

import java.util.Locale;

/**
 * OIML R 76-1 accuracy classes with the load bands (in verification intervals e) of the initial-verification
 * maximum permissible error: ±0.5 e up to the first bound, ±1 e up to the second, ±1.5 e above (Table 6).
 */
public enum AccuracyClass {
    I(50_000, 200_000),
    II(5_000, 20_000),
    III(500, 2_000),
    IIII(50, 200);

    private final long halfEBound;
    private final long oneEBound;

    AccuracyClass(long halfEBound, long oneEBound) {
        this.halfEBound = halfEBound;
        this.oneEBound = oneEBound;
    }

    /** Initial-verification MPE, in e, for a load expressed in e. */
    public double initialMpeInE(double loadInE) {
        double m = Math.abs(loadInE);
        if (m <= halfEBound) {
            return 0.5;
        }
        return m <= oneEBound ? 1.0 : 1.5;
    }

    public static AccuracyClass parse(String text) {
        String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        return switch (s) {
            case "I", "1" -> I;
            case "II", "2" -> II;
            case "III", "3" -> III;
            case "IIII", "4" -> IIII;
            default -> throw new IllegalArgumentException("accuracyClass must be I, II, III or IIII, was: '" + text + "'");
        };
    }
}
