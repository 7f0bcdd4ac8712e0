package org.touchstone.agent.assessment;

import java.util.Map;
import java.util.Objects;

/**
 * A selectivity rule that applies to one inspection: headquarters' risk profile matched the declaration when the
 * inspection opened (package {@code org.touchstone.agent.risk}). The assessment asks for at least
 * {@code minXrfShotsPerItem} shots per item and a weighing in water when required, keeps the lane at least at
 * {@code minimumLane}, and names the rule in a {@link FindingCode#RISK_PROFILE} finding on every item. Fixed when the
 * inspection opens and journaled with the declaration, so a later profile never changes an open inspection and a
 * recovered one is decided the same way.
 *
 * @param profileVersion         the version of the profile the rule came from
 * @param minXrfShotsPerItem     null: the policy's {@code minXrfShots}
 * @param waterWeighingRequired  a weighing in water is asked for every item
 * @param minimumLane            null, YELLOW or RED
 * @param matched                what matched (declarant, originCountry, hsPrefix, postId)
 */
public record Selectivity(long profileVersion, String ruleId, String reason, Integer minXrfShotsPerItem,
                          boolean waterWeighingRequired, Lane minimumLane, Map<String, String> matched) {
    public Selectivity {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(reason, "reason");
        if (minimumLane == Lane.PENDING) {
            throw new IllegalArgumentException("minimumLane: YELLOW or RED, not PENDING");
        }
        matched = matched == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(matched));
    }

    /** What the rule asks for, in words: "at least 5 XRF shots per item, a weighing in water, at least RED". */
    public String requirementsInWords() {
        java.util.List<String> words = new java.util.ArrayList<>();
        if (minXrfShotsPerItem != null) {
            words.add("at least " + minXrfShotsPerItem + " XRF shots per item");
        }
        if (waterWeighingRequired) {
            words.add("a weighing in water");
        }
        if (minimumLane != null) {
            words.add("lane at least " + minimumLane);
        }
        return String.join(", ", words);
    }

    /** "risk profile 7, rule gold-ml". */
    public String name() {
        return "risk profile " + profileVersion + ", rule " + ruleId;
    }
}
