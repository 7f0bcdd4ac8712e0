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
 * test result. {@code InstrumentId = {family, id, model, partNumber, swVersion, ..., apps[], models[{mode,
 * modelName}]}}: {@code id} is "model number + serial number" (e.g. {@code X550-00121}) and is taken as the
 * analyzer's serial. {@code XTestResult = {status, abortedByUser, errorCode, spectra[], testData}}, where {@code status}
 * is one of {@code XResultCodes} (0 success, 1 user abort, 2 and 3 internal aborts, 4 live update, 101.. errors;
 * the README's own examples also print it by name, {@code "CODE_SUCCESS"}, so both are read). Only a completed
 * test ({@code status} 0, not aborted, {@code errorCode} 0) is a reading. {@code testData} is
 * {@code testData} is an {@code AnalysisResult = {mode, timestamp, durationMs, ..., modelName, chemistry[],
 * firstGradeMatch, firstGradeMatchScore, second..., third..., gradeLibraryName}} and each {@code chemistry[]}
 * entry is {@code {atomicNumber, percent, uncertainty, flags}}.
 *
 * <p>Flags are a bitmask: 1 ERROR (the value is infinite or failed: the element is left out and the problem
 * reported), 2 NOMINAL, 8 LESS_LOD (below detection; the API gives no limit), 32 LE (light-element balance),
 * 64 OCR_MINUS and 128 OCR_PLUS (outside the calibration range). An element without its {@code uncertainty} refuses
 * the whole test, named: a missing uncertainty is not zero, and dropping the element would change the composition.
 * The API does not state the coverage factor of {@code uncertainty}; the caller supplies it from configuration. A {@code timestamp} above 10^11 is read as
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
    /** The {@code status} of a completed test. */
    public static final int CODE_SUCCESS = 0;
    private static final String[] ORDINALS = {"first", "second", "third"};

    /** A decoded test: the reading and what was left out of it, each naming its field. */
    public record Decoded(XrfReading reading, List<String> problems) {
    }

    /** What a test answer that is no reading says. */
    public enum Ending {
        /** The operator (or the abort endpoint) aborted the test: {@code CODE_USERABORT} or {@code abortedByUser}. */
        USER_ABORT,
        /** The analyzer aborted it ({@code CODE_INTERNALABORT}, {@code CODE_INTERNALABORT_END_SESSION}). */
        INTERNAL_ABORT,
        /** An intermediate result while the test runs ({@code CODE_LIVE_UPDATE}). */
        LIVE_UPDATE,
        /** An error code (acquisition, analysis engine, energy calibration, remote service). */
        ERROR
    }

    /** A test answer that is a device event, not a reading: how it ended, its code, and a sentence for the log. */
    public record Ended(Ending ending, int code, String detail) {
    }

    /** {@code XResultCodes} of the vendor's API, by number. */
    public static final java.util.Map<Integer, String> RESULT_CODES = java.util.Map.ofEntries(
            java.util.Map.entry(0, "CODE_SUCCESS"), java.util.Map.entry(1, "CODE_USERABORT"),
            java.util.Map.entry(2, "CODE_INTERNALABORT"), java.util.Map.entry(3, "CODE_INTERNALABORT_END_SESSION"),
            java.util.Map.entry(4, "CODE_LIVE_UPDATE"),
            java.util.Map.entry(101, "ERROR_ACQ_UNKNOWN"), java.util.Map.entry(102, "ERROR_ACQ_DETECTOR_TEMP"),
            java.util.Map.entry(103, "ERROR_ACQ_TUBE_POWER"), java.util.Map.entry(104, "ERROR_ACQ_TUBE_TEMP"),
            java.util.Map.entry(105, "ERROR_ACQ_LOW_COUNT_RATE"),
            java.util.Map.entry(106, "ERROR_ACQ_TESTSTAND_INTERLOCK_OPEN"),
            java.util.Map.entry(107, "ERROR_ACQ_SHUTTER_NOT_OPEN"), java.util.Map.entry(108, "ERROR_ACQ_CURRENT_NOT_SET"),
            java.util.Map.entry(109, "ERROR_ACQ_FILTER_WHEEL_TIMEOUT"),
            java.util.Map.entry(201, "ERROR_AENG_MISSING_CONFIG_FILES"), java.util.Map.entry(202, "ERROR_AENG_EMPTY_GRADE_FOLDER"),
            java.util.Map.entry(203, "ERROR_AENG_MISSING_GRADE_LIB_FILE"),
            java.util.Map.entry(204, "ERROR_AENG_THRESHOLD_FILE_CORRUPTED"), java.util.Map.entry(205, "ERROR_AENG_INVALID_TEST_TYPE"),
            java.util.Map.entry(206, "ERROR_AENG_CALIBRATION_MODEL_UNDEFINED"),
            java.util.Map.entry(207, "ERROR_AENG_CALIBRATION_MODEL_PARAMS"),
            java.util.Map.entry(208, "ERROR_AENG_CALIBRATION_MODEL_NOT_FOUND"),
            java.util.Map.entry(209, "ERROR_AENG_CALIBRATION_MODEL_NO_CURVES"),
            java.util.Map.entry(210, "ERROR_AENG_ACQUISITION_PARAMS"), java.util.Map.entry(211, "ERROR_AENG_HQI_SAMPLE_CONFIG"),
            java.util.Map.entry(212, "ERROR_AENG_INVALID_CALIBRATION_IMD"),
            java.util.Map.entry(213, "ERROR_AENG_ACQUISITION_SESSION_CONFIG"),
            java.util.Map.entry(214, "ERROR_AENG_FPCOMPUTE_QUANT_ERROR"), java.util.Map.entry(215, "ERROR_AENG_NOT_AL_ALLOY"),
            java.util.Map.entry(220, "ERROR_AENG_IMD_INIT_FAILED_BASE"), java.util.Map.entry(221, "ERROR_AENG_IMD_INIT_FAILED_READ_FILE"),
            java.util.Map.entry(222, "ERROR_AENG_IMD_INIT_FAILED_INIT_IMD"),
            java.util.Map.entry(223, "ERROR_AENG_CORRUPTED_GRADE_LIB_FILE"),
            java.util.Map.entry(300, "ERROR_ECAL_BASE"), java.util.Map.entry(301, "ERROR_ECAL_PEAKS_NOT_FOUND"),
            java.util.Map.entry(302, "ERROR_ECAL_COUNT_RATE_DEVIATION"), java.util.Map.entry(303, "ERROR_ECAL_FWHM_DEVIATION"),
            java.util.Map.entry(304, "ERROR_ECAL_SLOPE_DEVIATION"), java.util.Map.entry(305, "ERROR_ECAL_OFFSET_DEVIATION"),
            java.util.Map.entry(310, "ERROR_ECAL_LOGFILE_WRITE_FAILED"), java.util.Map.entry(311, "ERROR_ECAL_TIMEOUT"),
            java.util.Map.entry(401, "ERROR_RMT_TOO_MANY_REQUESTS"), java.util.Map.entry(402, "ERROR_RMT_SERVICE_IS_OFF"),
            java.util.Map.entry(403, "ERROR_RMT_INVALID_CONFIGURATION"));

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
        // InstrumentId.id: "model number + serial number", e.g. X550-00121. models[] are analytical models
        // ({mode, modelName}), not the instrument's model, which is InstrumentId.model.
        String serial = text(root, "id");
        String model = text(root, "model");
        List<String> apps = new ArrayList<>();
        root.path("apps").forEach(a -> apps.add(a.asText()));
        return new SciApsIdentity(family, serial, model, apps);
    }

    /**
     * How a test answer ended when it is not a reading: aborted, a live update, an error. Empty for a completed test,
     * which {@link #decodeTest} then reads.
     *
     * @throws MalformedInputException when the answer is not JSON or has no {@code status} to tell
     */
    public java.util.Optional<Ended> ending(byte[] json, String source) throws MalformedInputException {
        JsonNode root = read(json, source);
        JsonNode st = root.get("status");
        int status;
        if (st != null && st.isInt()) {
            status = st.asInt();
        } else if (st != null && st.isTextual() && RESULT_CODES.containsValue(st.asText().trim())) {
            String name = st.asText().trim();
            status = RESULT_CODES.entrySet().stream().filter(e -> e.getValue().equals(name)).findFirst()
                    .orElseThrow().getKey();
        } else {
            throw new MalformedInputException(source, "status: " + (st == null ? "missing" : "'" + st.asText()
                    + "' is not an XResultCodes value") + "; a completed test cannot be told from an aborted one");
        }
        int errorCode = root.path("errorCode").asInt(0);
        boolean abortedByUser = root.path("abortedByUser").asBoolean(false)
                || "true".equals(root.path("abortedByUser").asText());
        String name = RESULT_CODES.getOrDefault(status, "unknown code");
        if (status == 1 || abortedByUser) {
            return java.util.Optional.of(new Ended(Ending.USER_ABORT, status, "test aborted by the user (status "
                    + status + " " + name + ", abortedByUser " + abortedByUser + "): no result"));
        }
        if (status == 2 || status == 3) {
            return java.util.Optional.of(new Ended(Ending.INTERNAL_ABORT, status, "test aborted by the analyzer "
                    + "(status " + status + " " + name + "): no result"));
        }
        if (status == 4) {
            return java.util.Optional.of(new Ended(Ending.LIVE_UPDATE, status, "live update while the test runs "
                    + "(status 4 CODE_LIVE_UPDATE): not a final result"));
        }
        if (status != 0 || errorCode != 0) {
            int code = status != 0 ? status : errorCode;
            return java.util.Optional.of(new Ended(Ending.ERROR, code, "the analyzer reports error " + code + " ("
                    + RESULT_CODES.getOrDefault(code, "unknown code") + ", status " + status + ", errorCode "
                    + errorCode + "): no result"));
        }
        return java.util.Optional.empty();
    }

    /**
     * Reads a completed test. Anything but a completed test is refused (ask {@link #ending} first to report it as
     * what it is); so is one without {@code testData.chemistry}, or with an element lacking its uncertainty. An
     * element flagged ERROR or not an element is left out and named in {@link Decoded#problems()}.
     *
     * @param coverageFactor k of the API's {@code uncertainty}
     */
    public Decoded decodeTest(byte[] json, String source, String deviceId, SciApsIdentity identity,
                              double coverageFactor, Instant receivedAt) throws MalformedInputException {
        JsonNode root = read(json, source);
        java.util.Optional<Ended> ended = ending(json, source);
        if (ended.isPresent()) {
            throw new MalformedInputException(source, ended.get().detail());
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
                if (u == null || !u.isNumber() || !Double.isFinite(u.asDouble())) {
                    throw new MalformedInputException(source, path + ".uncertainty (" + symbol + "): "
                            + (u == null || u.isNull() ? "missing" : "'" + u.asText() + "' is not a number")
                            + "; a missing uncertainty is not zero, so the test is refused");
                }
                elements.add(new ElementResult(symbol, p.asDouble(), u.asDouble(), coverageFactor, false, null,
                        qualifiers));
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
                    // testData.modelName is the analytical model (a calibration), not the instrument's model.
                    identity == null ? null : identity.model(),
                    identity == null ? null : identity.serial(), started, null, null, grades);
            return new Decoded(r, problems);
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(source, e.getMessage());
        }
    }

    /** The {@code GET id} answer the simulator serves, shaped as the README's XRF example. */
    public String encodeIdentity(SciApsIdentity id) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode apps = root.putArray("apps");
        id.apps().forEach(apps::add);
        root.put("family", id.family());
        root.put("id", id.serial());
        root.put("model", id.model());
        ArrayNode models = root.putArray("models");
        id.apps().forEach(a -> models.addObject().put("mode", a).put("modelName", a));
        return root.toString();
    }

    /** An {@code XTestResult} that is no reading: aborted, a live update or an error. */
    public String encodeEnded(int status, boolean abortedByUser, int errorCode) {
        ObjectNode root = mapper.createObjectNode();
        root.put("status", status);
        root.put("abortedByUser", abortedByUser);
        root.put("errorCode", errorCode);
        root.putArray("spectra");
        return root.toString();
    }

    /** A completed {@code XTestResult} for a reading, uncertainties written at {@code coverageFactor}. */
    public String encodeTest(XrfReading r, double coverageFactor) {
        ObjectNode root = mapper.createObjectNode();
        root.put("status", 0);
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
            // ElementResult.Flag has no ERROR: an element flagged ERROR never becomes one.
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
