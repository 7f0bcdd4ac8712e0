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
import java.util.List;
import java.util.regex.Pattern;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.reading.ElementResult;
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
        if (label == null) {
            label = text(root, "itemId", false, problems);
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
            return new XrfReading(device, testNumber, mode, label, duration, receivedAt, elements,
                    new String(payload, StandardCharsets.UTF_8));
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
        if (problems.size() > before) {
            return;
        }
        try {
            out.add(new ElementResult(symbol, percent, uncertainty, k, below, lod));
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
        if (r.itemId() != null) {
            root.put("sampleLabel", r.itemId());
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
        }
        return root.toString();
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
