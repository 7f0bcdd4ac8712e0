package org.touchstone.hq.risk;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a risk profile written by headquarters' analysts in YAML, and checks all of it, so that every problem is
 * named at once with its line and path ({@code line 12: rules[1].match.originCountry: 'Mali' is not ISO 3166
 * alpha-2}). The rules' shape is plan contract 5.
 */
public final class RiskProfileReader {

    public static final int MAX_RULES = 1000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern HS_PREFIX = Pattern.compile("\\d{2,4}(\\.\\d{1,2}(\\.?\\d{1,2})?)?");
    private static final Set<String> TOP = Set.of("version", "rules");
    private static final Set<String> RULE = Set.of("id", "match", "minXrfShotsPerItem", "waterWeighingRequired",
            "minimumLane", "reason");
    private static final Set<String> MATCH = Set.of("declarant", "originCountry", "hsPrefix", "postId");

    private final ObjectMapper yaml;

    public RiskProfileReader() {
        YAMLFactory factory = YAMLFactory.builder().build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.yaml = new ObjectMapper(factory);
    }

    /**
     * @param source named in the messages (the file)
     * @throws RiskProfileException listing every problem found
     */
    public RiskProfile read(String text, String source) throws RiskProfileException {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new RiskProfileException(source, List.of(line + "not valid YAML: " + e.getOriginalMessage()));
        }
        Map<String, Integer> lines = lines(text);
        Problems p = new Problems(lines);
        if (root == null || !root.isObject()) {
            throw new RiskProfileException(source, List.of("the document must be a mapping with version and rules"));
        }
        unknown(root, TOP, "", p);
        long version = 0;
        JsonNode v = root.get("version");
        if (v == null || v.isNull()) {
            p.add("", "version", "missing (a whole number that grows with each profile published)");
        } else if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1) {
            p.add("", "version", "must be a whole number >= 1, was: " + v);
        } else {
            version = v.asLong();
        }
        List<RiskProfile.Rule> rules = new ArrayList<>();
        JsonNode rs = root.get("rules");
        if (rs == null || rs.isNull()) {
            p.add("", "rules", "missing (an empty list withdraws every rule)");
        } else if (!rs.isArray()) {
            p.add("", "rules", "must be a list");
        } else if (rs.size() > MAX_RULES) {
            p.add("", "rules", "more than " + MAX_RULES + " rules");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < rs.size(); i++) {
                RiskProfile.Rule rule = rule(rs.get(i), "rules[" + i + "]", p, ids);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        if (!p.list.isEmpty()) {
            throw new RiskProfileException(source, p.list);
        }
        return new RiskProfile(version, rules);
    }

    private RiskProfile.Rule rule(JsonNode n, String path, Problems p, Set<String> ids) {
        int before = p.list.size();
        if (!n.isObject()) {
            p.add(path, "", "must be a mapping (id, match, requirements, reason)");
            return null;
        }
        unknown(n, RULE, path, p);
        String id = text(n, "id", path, p, true, 64);
        if (id != null && !ID.matcher(id).matches()) {
            p.add(path, "id", "'" + id + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        } else if (id != null && !ids.add(id)) {
            p.add(path, "id", "'" + id + "' is used by an earlier rule");
        }
        String declarant = null;
        String originCountry = null;
        String hsPrefix = null;
        String postId = null;
        JsonNode m = n.get("match");
        String mp = path + ".match";
        if (m == null || m.isNull()) {
            p.add(path, "match", "missing: name declarant, originCountry, hsPrefix or postId");
        } else if (!m.isObject()) {
            p.add(path, "match", "must be a mapping");
        } else {
            unknown(m, MATCH, mp, p);
            declarant = text(m, "declarant", mp, p, false, 200);
            originCountry = text(m, "originCountry", mp, p, false, 2);
            if (originCountry != null && !COUNTRY.matcher(originCountry).matches()) {
                p.add(mp, "originCountry", "'" + originCountry + "' is not an ISO 3166 alpha-2 code (ML, CD, PE)");
            }
            hsPrefix = text(m, "hsPrefix", mp, p, false, 12);
            if (hsPrefix != null && !HS_PREFIX.matcher(hsPrefix).matches()) {
                p.add(mp, "hsPrefix", "'" + hsPrefix + "' is not the start of an HS code (71, 7108, 7108.12)");
            }
            postId = text(m, "postId", mp, p, false, 64);
            if (postId != null && !ID.matcher(postId).matches()) {
                p.add(mp, "postId", "'" + postId + "' is not a post id");
            }
            if (declarant == null && originCountry == null && hsPrefix == null && postId == null
                    && MATCH.stream().noneMatch(m::has)) {
                p.add(path, "match", "names nothing: a rule that matches every consignment belongs in the posts'"
                        + " configuration; name declarant, originCountry, hsPrefix or postId");
            }
        }
        Integer shots = null;
        JsonNode s = n.get("minXrfShotsPerItem");
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || s.asInt() < 1 || s.asInt() > 50) {
                p.add(path, "minXrfShotsPerItem", "must be a whole number 1..50, was: " + s);
            } else {
                shots = s.asInt();
            }
        }
        Boolean water = null;
        JsonNode w = n.get("waterWeighingRequired");
        if (w != null && !w.isNull()) {
            if (!w.isBoolean()) {
                p.add(path, "waterWeighingRequired", "must be true or false, was: " + w);
            } else {
                water = w.asBoolean();
            }
        }
        String lane = text(n, "minimumLane", path, p, false, 10);
        if (lane != null && !lane.equals("YELLOW") && !lane.equals("RED")) {
            p.add(path, "minimumLane", "'" + lane + "' must be YELLOW or RED (GREEN would require nothing)");
            lane = null;
        }
        if (!n.has("minXrfShotsPerItem") && !n.has("waterWeighingRequired") && !n.has("minimumLane")) {
            p.add(path, "", "requires nothing: set minXrfShotsPerItem, waterWeighingRequired or minimumLane");
        }
        String reason = text(n, "reason", path, p, true, 500);
        if (reason != null && reason.isBlank()) {
            p.add(path, "reason", "must not be blank: the post shows it in the verdict's reasons");
        }
        return p.list.size() == before
                ? new RiskProfile.Rule(id, new RiskProfile.Match(declarant, originCountry, hsPrefix, postId), shots,
                water, lane, reason) : null;
    }

    private static String text(JsonNode n, String field, String path, Problems p, boolean required, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                p.add(path, field, "missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            p.add(path, field, "must be text, was: " + v);
            return null;
        }
        if (v.asText().length() > max) {
            p.add(path, field, "longer than " + max + " characters");
            return null;
        }
        return v.asText();
    }

    private static void unknown(JsonNode n, Set<String> known, String path, Problems p) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                p.add(path, f, "unknown key; known here: " + new java.util.TreeSet<>(known));
            }
        }
    }

    /** The line of every key, by its path ({@code rules[1].match.originCountry}). */
    private Map<String, Integer> lines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = yaml.getFactory().createParser(text)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.START_OBJECT && parser.getParsingContext().getParent() != null
                        && parser.getParsingContext().getParent().inArray()) {
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    lines.putIfAbsent(pathOf(pointer), parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            // Read once already; without lines the paths still name every problem.
        }
        return lines;
    }

    /** {@code /rules/1/match/originCountry} to {@code rules[1].match.originCountry}. */
    private static String pathOf(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(part).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }

    private static final class Problems {
        private final Map<String, Integer> lines;
        private final List<String> list = new ArrayList<>();

        Problems(Map<String, Integer> lines) {
            this.lines = lines;
        }

        void add(String path, String field, String problem) {
            String full = path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
            Integer line = lines.get(full);
            if (line == null) {
                line = lines.get(path);
            }
            list.add((line == null ? "" : "line " + line + ": ") + full + ": " + problem);
        }
    }
}
