package org.touchstone.agent.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.touchstone.agent.assessment.Finding;
import org.touchstone.agent.assessment.FinenessResult;
import org.touchstone.agent.assessment.ItemAssessment;
import org.touchstone.agent.assessment.MassResult;
import org.touchstone.agent.assessment.Verdict;

/** A verdict in words, for the console and the replay: a summary, then the findings, items and limits. */
public final class VerdictText {
    private VerdictText() {
    }

    public static String summary(Verdict v) {
        if (!v.findings().isEmpty()) {
            return v.findings().size() + " finding(s)";
        }
        return v.complete() ? "every item measured; mass and fineness consistent with the declaration"
                : "measuring: " + v.items().stream().filter(i -> !i.complete())
                .map(i -> i.itemId() + " needs " + String.join(", ", i.missing())).collect(Collectors.joining("; "));
    }

    /** The lines under the summary; empty while the inspection is pending without findings. */
    public static List<String> details(Verdict v) {
        List<String> lines = new ArrayList<>();
        for (Finding f : v.findings()) {
            lines.add("! " + f.code() + " (" + f.severity() + "): " + f.message());
        }
        if (v.complete() || !v.findings().isEmpty()) {
            for (ItemAssessment i : v.items()) {
                lines.add("item " + i.itemId() + ": " + mass(i.mass()) + "; " + fineness(i.fineness()));
            }
            v.notTested().forEach(n -> lines.add("not tested: " + n));
        }
        return lines;
    }

    static String mass(MassResult m) {
        return m == null ? "not weighed" : String.format(Locale.ROOT, "mass %.2f g vs %.2f g declared (±%.2f g allowed)",
                m.measuredGrams(), m.declaredGrams(), m.allowedGrams());
    }

    static String fineness(FinenessResult f) {
        return f == null ? "fineness not assessed" : String.format(Locale.ROOT,
                "%s %.2f %% ± %.2f (k=1, %d shots) vs %.2f %% declared%s", f.metal(), f.meanPercent(),
                f.standardUncertainty(), f.shots(), f.declaredPercent(), f.belowDeclared() ? " BELOW" : "");
    }
}
