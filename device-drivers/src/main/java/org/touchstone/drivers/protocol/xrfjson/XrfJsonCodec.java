package org.touchstone.drivers.protocol.xrfjson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.GradeMatch;
import org.touchstone.drivers.reading.XrfReading;

/**
 * The JSON payload of one XRF test as an instrument gateway (or the simulator) publishes it over MQTT.
 * Decoding is strict and bounded, because the payload comes from the network: every problem is reported
 * with the field that holds it.
 *
 * <pre>{@code
 * {"deviceId":"xrf-1","testNumber":"17","mode":"PreciousMetals","sampleLabel":"DEMO-1/1",
 *  "durationSeconds":10.0,
 *  "elements":[{"element":"Au","percent":99.95,"uncertainty":0.08,"coverageFactor":2},
 *              {"element":"Hg","belowDetection":true,"detectionLimit":0.005}]}
 * }</pre>
 *
 * <p>Optional fields added later, all ignored by older readers: {@code analyzerModel}, {@code analyzerSerial}
 * (also read under their first names {@code model} and {@code serialNumber}),
 * {@code startedAt} (ISO-8601 instant), {@code operator}, {@code itemId} (when the binding differs from the
 * label), {@code gradeMatches} ({@code [{"grade":"24K","quality":0.98}]}) and per element {@code flags}
 * ({@code ["OUT_OF_CALIBRATION_HIGH"]}).
 */
public final class XrfJsonCodec {

