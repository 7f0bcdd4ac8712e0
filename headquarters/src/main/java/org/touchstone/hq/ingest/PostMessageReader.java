package org.touchstone.hq.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads what posts publish (the agent's topics and payloads, README "MQTT topics and payloads", and contract 4's
 * chain heads) into {@link PostMessage}s. Unknown fields are allowed and kept in the payload; a missing or
 * mistyped field that headquarters needs makes the message unreadable, with the field named.
 */
public final class PostMessageReader {

    /** Larger than any verdict a post sends (a 10-item verdict with its raw readings is about 50 KB). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_TEXT = 64 * 1024;

    private final String root;
    private final JsonMapper json;

    public PostMessageReader(String topicRoot) {
        this.root = topicRoot;
        JsonMapper m = JsonMapper.builder().build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                .maxStringLength(MAX_BYTES).maxNumberLength(64).build());
        this.json = m;
    }

    /** The topic filters of what {@link #read} understands, below {@code <root>/+/}. */
    public List<String> eventFilters() {
        return List.of(root + "/+/inspections/+/verdict", root + "/+/alerts", root + "/+/devices/+/status");
    }

    public String chainHeadFilter() {
        return root + "/+/chain/head";
    }

    public List<String> stateFilters() {
        return List.of(root + "/+/status", root + "/+/bridge/state");
    }

    public PostMessage read(String topic, byte[] payload) throws UnreadableMessageException {
        String[] level = topic.split("/", -1);
        if (level.length < 3 || !level[0].equals(root)) {
            throw new UnreadableMessageException("topic " + topic + " is not below " + root + "/<post>/");
        }
        String postId = level[1];
        if (!ID.matcher(postId).matches() || postId.equals("hq")) {
            throw new UnreadableMessageException("topic " + topic + ": '" + postId + "' is not a post id");
        }
        if (payload.length > MAX_BYTES) {
            throw new UnreadableMessageException("payload of " + payload.length + " bytes is over " + MAX_BYTES);
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(level, 2, level.length));
        if (rest.equals("bridge/state")) {
            return bridge(topic, postId, payload);
        }
        JsonNode node = parse(payload);
        Fields f = new Fields(node);
        PostMessage message;
        if (level.length == 5 && level[2].equals("inspections") && level[4].equals("verdict")) {
            message = verdict(topic, postId, level[3], node, f);
        } else if (rest.equals("alerts")) {
            message = alert(topic, postId, node, f);
        } else if (level.length == 5 && level[2].equals("devices") && level[4].equals("status")) {
            message = deviceStatus(topic, postId, level[3], node, f);
        } else if (rest.equals("chain/head")) {
            message = chainHead(topic, postId, node, f);
        } else if (rest.equals("status")) {
            message = new PostMessage.Presence(topic, node, postId, f.oneOf("state", true, "online", "offline"));
        } else {
            throw new UnreadableMessageException("topic " + topic + " is not one headquarters reads");
        }
        String payloadPost = f.text("postId", false);
        if (payloadPost != null && !payloadPost.equals(postId)) {
            f.problem("postId: '" + payloadPost + "' differs from the topic's post '" + postId + "'");
        }
        f.throwIfAny();
        return message;
    }

    private JsonNode parse(byte[] payload) throws UnreadableMessageException {
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new UnreadableMessageException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableMessageException("cannot read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new UnreadableMessageException("payload must be a JSON object");
        }
        return node;
    }

