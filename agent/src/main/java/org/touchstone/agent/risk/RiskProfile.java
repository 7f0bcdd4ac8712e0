package org.touchstone.agent.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Selectivity;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclaredItem;

/**
 * Headquarters' selectivity rules as a post received them on {@code <root>/hq/risk-profiles} (plan contract 5,
 * docs/mqtt/risk-profiles.schema.json), read by {@link RiskProfileParser}.
 */
public record RiskProfile(String messageId, long version, Instant issuedAt, List<Rule> rules) {

    public RiskProfile {
        rules = List.copyOf(rules);
    }

    /** Every field given must match; a field left out matches anything. */
    public record Match(String declarant, String originCountry, String hsPrefix, String postId) {
    }

    /**
     * @param minXrfShotsPerItem    null: not asked
     * @param minimumLane           null, YELLOW or RED
     */
    public record Rule(String id, Match match, Integer minXrfShotsPerItem, boolean waterWeighingRequired,
                       Lane minimumLane, String reason) {
    }

    /** {@code <root>/hq/risk-profiles}. */
    public static String topic(String topicRoot) {
        return topicRoot + "/hq/risk-profiles";
    }

    /**
     * The rules that match a declaration at this post, as the assessment applies them. The declarant is compared
     * without regard to case and surrounding or repeated spaces ("ACME  Gold sarl" is "Acme Gold SARL"); the origin
     * as an ISO code; the HS prefix against the start of any item's heading, dots ignored.
     */
    public List<Selectivity> rulesFor(Declaration declaration, String postId) {
        List<Selectivity> out = new ArrayList<>();
        for (Rule r : rules) {
            Map<String, String> matched = new LinkedHashMap<>();
            Match m = r.match();
            if (m.declarant() != null) {
                if (declaration.declarant() == null || !normal(m.declarant()).equals(normal(declaration.declarant()))) {
                    continue;
                }
                matched.put("declarant", declaration.declarant());
            }
            if (m.originCountry() != null) {
                if (declaration.originCountry() == null
                        || !m.originCountry().equalsIgnoreCase(declaration.originCountry().trim())) {
                    continue;
                }
                matched.put("originCountry", m.originCountry());
            }
            if (m.hsPrefix() != null) {
                String prefix = m.hsPrefix().replace(".", "");
                String hit = null;
                for (DeclaredItem item : declaration.items()) {
                    if (item.hsCode() != null && item.hsCode().replace(".", "").replace(" ", "").startsWith(prefix)) {
                        hit = item.hsCode();
                        break;
                    }
                }
                if (hit == null) {
                    continue;
                }
                matched.put("hsPrefix", m.hsPrefix());
            }
            if (m.postId() != null) {
                if (!m.postId().equals(postId)) {
                    continue;
                }
                matched.put("postId", postId);
            }
            out.add(new Selectivity(version, r.id(), r.reason(), r.minXrfShotsPerItem(), r.waterWeighingRequired(),
                    r.minimumLane(), matched));
        }
        return out;
    }

    private static String normal(String s) {
        return s.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
