package org.touchstone.agent.assessment;

import org.touchstone.agent.declaration.Metal;

/**
 * The class of an alloy by HS Chapter 71 note 5: an alloy with 2 % or more of platinum-group metals is a
 * platinum alloy; else with 2 % or more gold, a gold alloy; else with 2 % or more silver, a silver alloy; else it
 * is not a precious-metal alloy at all.
 */
public enum AlloyClass {
    PLATINUM("platinum alloy"), GOLD("gold alloy"), SILVER("silver alloy"), NOT_PRECIOUS("not a precious-metal alloy");

    static final double THRESHOLD_PERCENT = 2.0;

    private final String words;

    AlloyClass(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** Classifies on the means. */
    public static AlloyClass of(Composition c) {
        return of(c.platinumGroupPercent(), c.percent("Au"), c.percent("Ag"));
    }

    static AlloyClass of(double pgm, double au, double ag) {
        if (pgm >= THRESHOLD_PERCENT) {
            return PLATINUM;
        }
        if (au >= THRESHOLD_PERCENT) {
            return GOLD;
        }
        return ag >= THRESHOLD_PERCENT ? SILVER : NOT_PRECIOUS;
    }

    /**
     * True when the class cannot change within the measurement's uncertainty: every element that decides it is
     * clearly above or clearly below 2 % at {@code confidence}.
     */
    public static boolean decisive(Composition c, double confidence) {
        for (String symbol : new String[] {"Au", "Ag"}) {
            ElementEstimate e = c.element(symbol);
            if (Math.abs(e.meanPercent() - THRESHOLD_PERCENT) > 100 * e.standardUncertainty()) {
                continue;  // far from the threshold: no quantile needed
            }
            double k = e.coverageFactor(confidence);
            if (Math.abs(e.meanPercent() - THRESHOLD_PERCENT) <= k * e.standardUncertainty()) {
                return false;
            }
        }
        double pgm = c.platinumGroupPercent();
        double uPgm = Math.sqrt(Composition.PLATINUM_GROUP.stream()
                .mapToDouble(s -> c.element(s).standardUncertainty() * c.element(s).standardUncertainty()).sum());
        return Math.abs(pgm - THRESHOLD_PERCENT) > ElementEstimate.coverageFactor(Double.POSITIVE_INFINITY, confidence) * uPgm;
    }

    /** The class a declared metal belongs to. */
    public static AlloyClass of(Metal metal) {
        return switch (metal) {
            case AU -> GOLD;
            case AG -> SILVER;
            default -> PLATINUM;
        };
    }
}