    private PostMessage bridge(String topic, String postId, byte[] payload) throws UnreadableMessageException {
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        if (!text.equals("1") && !text.equals("0")) {
            throw new UnreadableMessageException("bridge state must be 1 or 0, was: '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("bridge", text);
        return new PostMessage.BridgeState(topic, node, postId, text.equals("1"));
    }

    private PostMessage verdict(String topic, String postId, String declarationId, JsonNode node, Fields f)
            throws UnreadableMessageException {
        String messageId = f.messageId();
        int revision = f.integer("revision", true, 1);
        PostMessage.VerdictBody body = verdictBody(f);
        if (body != null && !declarationId.equals(body.declarationId())) {
            f.problem("declarationId: '" + body.declarationId() + "' differs from the topic's '" + declarationId + "'");
        }
        return new PostMessage.Verdict(topic, node, messageId, postId, revision, body);
    }

    private PostMessage alert(String topic, String postId, JsonNode node, Fields f) {
        String messageId = f.messageId();
        String alertId = f.text("alertId", true);
        int revision = f.integer("revision", true, 1);
        String state = f.oneOf("state", true, "RAISED", "UPDATED", "ACKNOWLEDGED", "CLOSED");
        String declarationId = f.text("declarationId", true);
        String lane = f.oneOf("lane", true, "PENDING", "GREEN", "YELLOW", "RED");
        Instant raisedAt = f.instant("raisedAt", false);
        Instant updatedAt = f.instant("updatedAt", false);
        Fields ack = f.object("acknowledgement", false);
        Fields closure = f.object("closure", false);
        Fields verdictFields = f.object("verdict", false);
        PostMessage.VerdictBody verdict = verdictFields == null ? null
                : verdictBody(verdictFields);
        if (verdict != null && declarationId != null && !declarationId.equals(verdict.declarationId())) {
            f.problem("verdict.declarationId: '" + verdict.declarationId() + "' differs from declarationId '"
                    + declarationId + "'");
        }
        return new PostMessage.Alert(topic, node, messageId, postId, alertId, revision, state, declarationId, lane,
                raisedAt, updatedAt,
                ack == null ? null : ack.text("by", false), ack == null ? null : ack.instant("at", false),
                closure == null ? null : closure.oneOf("outcome", true, "RELEASED", "DETAINED", "SAMPLED", "SEIZED"),
                closure == null ? null : closure.text("by", false),
                closure == null ? null : closure.instant("at", false),
                closure == null ? null : closure.text("note", false), verdict);
    }

    /** A verdict's fields, at the top of a verdict message or under {@code verdict} in an alert. */
    private PostMessage.VerdictBody verdictBody(Fields f) {
        String declarationId = f.text("declarationId", true);
        String lane = f.oneOf("lane", true, "PENDING", "GREEN", "YELLOW", "RED");
        boolean complete = f.bool("complete", false);
        Instant assessedAt = f.instant("assessedAt", true);
        Map<String, PostMessage.Item> items = new LinkedHashMap<>();
        List<PostMessage.Finding> findings = new ArrayList<>();
        List<PostMessage.TrustObservation> untrusted = new ArrayList<>();
        List<Fields> findingNodes = f.array("findings");
        for (Fields fn : findingNodes) {
            String code = fn.text("code", true);
            String itemId = fn.text("itemId", true);
            String severity = fn.oneOf("severity", true, "GREEN", "YELLOW", "RED");
            String message = fn.text("message", false);
            JsonNode evidence = fn.node.path("evidence");
            findings.add(new PostMessage.Finding(code, itemId, severity, message == null ? "" : message,
                    evidence.isObject() ? evidence : JsonNodeFactory.instance.objectNode()));
            // An untrusted-device finding names each device and its trust when the item was measured.
            if ("UNTRUSTED_DEVICE".equals(evidence.path("reason").asText(null))) {
                for (JsonNode d : evidence.path("devices")) {
                    String deviceId = d.path("deviceId").asText(null);
                    String trust = d.path("trust").asText(null);
                    if (deviceId != null && ID.matcher(deviceId).matches() && trust != null && trust.length() <= 32) {
                        untrusted.add(new PostMessage.TrustObservation(deviceId, trust,
                                truncate(d.path("reason").asText(null)), null, assessedAt));
                    }
                }
            }
        }
        for (Fields in : f.array("items")) {
            String itemId = in.text("itemId", true);
            if (itemId == null) {
                continue;
            }
            JsonNode mass = in.node.path("mass");
            JsonNode fineness = in.node.path("fineness");
            items.put(itemId, new PostMessage.Item(itemId,
                    fineness.path("metal").isTextual() ? fineness.path("metal").asText() : null, null,
                    number(mass.path("declaredGrams")), number(mass.path("measuredGrams")),
                    number(fineness.path("meanPercent"))));
        }
        // What the post knew of the declaration, when the payload carries it (declarant and origin for the
        // national statistics, the declared metal and heading per item).
        String declarant = null;
        String originCountry = null;
        Fields declaration = f.object("declaration", false);
        if (declaration != null) {
            declarant = declaration.text("declarant", false);
            originCountry = declaration.text("originCountry", false);
            for (Fields di : declaration.array("items")) {
                String itemId = di.text("itemId", true);
                if (itemId == null) {
                    continue;
                }
                PostMessage.Item known = items.get(itemId);
                String metal = di.text("metal", false);
                items.put(itemId, new PostMessage.Item(itemId,
                        metal != null ? metal : known == null ? null : known.metal(), di.text("hsCode", false),
                        known != null && known.declaredGrams() != null ? known.declaredGrams()
                                : number(di.node.path("netMassGrams")),
                        known == null ? null : known.measuredGrams(), known == null ? null : known.finenessPercent()));
            }
        }
        return new PostMessage.VerdictBody(declarationId, lane, complete, assessedAt, declarant, originCountry,
                findings, List.copyOf(items.values()), untrusted);
    }

    private PostMessage deviceStatus(String topic, String postId, String deviceId, JsonNode node, Fields f) {
        String messageId = f.messageId();
        String payloadDevice = f.text("deviceId", false);
        if (payloadDevice != null && !payloadDevice.equals(deviceId)) {
            f.problem("deviceId: '" + payloadDevice + "' differs from the topic's device '" + deviceId + "'");
        }
        String state = f.text("state", true);
        String detail = f.text("detail", false);
        Instant at = f.instant("at", true);
        PostMessage.TrustObservation trust = null;
        Fields t = f.object("trust", false);
        if (t != null) {
            trust = new PostMessage.TrustObservation(deviceId,
                    t.oneOf("state", true, "TRUSTED", "CHECK_DUE", "FAILED", "UNKNOWN"), t.text("reason", false),
                    t.instant("nextDue", false), at);
        }
        return new PostMessage.DeviceStatus(topic, node, messageId, postId, deviceId, state, detail, at, trust);
    }

    private PostMessage chainHead(String topic, String postId, JsonNode node, Fields f) {
        String messageId = f.messageId();
        Long seq = f.longValue("seq", true);
        String hash = f.text("hash", true);
        if (hash != null && !hash.matches("[0-9a-f]{64}")) {
            f.problem("hash: must be 64 lower-case hex digits (SHA-256)");
        }
        Instant at = f.instant("at", false);
        Long previousSeq = f.longValue("previousSeq", false);
        String previousHash = f.text("previousHash", false);
        if ((previousSeq == null) != (previousHash == null)) {
            f.problem("previousSeq and previousHash: both or neither");
        }
        Long anchorSeq = f.longValue("anchorSeq", false);
        if (anchorSeq != null && seq != null && anchorSeq > seq) {
            f.problem("anchorSeq: " + anchorSeq + " is after seq " + seq);
        }
        String mac = f.text("mac", false);
        if (mac != null && !mac.matches("[0-9a-fA-F]{64}")) {
            f.problem("mac: must be 64 hex digits (HMAC-SHA256)");
        }
        return new PostMessage.ChainHead(topic, node, messageId, postId, seq == null ? -1 : seq, hash, at,
                previousSeq, previousHash, anchorSeq, mac);
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    /** Field access that collects problems instead of stopping at the first one. */
    private static final class Fields {
        private final JsonNode node;
        private final String prefix;
        private final List<String> problems;

        Fields(JsonNode node) {
            this(node, "", new ArrayList<>());
        }

        private Fields(JsonNode node, String prefix, List<String> problems) {
            this.node = node;
            this.prefix = prefix;
            this.problems = problems;
        }

        void problem(String p) {
            problems.add(prefix + p);
        }

        void throwIfAny() throws UnreadableMessageException {
            if (!problems.isEmpty()) {
                throw new UnreadableMessageException(String.join("; ", problems));
            }
        }

        String messageId() {
            String id = text("messageId", true);
            if (id != null && (id.length() > 200 || id.isBlank())) {
                problem("messageId: must be 1-200 characters");
            }
            return id;
        }

        String text(String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    problem(field + ": missing");
                }
                return null;
            }
            if (!v.isTextual()) {
                problem(field + ": must be text, was " + v.getNodeType().name().toLowerCase());
                return null;
            }
            String s = v.asText();
            if (s.length() > MAX_TEXT) {
                problem(field + ": longer than " + MAX_TEXT + " characters");
                return null;
            }
            return s;
        }

        String oneOf(String field, boolean required, String... allowed) {
            String s = text(field, required);
            if (s != null && !List.of(allowed).contains(s)) {
                problem(field + ": '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "' is not one of "
                        + String.join(", ", allowed));
                return null;
            }
            return s;
        }

        boolean bool(String field, boolean dflt) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                problem(field + ": must be true or false");
                return dflt;
            }
            return v.asBoolean();
        }

