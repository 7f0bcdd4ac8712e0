package org.touchstone.agent.assessment;

import java.time.Instant;
import java.util.List;

/**
 * The assessment of one inspection at one moment: the lane, the findings that decided it, per-item results,
 * and what the measurements could not test.
 *
 * @param complete  every item has the measurements the policy asks for
 * @param notTested limits of the inspection an inspector must know before acting on a green lane
 */
public record Verdict(String declarationId, Lane lane, boolean complete, List<Finding> findings,
                      List<ItemAssessment> items, List<String> notTested, Instant assessedAt) {
    public Verdict {
        findings = List.copyOf(findings);
        items = List.copyOf(items);
        notTested = List.copyOf(notTested);
    }

    /** Same decision (lane, completeness and finding codes per item), whatever the exact figures. */
    public boolean sameDecisionAs(Verdict other) {
        return other != null && lane == other.lane && complete == other.complete
                && findings.stream().map(f -> f.code() + "/" + f.itemId()).toList()
                .equals(other.findings.stream().map(f -> f.code() + "/" + f.itemId()).toList());
    }
}
