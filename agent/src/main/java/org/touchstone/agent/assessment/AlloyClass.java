package org.touchstone.agent.assessment;

import java.util.EnumSet;
import java.util.Set;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.agent.metrology.UncertaintyBudget;

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

    private enum Side { ABOVE, BELOW, UNCLEAR }

    /**
     * The classes the measurement leaves possible, deciding in note 5's order: platinum group, then gold, then
     * silver. A step shown above 2 % ends it, whatever the later metals read; a step shown below passes on to the
     * next; an unclear step keeps its class possible and passes on too. Each step's uncertainty includes the
     * shots and the calibration at that level. One class left means the class is decided.
     */
    static Set<AlloyClass> possible(Composition c, CalibrationTerms calibration, double confidence) {
        Set<AlloyClass> out = EnumSet.noneOf(AlloyClass.class);
        double pgm = 0;
        UncertaintyBudget pgmBudget = UncertaintyBudget.of();
        for (String s : Composition.PLATINUM_GROUP) {
            ElementEstimate e = c.element(s);
            if (e.meanPercent() > 0 || e.detectedIn() > 0) {
                pgm += e.meanPercent();
                for (var comp : e.components()) {
                    pgmBudget = pgmBudget.plus(comp);
                }
            }
        }
        if (pgm > 0) {
            pgmBudget = pgmBudget.plus(calibration.at("Pt", pgm));
        }
        Side platinum = side(pgm, pgmBudget, confidence);
        if (platinum == Side.ABOVE) {
            return EnumSet.of(PLATINUM);
        }
        if (platinum == Side.UNCLEAR) {
            out.add(PLATINUM);
        }
        Side gold = side(c.element("Au"), calibration, confidence);
        if (gold != Side.BELOW) {
            out.add(GOLD);
            if (gold == Side.ABOVE) {
                return out;
            }
        }
        Side silver = side(c.element("Ag"), calibration, confidence);
        if (silver != Side.BELOW) {
            out.add(SILVER);
        }
        if (silver != Side.ABOVE) {
            out.add(NOT_PRECIOUS);
        }
        return out;
    }

    private static Side side(ElementEstimate e, CalibrationTerms calibration, double confidence) {
        if (e.shots() == 0 || e.meanPercent() == 0 && e.detectedIn() == 0) {
            return Side.BELOW;
        }
        UncertaintyBudget b = e.budget().plus(calibration.at(e.element(), e.meanPercent()));
        return side(e.meanPercent(), b, confidence);
    }

    private static Side side(double mean, UncertaintyBudget b, double confidence) {
        double u = b.standardUncertainty();
        if (Math.abs(mean - THRESHOLD_PERCENT) > 100 * u) {
            return mean > THRESHOLD_PERCENT ? Side.ABOVE : Side.BELOW;  // far from 2 %: no quantile needed
        }
        double t = b.oneSidedFactor(confidence);
        if (mean - t * u >= THRESHOLD_PERCENT) {
            return Side.ABOVE;
        }
        return mean + t * u < THRESHOLD_PERCENT ? Side.BELOW : Side.UNCLEAR;
    }

    /** The class a declared metal belongs to; no precious metal declared is NOT_PRECIOUS. */
    public static AlloyClass of(Metal metal) {
        if (metal == null) {
            return NOT_PRECIOUS;
        }
        return switch (metal) {
            case AU -> GOLD;
            case AG -> SILVER;
            default -> PLATINUM;
        };
    }
}
