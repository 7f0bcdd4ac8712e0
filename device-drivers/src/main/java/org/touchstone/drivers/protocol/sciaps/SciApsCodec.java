package org.touchstone.drivers.protocol.sciaps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.Elements;
import org.touchstone.drivers.reading.GradeMatch;
import org.touchstone.drivers.reading.XrfReading;

/**
 * The JSON of the SciAps remote API (SciAps/SciApsApi, published by the vendor): the analyzer's identity and a
 * test result. {@code XTestResult = {status, abortedByUser, errorCode, spectra[], testData}}, where
 * {@code testData} is an {@code AnalysisResult = {mode, timestamp, durationMs, ..., modelName, chemistry[],
 * firstGradeMatch, firstGradeMatchScore, second..., third..., gradeLibraryName}} and each {@code chemistry[]}
 * entry is {@code {atomicNumber, percent, uncertainty, flags}}.
 *
 * <p>Flags are a bitmask: 1 ERROR (the value is infinite or failed: the element is left out and the problem
 * reported), 2 NOMINAL, 8 LESS_LOD (below detection; the API gives no limit), 32 LE (light-element balance),
 * 64 OCR_MINUS and 128 OCR_PLUS (outside the calibration range). The API does not state the coverage factor of
 * {@code uncertainty}; the caller supplies it from configuration. A {@code timestamp} above 10^11 is read as
 * milliseconds, otherwise as seconds. The writer is what the simulator serves, so both sides share one mapping.
 */
public final class SciApsCodec {

    public static final int FLAG_ERROR = 1;
    public static final int FLAG_NOMINAL = 2;
    public static final int FLAG_LESS_LOD = 8;
    public static final int FLAG_LE = 32;
    public static final int FLAG_OCR_MINUS = 64;
    public static final int FLAG_OCR_PLUS = 128;
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final String[] ORDINALS = {"first", "second", "third"};

    /** A decoded test: the reading and what was left out of it, each naming its field. */
    public record Decoded(XrfReading reading, List<String> problems) {
    }

    private final ObjectMapper mapper;

