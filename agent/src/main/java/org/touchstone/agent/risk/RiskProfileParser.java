package org.touchstone.agent.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.touchstone.agent.assessment.Lane;

/**
 * Reads the retained risk-profile message a post receives, and checks all of it against the published contract
 * (docs/mqtt/risk-profiles.schema.json): a profile with any problem is refused whole, naming the first few problems
 * with their JSON paths, so a post never applies half a profile.
 */
public final class RiskProfileParser {

    /** A profile is a few rules; a megabyte is hostile. */
    public static final int MAX_BYTES = 1 << 20;
    public static final int MAX_RULES = 1000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern MESSAGE_ID = Pattern.compile("hq:risk-profiles:[0-9]+");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern HS_PREFIX = Pattern.compile("\\d{2,4}(\\.\\d{1,2}(\\.?\\d{1,2})?)?");
    private static final Set<String> TOP = Set.of("messageId", "version", "issuedAt", "rules");
    private static final Set<String> RULE = Set.of("id", "match", "minXrfShotsPerItem", "waterWeighingRequired",
            "minimumLane", "reason");
    private static final Set<String> MATCH = Set.of("declarant", "originCountry", "hsPrefix", "postId");

    private final ObjectMapper json;

    public RiskProfileParser(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param source named in the error (the topic, or the file the post kept)
     * @throws RiskProfileRefusedException naming what is wrong and where
     */
    public RiskProfile parse(byte[] payload, String source) throws RiskProfileRefusedException {
        if (payload.length > MAX_BYTES) {
            throw new RiskProfileRefusedException(source + ": risk profile refused: " + payload.length
                    + " bytes, more than " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr();
            throw new RiskProfileRefusedException(source + ": risk profile refused: not JSON" + at + ": "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new RiskProfileRefusedException(source + ": risk profile refused: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new RiskProfileRefusedException(source + ": risk profile refused: not a JSON object with messageId,"
                    + " version, issuedAt and rules");
        }
        unknown(root, TOP, "", problems);
        String messageId = text(root, "messageId", "", problems, true, 256);
        if (messageId != null && !MESSAGE_ID.matcher(messageId).matches()) {
            problems.add("messageId: '" + messageId + "' is not hq:risk-profiles:<version>");
        }
        long version = 0;
        JsonNode v = root.get("version");
        if (v == null || v.isNull()) {
            problems.add("version: missing");
        } else if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1) {
            problems.add("version: must be a whole number >= 1, was: " + clip(v));
        } else {
            version = v.asLong();
        }
        Instant issuedAt = null;
        String at = text(root, "issuedAt", "", problems, true, 64);
        if (at != null) {
            try {
                issuedAt = Instant.parse(at);
            } catch (DateTimeParseException e) {
                problems.add("issuedAt: '" + at + "' is not an ISO 8601 instant (2026-11-28T08:00:00Z)");
            }
        }
        List<RiskProfile.Rule> rules = new ArrayList<>();
        JsonNode rs = root.get("rules");
        if (rs == null || rs.isNull()) {
            problems.add("rules: missing (an empty list withdraws every rule)");
        } else if (!rs.isArray()) {
            problems.add("rules: must be a list");
        } else if (rs.size() > MAX_RULES) {
            problems.add("rules: " + rs.size() + " rules, more than " + MAX_RULES);
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < rs.size(); i++) {
                RiskProfile.Rule r = rule(rs.get(i), "rules[" + i + "]", problems, ids);
                if (r != null) {
                    rules.add(r);
                }
            }
        }
        if (messageId != null && version > 0 && MESSAGE_ID.matcher(messageId).matches()
                && !messageId.equals("hq:risk-profiles:" + version)) {
            problems.add("messageId: '" + messageId + "' does not name version " + version);
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(3, problems.size());
            throw new RiskProfileRefusedException(source + ": risk profile"
                    + (version > 0 ? " version " + version : "") + " refused, " + problems.size() + " problem(s): "
                    + String.join("; ", problems.subList(0, shown)) + (problems.size() > shown ? "; ..." : ""));
        }
        return new RiskProfile(messageId, version, issuedAt, rules);
    }

    private static RiskProfile.Rule rule(JsonNode n, String path, List<String> problems, Set<String> ids) {
        int before = problems.size();
        if (!n.isObject()) {
            problems.add(path + ": must be an object");
            return null;
        }
        unknown(n, RULE, path + ".", problems);
        String id = text(n, "id", path + ".", problems, true, 64);
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(path + ".id: '" + id + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        } else if (id != null && !ids.add(id)) {
            problems.add(path + ".id: '" + id + "' is used by an earlier rule");
        }
        RiskProfile.Match match = null;
        JsonNode m = n.get("match");
        String mp = path + ".match.";
        if (m == null || m.isNull()) {
            problems.add(path + ".match: missing");
        } else if (!m.isObject() || m.size() == 0) {
            problems.add(path + ".match: must be an object naming declarant, originCountry, hsPrefix or postId");
        } else {
            unknown(m, MATCH, mp, problems);
            String declarant = text(m, "declarant", mp, problems, false, 200);
            if (declarant != null && declarant.isBlank()) {
                problems.add(mp + "declarant: blank");
            }
            String origin = text(m, "originCountry", mp, problems, false, 2);
            if (origin != null && !COUNTRY.matcher(origin).matches()) {
                problems.add(mp + "originCountry: '" + origin + "' is not an ISO 3166 alpha-2 code");
            }
            String hs = text(m, "hsPrefix", mp, problems, false, 12);
            if (hs != null && !HS_PREFIX.matcher(hs).matches()) {
                problems.add(mp + "hsPrefix: '" + hs + "' is not the start of an HS code (71, 7108, 7108.12)");
            }
            String post = text(m, "postId", mp, problems, false, 64);
            if (post != null && !ID.matcher(post).matches()) {
                problems.add(mp + "postId: '" + post + "' is not a post id");
            }
            match = new RiskProfile.Match(declarant, origin, hs, post);
        }
        Integer shots = null;
        JsonNode s = n.get("minXrfShotsPerItem");
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || !s.canConvertToInt() || s.asInt() < 1 || s.asInt() > 50) {
                problems.add(path + ".minXrfShotsPerItem: must be a whole number 1..50, was: " + clip(s));
            } else {
                shots = s.asInt();
            }
        }
        boolean water = false;
        JsonNode w = n.get("waterWeighingRequired");
        if (w != null && !w.isNull()) {
            if (!w.isBoolean()) {
                problems.add(path + ".waterWeighingRequired: must be true or false, was: " + clip(w));
            } else {
                water = w.asBoolean();
            }
        }
        Lane lane = null;
        String l = text(n, "minimumLane", path + ".", problems, false, 10);
        if (l != null) {
            if (l.equals("YELLOW") || l.equals("RED")) {
                lane = Lane.valueOf(l);
            } else {
                problems.add(path + ".minimumLane: '" + l + "' must be YELLOW or RED");
            }
        }
        String reason = text(n, "reason", path + ".", problems, true, 500);
        if (reason != null && reason.isBlank()) {
            problems.add(path + ".reason: blank (the post shows it in the verdict's reasons)");
        }
        if (shots == null && !water && lane == null && problems.size() == before) {
            problems.add(path + ": requires nothing (minXrfShotsPerItem, waterWeighingRequired or minimumLane)");
        }
        return problems.size() == before ? new RiskProfile.Rule(id, match, shots, water, lane, reason) : null;
    }

    private static String text(JsonNode n, String field, String path, List<String> problems, boolean required,
                               int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(path + field + ": missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.add(path + field + ": must be text, was: " + clip(v));
            return null;
        }
        if (v.asText().length() > max) {
            problems.add(path + field + ": longer than " + max + " characters");
            return null;
        }
        return v.asText();
    }

    private static void unknown(JsonNode n, Set<String> known, String path, List<String> problems) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                problems.add(path + clip(f) + ": unknown field; known: " + new TreeSet<>(known));
            }
        }
    }

    private static String clip(Object o) {
        String s = String.valueOf(o);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
