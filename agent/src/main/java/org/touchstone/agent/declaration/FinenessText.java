package org.touchstone.agent.declaration;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fineness as declarants write it: ‰ (999.9), karat ("18K", "22 kt") and percent ("99.99 %"). Karats are read
 * as they are hallmarked, not as K/24: a 22K mark means 916 ‰, 14K 585, 9K 375, 24K 999 (docs/domain.md 2.2).
 * A plain number that looks like a percentage or a fraction (99.99, 0.9999) is refused, never guessed.
 */
final class FinenessText {

    private static final Pattern KARAT = Pattern.compile("(\\d{1,2}(?:\\.\\d+)?)\\s*(k|kt|ct|karat|carat)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)\\s*%");

    /** Karat to the fineness its hallmark stands for (UK, Vienna Convention, trade practice). */
    static final Map<Integer, BigDecimal> HALLMARKED = Map.ofEntries(
            Map.entry(24, new BigDecimal("999")), Map.entry(22, new BigDecimal("916")),
            Map.entry(21, new BigDecimal("875")), Map.entry(20, new BigDecimal("833")),
            Map.entry(18, new BigDecimal("750")), Map.entry(15, new BigDecimal("625")),
            Map.entry(14, new BigDecimal("585")), Map.entry(12, new BigDecimal("500")),
            Map.entry(10, new BigDecimal("417")), Map.entry(9, new BigDecimal("375")),
            Map.entry(8, new BigDecimal("333")));

    /** Standard finenesses (‰) whose tenth a percentage slip produces: 99.99 for 999.9, 91.6 for 916. */
    private static final double[] STANDARD = {999.9, 999.5, 999, 995, 990, 958.4, 958, 950, 925, 916, 900, 875, 850,
            833, 800, 750, 625, 585, 583.3, 500, 417, 375, 333};

    private FinenessText() {
    }

    record Parsed(BigDecimal mille, String problem, Optional<String> warning) {
    }

    static Parsed parse(String written) {
        Matcher k = KARAT.matcher(written);
        if (k.matches()) {
            BigDecimal karat = new BigDecimal(k.group(1));
            if (karat.signum() <= 0 || karat.compareTo(BigDecimal.valueOf(24)) > 0) {
                return new Parsed(null, "karat must be above 0 and at most 24, was " + written, Optional.empty());
            }
            if (karat.stripTrailingZeros().scale() <= 0 && HALLMARKED.containsKey(karat.intValue())) {
                return new Parsed(HALLMARKED.get(karat.intValue()), null, Optional.empty());
            }
            // No hallmark for it: K/24, rounded down so the declarant is not credited with more than written.
            BigDecimal mille = karat.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(24), 1, RoundingMode.DOWN);
            return new Parsed(mille, null, Optional.of(written + " is not a hallmarked karat; taken as K/24 = "
                    + mille.toPlainString() + " ‰"));
        }
        Matcher p = PERCENT.matcher(written);
        if (p.matches()) {
            BigDecimal percent = new BigDecimal(p.group(1));
            if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                return new Parsed(null, "a percentage must be above 0 and at most 100, was " + written, Optional.empty());
            }
            return new Parsed(percent.movePointRight(1), null, Optional.empty());
        }
        return new Parsed(null, "'" + written + "' is neither a number in ‰, a karat such as \"18K\", nor a"
                + " percentage such as \"99.99 %\"", Optional.empty());
    }

    /**
     * Why a plain number in ‰ is likely a unit slip, or null: at most 1 (a fraction such as 0.9999), or a tenth
     * of a standard fineness (99.99 for 999.9). Concentrates and ores, whose fineness is that low, are not asked.
     */
    static String unitSlip(BigDecimal mille) {
        double v = mille.doubleValue();
        if (v <= 1) {
            return "must be in ‰; " + mille.toPlainString() + " looks like a fraction (" + mille.toPlainString()
                    + " = " + mille.movePointRight(3).stripTrailingZeros().toPlainString() + " ‰?). Write it in ‰,"
                    + " or as a percentage such as \"99.99 %\"";
        }
        if (v < 100) {
            for (double s : STANDARD) {
                if (Math.abs(v * 10 - s) < 1e-9) {
                    return "must be in ‰; " + mille.toPlainString() + " looks like a percentage ("
                            + mille.movePointRight(1).stripTrailingZeros().toPlainString() + " ‰?). Write it in ‰,"
                            + " or as \"" + mille.toPlainString() + " %\"";
                }
            }
        }
        return null;
    }
}