    public SciApsCodec() {
        JsonMapper m = JsonMapper.builder().build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(MAX_BYTES).build());
        this.mapper = m;
    }

    public SciApsIdentity decodeIdentity(byte[] json, String source) throws MalformedInputException {
        JsonNode root = read(json, source);
        String family = text(root, "family");
        String serial = text(root, "serialNumber");
        if (serial == null) {
            serial = text(root, "serial");
        }
        if (serial == null) {
            serial = text(root, "id");
        }
        String model = text(root, "model");
        if (model == null && root.path("models").isArray() && root.path("models").size() > 0) {
            model = root.path("models").get(0).asText();
        }
        List<String> apps = new ArrayList<>();
        root.path("apps").forEach(a -> apps.add(a.asText()));
        return new SciApsIdentity(family, serial, model, apps);
    }

    /**
     * Reads a test result. A failed or aborted test, or one without {@code testData.chemistry}, is refused; a bad
     * element is left out and named in {@link Decoded#problems()}.
     *
     * @param coverageFactor k of the API's {@code uncertainty}
     */
    public Decoded decodeTest(byte[] json, String source, String deviceId, SciApsIdentity identity,
                              double coverageFactor, Instant receivedAt) throws MalformedInputException {
        JsonNode root = read(json, source);
        if (root.path("abortedByUser").asBoolean(false)) {
            throw new MalformedInputException(source, "abortedByUser: the test was aborted; no result");
        }
        if (root.has("errorCode") && root.get("errorCode").asInt(0) != 0) {
            throw new MalformedInputException(source, "errorCode: the analyzer reports error "
                    + root.get("errorCode").asText() + "; no result");
        }
        JsonNode data = root.has("testData") ? root.get("testData") : root;
        JsonNode chem = data.get("chemistry");
        if (chem == null || !chem.isArray()) {
            throw new MalformedInputException(source, "testData.chemistry: missing or not an array");
        }
        List<String> problems = new ArrayList<>();
        List<ElementResult> elements = new ArrayList<>();
        for (int i = 0; i < chem.size(); i++) {
            String path = "testData.chemistry[" + i + "]";
            JsonNode c = chem.get(i);
            int z = c.path("atomicNumber").asInt(-1);
            String symbol = Elements.symbol(z).orElse(null);
            int flags = c.path("flags").asInt(0);
            if ((flags & FLAG_LE) != 0 && symbol == null) {
                continue; // the light-element balance has no atomic number of its own
            }
            if (symbol == null) {
                problems.add(path + ".atomicNumber: '" + c.path("atomicNumber").asText() + "' is not an element");
                continue;
            }
            if ((flags & FLAG_ERROR) != 0) {
                problems.add(path + " (" + symbol + "): flagged ERROR by the analyzer; left out");
                continue;
            }
            Set<ElementResult.Flag> qualifiers = EnumSet.noneOf(ElementResult.Flag.class);
            if ((flags & FLAG_NOMINAL) != 0) {
                qualifiers.add(ElementResult.Flag.NOMINAL);
            }
            if ((flags & FLAG_LE) != 0) {
                qualifiers.add(ElementResult.Flag.LIGHT_ELEMENTS);
            }
            if ((flags & FLAG_OCR_MINUS) != 0) {
                qualifiers.add(ElementResult.Flag.OUT_OF_CALIBRATION_LOW);
            }
            if ((flags & FLAG_OCR_PLUS) != 0) {
                qualifiers.add(ElementResult.Flag.OUT_OF_CALIBRATION_HIGH);
            }
            try {
                if ((flags & FLAG_LESS_LOD) != 0) {
                    elements.add(ElementResult.belowDetection(symbol, null).withFlags(qualifiers));
                    continue;
                }
                JsonNode p = c.get("percent");
                JsonNode u = c.get("uncertainty");
                if (p == null || !p.isNumber()) {
                    problems.add(path + ".percent (" + symbol + "): missing or not a number; left out");
                    continue;
                }
                double unc = u != null && u.isNumber() ? u.asDouble() : 0;
                elements.add(new ElementResult(symbol, p.asDouble(), unc, coverageFactor, false, null, qualifiers));
            } catch (IllegalArgumentException e) {
                problems.add(path + ": " + e.getMessage() + "; left out");
            }
        }
        if (elements.isEmpty()) {
            throw new MalformedInputException(source, "testData.chemistry: no usable element"
                    + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")"));
        }
        List<GradeMatch> grades = new ArrayList<>();
        for (String o : ORDINALS) {
            String grade = text(data, o + "GradeMatch");
            if (grade != null) {
                JsonNode score = data.get(o + "GradeMatchScore");
                grades.add(new GradeMatch(grade, score != null && score.isNumber() ? score.asDouble() : null));
            }
        }
        Instant started = null;
        JsonNode ts = data.get("timestamp");
        if (ts != null && ts.isNumber() && ts.asLong() > 0) {
            long t = ts.asLong();
            started = t > 100_000_000_000L ? Instant.ofEpochMilli(t) : Instant.ofEpochSecond(t);
        }
        double duration = data.path("durationMs").asDouble(0) / 1000.0;
        try {
            XrfReading r = new XrfReading(deviceId, ts == null ? null : ts.asText(), text(data, "mode"), null,
                    Math.max(0, duration), receivedAt, elements, new String(json, StandardCharsets.UTF_8),
                    identity == null ? text(data, "modelName") : identity.model(),
                    identity == null ? null : identity.serial(), started, null, null, grades);
            return new Decoded(r, problems);
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(source, e.getMessage());
        }
    }

    /** The {@code GET id} answer the simulator serves. */
    public String encodeIdentity(SciApsIdentity id) {
        ObjectNode root = mapper.createObjectNode();
        root.put("family", id.family());
        root.put("serialNumber", id.serial());
        root.putArray("models").add(id.model());
        ArrayNode apps = root.putArray("apps");
        id.apps().forEach(apps::add);
        return root.toString();
    }

    /** An {@code XTestResult} for a reading, uncertainties written at {@code coverageFactor}. */
    public String encodeTest(XrfReading r, double coverageFactor) {
        ObjectNode root = mapper.createObjectNode();
        root.put("status", "COMPLETE");
        root.put("abortedByUser", false);
        root.put("errorCode", 0);
        root.putArray("spectra");
        ObjectNode data = root.putObject("testData");
        data.put("mode", r.mode());
        data.put("timestamp", (r.startedAt() == null ? r.receivedAt() : r.startedAt()).toEpochMilli());
        data.put("durationMs", Math.round(r.durationSeconds() * 1000));
        data.put("modelName", r.analyzerModel());
        data.put("base", r.elements().stream().max((a, b) -> Double.compare(a.percent(), b.percent()))
                .map(ElementResult::element).orElse(null));
        ArrayNode chem = data.putArray("chemistry");
        for (ElementResult e : r.elements()) {
            ObjectNode c = chem.addObject();
            c.put("atomicNumber", Elements.atomicNumber(e.element()));
            int flags = e.belowDetection() ? FLAG_LESS_LOD : 0;
            if (e.flags().contains(ElementResult.Flag.NOMINAL)) {
                flags |= FLAG_NOMINAL;
            }
            if (e.flags().contains(ElementResult.Flag.OUT_OF_CALIBRATION_LOW)) {
                flags |= FLAG_OCR_MINUS;
            }
            if (e.flags().contains(ElementResult.Flag.OUT_OF_CALIBRATION_HIGH)) {
                flags |= FLAG_OCR_PLUS;
            }
            c.put("percent", e.belowDetection() ? 0.0 : e.percent());
            c.put("uncertainty", e.belowDetection() ? 0.0 : e.standardUncertainty() * coverageFactor);
            c.put("flags", flags);
        }
        for (int i = 0; i < Math.min(3, r.gradeMatches().size()); i++) {
            data.put(ORDINALS[i] + "GradeMatch", r.gradeMatches().get(i).grade());
            if (r.gradeMatches().get(i).quality() != null) {
                data.put(ORDINALS[i] + "GradeMatchScore", r.gradeMatches().get(i).quality());
            }
        }
        return root.toString();
    }

    private JsonNode read(byte[] json, String source) throws MalformedInputException {
        if (json.length > MAX_BYTES) {
            throw new MalformedInputException(source, "answer of " + json.length + " bytes exceeds " + MAX_BYTES);
        }
        try {
            JsonNode root = mapper.readTree(json);
            if (root == null || !root.isObject()) {
                throw new MalformedInputException(source, "answer must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedInputException(source, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new MalformedInputException(source, "unreadable answer: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
