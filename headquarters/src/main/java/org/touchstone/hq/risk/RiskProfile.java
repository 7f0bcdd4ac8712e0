package org.touchstone.hq.risk;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Selectivity rules headquarters sends back to every post (plan contract 5): for consignments matching a rule, at
 * least so many XRF shots per item, a water weighing, or a minimum lane, with the reason the post shows in the
 * verdict. A post works unchanged without any.
 *
 * @param version grows with every profile published; a post keeps the highest it has seen
 */
public record RiskProfile(long version, List<Rule> rules) {

    public RiskProfile {
        rules = List.copyOf(rules);
    }

    /** What a rule matches: every field given must match (and a missing one matches anything). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(String declarant, String originCountry, String hsPrefix, String postId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(String id, Match match, Integer minXrfShotsPerItem, Boolean waterWeighingRequired,
                       String minimumLane, String reason) {
    }

    /** The retained message: {@code {"messageId", "version", "issuedAt", "rules"}}. */
    public record Message(String messageId, long version, Instant issuedAt, List<Rule> rules) {
    }

    public Message message(Instant issuedAt) {
        return new Message("hq:risk-profiles:" + version, version, issuedAt, rules);
    }

    /** {@code <root>/hq/risk-profiles}. */
    public static String topic(String topicRoot) {
        return topicRoot + "/hq/risk-profiles";
    }
}