        int integer(String field, boolean required, int min) {
            Long v = longValue(field, required);
            if (v == null) {
                return min;
            }
            if (v < min || v > Integer.MAX_VALUE) {
                problem(field + ": must be " + min + ".." + Integer.MAX_VALUE + ", was " + v);
                return min;
            }
            return v.intValue();
        }

        Long longValue(String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    problem(field + ": missing");
                }
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                problem(field + ": must be a whole number >= 0");
                return null;
            }
            return v.asLong();
        }

        Instant instant(String field, boolean required) {
            String s = text(field, required);
            if (s == null) {
                return null;
            }
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                problem(field + ": '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s)
                        + "' is not an ISO-8601 instant (2026-11-28T15:29:46Z)");
                return null;
            }
        }

        Fields object(String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    problem(field + ": missing");
                }
                return null;
            }
            if (!v.isObject()) {
                problem(field + ": must be an object");
                return null;
            }
            return new Fields(v, prefix + field + ".", problems);
        }

        List<Fields> array(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                problem(field + ": must be an array");
                return List.of();
            }
            List<Fields> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isObject()) {
                    problem(field + "[" + i + "]: must be an object");
                    continue;
                }
                out.add(new Fields(v.get(i), prefix + field + "[" + i + "].", problems));
            }
            return out;
        }
    }
}