    /** Larger payloads are refused before parsing. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final int MAX_ELEMENTS = 120;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");

    private final ObjectMapper mapper;

    public XrfJsonCodec() {
        JsonMapper m = JsonMapper.builder().disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(16 * 1024).maxNumberLength(40).build());
        this.mapper = m;
    }

    /**
     * Reads one payload.
     *
     * @param source     where it came from, used in error messages (e.g. the topic)
     * @param deviceId   the device id the transport knows (from the topic); the payload may not contradict it
     * @param receivedAt the agent's receive time
     */
    public XrfReading decode(byte[] payload, String source, String deviceId, Instant receivedAt)
            throws MalformedInputException {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new MalformedInputException(source, "payload of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_BYTES);
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new MalformedInputException(source, "not valid JSON: " + e.getOriginalMessage()
                    + location(e));
        } catch (java.io.IOException e) {
            throw new MalformedInputException(source, "unreadable payload: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedInputException(source, "payload must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        String payloadDevice = text(root, "deviceId", false, problems);
        if (payloadDevice != null && deviceId != null && !payloadDevice.equals(deviceId)) {
            problems.add("deviceId: '" + payloadDevice + "' contradicts the topic's device '" + deviceId + "'");
        }
        String device = deviceId != null ? deviceId : payloadDevice;
        if (device == null) {
            problems.add("deviceId: missing");
        }
        String testNumber = text(root, "testNumber", false, problems);
        String mode = text(root, "mode", false, problems);
        String label = text(root, "sampleLabel", false, problems);
        String itemId = text(root, "itemId", false, problems);
        if (itemId == null) {
            itemId = label;
        }
        // serialNumber and model are the names the first README gave; a gateway written from it must not have its
        // analyzer's serial dropped silently, so they are read as the same fields.
        String model = aliased(root, "analyzerModel", "model", problems);
        String serial = aliased(root, "analyzerSerial", "serialNumber", problems);
        String operator = freeText(root, "operator", problems);
        Instant startedAt = null;
        String started = freeText(root, "startedAt", problems);
        if (started != null) {
            try {
                startedAt = Instant.parse(started);
            } catch (java.time.format.DateTimeParseException e) {
                problems.add("startedAt: '" + abbreviate(started) + "' is not an ISO-8601 instant such as 2026-03-14T11:31:00Z");
            }
        }
        List<GradeMatch> grades = new ArrayList<>();
        JsonNode gm = root.get("gradeMatches");
        if (gm != null && !gm.isNull()) {
            if (!gm.isArray() || gm.size() > 10) {
                problems.add("gradeMatches: must be an array of at most 10 entries");
            } else {
                for (int i = 0; i < gm.size(); i++) {
                    String path = "gradeMatches[" + i + "]";
                    JsonNode g = gm.get(i);
                    String grade = g.isObject() ? freeText(g, "grade", problems, path) : null;
                    Double quality = g.isObject() && g.has("quality") ? number(g, "quality", 0.0, problems, path) : null;
                    if (grade == null) {
                        problems.add(path + ".grade: missing");
                    } else {
                        grades.add(new GradeMatch(grade, quality));
                    }
                }
            }
        }
        double duration = number(root, "durationSeconds", 0.0, problems);
        List<ElementResult> elements = new ArrayList<>();
        JsonNode els = root.get("elements");
        if (els == null || !els.isArray()) {
            problems.add("elements: must be an array");
        } else if (els.size() > MAX_ELEMENTS) {
            problems.add("elements: " + els.size() + " entries exceed the limit of " + MAX_ELEMENTS);
        } else {
            for (int i = 0; i < els.size(); i++) {
                readElement(els.get(i), "elements[" + i + "]", elements, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new MalformedInputException(source, String.join("; ", problems));
        }
        try {
            return new XrfReading(device, testNumber, mode, itemId, duration, receivedAt, elements,
                    new String(payload, StandardCharsets.UTF_8), model, serial, startedAt, operator, label, grades);
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(source, e.getMessage());
        }
    }

    private static void readElement(JsonNode n, String path, List<ElementResult> out, List<String> problems) {
        if (n == null || !n.isObject()) {
            problems.add(path + ": must be an object");
            return;
        }
        int before = problems.size();
        String symbol = text(n, "element", true, problems, path);
        boolean below = n.path("belowDetection").asBoolean(false);
        if (n.has("belowDetection") && !n.get("belowDetection").isBoolean()) {
            problems.add(path + ".belowDetection: must be true or false");
        }
        Double lod = n.has("detectionLimit") ? number(n, "detectionLimit", 0.0, problems, path) : null;
        double percent = below ? 0.0 : number(n, "percent", Double.NaN, problems, path);
        double uncertainty = below ? 0.0 : number(n, "uncertainty", Double.NaN, problems, path);
        double k = below ? 1.0 : number(n, "coverageFactor", Double.NaN, problems, path);
        Set<ElementResult.Flag> flags = EnumSet.noneOf(ElementResult.Flag.class);
        JsonNode f = n.get("flags");
        if (f != null && !f.isNull()) {
            if (!f.isArray() || f.size() > ElementResult.Flag.values().length) {
                problems.add(path + ".flags: must be an array of " + List.of(ElementResult.Flag.values()));
            } else {
                for (JsonNode flag : f) {
                    try {
                        flags.add(ElementResult.Flag.valueOf(flag.asText()));
                    } catch (IllegalArgumentException e) {
                        problems.add(path + ".flags: unknown flag '" + abbreviate(flag.asText()) + "'; known: "
                                + List.of(ElementResult.Flag.values()));
                    }
                }
            }
        }
        if (problems.size() > before) {
            return;
        }
        try {
            out.add(new ElementResult(symbol, percent, uncertainty, k, below, lod, flags));
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field, boolean required, List<String> problems) {
        return text(n, field, required, problems, null);
    }

    private static String text(JsonNode n, String field, boolean required, List<String> problems, String path) {
        String where = path == null ? field : path + "." + field;
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(where + ": missing");
            }
            return null;
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            problems.add(where + ": must be a string");
            return null;
        }
        String s = v.asText();
        if (!"element".equals(field) && !ID.matcher(s).matches()) {
            problems.add(where + ": '" + abbreviate(s) + "' is not an identifier (1-64 of A-Z a-z 0-9 . _ : / -)");
            return null;
        }
        return s;
    }

    /** A field that may also arrive under an older name; both with different values is a contradiction. */
    private static String aliased(JsonNode n, String field, String olderName, List<String> problems) {
        String value = freeText(n, field, problems);
        String older = freeText(n, olderName, problems);
        if (value != null && older != null && !value.equals(older)) {
            problems.add(olderName + ": '" + abbreviate(older) + "' contradicts " + field + " '" + abbreviate(value)
                    + "'; send " + field + " only");
        }
        return value != null ? value : older;
    }

    /** Names and labels people type (operators, grades): printable text, bounded, no control characters. */
    private static String freeText(JsonNode n, String field, List<String> problems) {
        return freeText(n, field, problems, null);
    }

    private static String freeText(JsonNode n, String field, List<String> problems, String path) {
        String where = path == null ? field : path + "." + field;
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            problems.add(where + ": must be a string");
            return null;
        }
        String s = v.asText();
        // No control characters, and no bidi overrides or isolates (U+202A-202E, U+2066-2069), which reorder text.
        if (s.isBlank() || s.length() > 128 || s.chars().anyMatch(c -> Character.isISOControl(c)
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069)) {
            problems.add(where + ": '" + abbreviate(s) + "' must be 1-128 printable characters");
            return null;
        }
        return s;
    }

    private static double number(JsonNode n, String field, double absent, List<String> problems) {
        return number(n, field, absent, problems, null);
    }

    private static double number(JsonNode n, String field, double absent, List<String> problems, String path) {
        String where = path == null ? field : path + "." + field;
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (Double.isNaN(absent)) {
                problems.add(where + ": missing");
            }
            return absent;
        }
        if (!v.isNumber()) {
            problems.add(where + ": must be a number, was " + abbreviate(v.toString()));
            return absent;
        }
        return v.asDouble();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** Writes a reading as the payload above; {@code raw} is not part of it. */
    public String encode(XrfReading r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("deviceId", r.deviceId());
        if (r.testNumber() != null) {
            root.put("testNumber", r.testNumber());
        }
        if (r.mode() != null) {
            root.put("mode", r.mode());
        }
        String label = r.sampleLabel() != null ? r.sampleLabel() : r.itemId();
        if (label != null) {
            root.put("sampleLabel", label);
        }
        if (r.itemId() != null && !r.itemId().equals(label)) {
            root.put("itemId", r.itemId());
        }
        putIfPresent(root, "analyzerModel", r.analyzerModel());
        putIfPresent(root, "analyzerSerial", r.analyzerSerial());
        putIfPresent(root, "operator", r.operator());
        if (r.startedAt() != null) {
            root.put("startedAt", r.startedAt().toString());
        }
        if (!r.gradeMatches().isEmpty()) {
            ArrayNode gm = root.putArray("gradeMatches");
            for (GradeMatch g : r.gradeMatches()) {
                ObjectNode o = gm.addObject();
                o.put("grade", g.grade());
                if (g.quality() != null) {
                    o.put("quality", g.quality());
                }
            }
        }
        root.put("durationSeconds", r.durationSeconds());
        ArrayNode els = root.putArray("elements");
        for (ElementResult e : r.elements()) {
            ObjectNode o = els.addObject();
            o.put("element", e.element());
            if (e.belowDetection()) {
                o.put("belowDetection", true);
            } else {
                o.put("percent", round(e.percent()));
                o.put("uncertainty", round(e.uncertainty()));
                o.put("coverageFactor", e.coverageFactor());
            }
            if (e.detectionLimit() != null) {
                o.put("detectionLimit", round(e.detectionLimit()));
            }
            if (!e.flags().isEmpty()) {
                ArrayNode flags = o.putArray("flags");
                e.flags().stream().sorted().forEach(f -> flags.add(f.name()));
            }
        }
        return root.toString();
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1_000_000.0) / 1_000_000.0;
    }
}
