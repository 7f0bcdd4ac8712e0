package org.touchstone.agent.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.calibration.XrfCalibrationTerm;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.protocol.xrfjson.XrfJsonCodec;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * Reads a recorded inspection: one JSON reading per line, {@code kind} {@code weight} or {@code xrf}, with the
 * fields of the normalised readings. A weighing may carry {@code "medium": "water"}; any line may carry
 * {@code receivedAt}, and {@code trust}: the state of its device when it was taken ({@code TRUSTED},
 * {@code CHECK_DUE}, {@code FAILED} or {@code UNKNOWN}; UNKNOWN when left out), with an optional
 * {@code trustReason}. A line of kind {@code calibration} gives an analyzer's check-standard terms (what the live
 * agent carries with each shot's trust), for every later reading of that device:
 * {@code {"kind":"calibration","deviceId":"xrf-1","terms":[{"standardId":"AU-750","element":"Au",
 * "certifiedPercent":75.0,"certifiedStandardUncertainty":0.025,"points":20,"meanDeviationPercent":0.01,
 * "deviationSpreadPercent":0.03,"meanCountingVariance":0.0004}]}}. Blank lines and lines starting with {@code #}
 * are skipped.
 *
 * <pre>{@code
 * {"kind":"weight","deviceId":"scale-1","itemId":"1","value":1000.03,"unit":"g","stable":true,"trust":"TRUSTED"}
 * {"kind":"weight","deviceId":"scale-1","itemId":"1","value":948.25,"unit":"g","medium":"water"}
 * {"kind":"xrf","deviceId":"xrf-1","sampleLabel":"1","durationSeconds":10,
 *  "elements":[{"element":"Au","percent":99.99,"uncertainty":0.1,"coverageFactor":2}]}
 * }</pre>
 */
public final class RecordedReadings {

    /** One recorded reading, the medium it was weighed in (air for XRF) and the trust in its device. */
    public record Line(int number, Reading reading, Weighing.Medium medium, DeviceTrust trust) {
    }

    private final JsonMapper mapper = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();
    private final XrfJsonCodec xrf = new XrfJsonCodec();

    /**
     * Reads every line.
     *
     * @throws MalformedInputException naming the file, the line and the field of the first bad line
     */
    public List<Line> read(Path file, Instant defaultTime) throws MalformedInputException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MalformedInputException(file.toString(), "cannot read: " + e.getMessage());
        }
        List<Line> out = new ArrayList<>();
        calibration.clear();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).trim();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            Line line = parse(text, file + ", line " + (i + 1), i + 1, defaultTime.plusMillis(i));
            if (line != null) {
                out.add(line);
            }
        }
        return out;
    }

    private final java.util.Map<String, List<XrfCalibrationTerm>> calibration = new java.util.HashMap<>();

    private void calibrationLine(JsonNode n, String where) throws MalformedInputException {
        String device = n.path("deviceId").asText(null);
        if (device == null || device.isBlank()) {
            throw new MalformedInputException(where, "deviceId: missing");
        }
        JsonNode terms = n.get("terms");
        if (terms == null || !terms.isArray()) {
            throw new MalformedInputException(where, "terms: must be an array of calibration terms");
        }
        List<XrfCalibrationTerm> list = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            try {
                list.add(mapper.treeToValue(terms.get(i), XrfCalibrationTerm.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new MalformedInputException(where, "terms[" + i + "]: " + (e instanceof JsonProcessingException j
                        ? j.getOriginalMessage() : e.getMessage()));
            }
        }
        calibration.put(device, List.copyOf(list));
    }

    Line parse(String text, String where, int number, Instant defaultTime) throws MalformedInputException {
        JsonNode n;
        try {
            n = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedInputException(where, "not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new MalformedInputException(where, "must be a JSON object");
        }
        Instant at = defaultTime;
        if (n.hasNonNull("receivedAt")) {
            try {
                at = Instant.parse(n.get("receivedAt").asText());
            } catch (DateTimeParseException e) {
                throw new MalformedInputException(where, "receivedAt: not an ISO-8601 instant: " + n.get("receivedAt"));
            }
        }
        String kind = n.path("kind").asText("");
        switch (kind) {
            case "calibration":
                calibrationLine(n, where);
                return null;
            case "weight":
                WeightReading w = weight(n, where, at);
                return new Line(number, w, medium(n, where), trust(n, where, w.deviceId()));
            case "xrf":
                String device = n.path("deviceId").asText(null);
                if (device == null) {
                    throw new MalformedInputException(where, "deviceId: missing");
                }
                return new Line(number, xrf.decode(text.getBytes(StandardCharsets.UTF_8), where, device, at),
                        Weighing.Medium.AIR, trust(n, where, device));
            default:
                throw new MalformedInputException(where, "kind: must be \"weight\", \"xrf\" or \"calibration\", was '"
                        + kind + "'");
        }
    }

    private static WeightReading weight(JsonNode n, String where, Instant at) throws MalformedInputException {
        String device = n.path("deviceId").asText(null);
        if (device == null || device.isBlank()) {
            throw new MalformedInputException(where, "deviceId: missing");
        }
        JsonNode v = n.get("value");
        if (v == null || !v.isNumber()) {
            throw new MalformedInputException(where, "value: must be a number");
        }
        BigDecimal value = v.decimalValue();
        String unitText = n.path("unit").asText("g");
        WeightUnit unit = WeightUnit.fromSymbol(unitText).orElseThrow(() ->
                new MalformedInputException(where, "unit: unknown unit '" + unitText + "'"));
        JsonNode stable = n.get("stable");
        if (stable != null && !stable.isBoolean()) {
            throw new MalformedInputException(where, "stable: must be true or false");
        }
        String itemId = n.hasNonNull("itemId") ? n.get("itemId").asText() : null;
        String raw = n.hasNonNull("raw") ? n.get("raw").asText() : n.toString();
        return new WeightReading(device, value, unit, stable == null || stable.asBoolean(), at, itemId, raw);
    }

    private DeviceTrust trust(JsonNode n, String where, String device) throws MalformedInputException {
        List<XrfCalibrationTerm> terms = calibration.getOrDefault(device, List.of());
        if (!n.hasNonNull("trust")) {
            return DeviceTrust.unknown(device).withXrfCalibration(terms);
        }
        String t = n.get("trust").asText();
        TrustState state;
        try {
            state = TrustState.valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(where, "trust: must be TRUSTED, CHECK_DUE, FAILED or UNKNOWN, was '" + t + "'");
        }
        String reason = n.hasNonNull("trustReason") ? n.get("trustReason").asText()
                : "recorded as " + state + " with the reading";
        return new DeviceTrust(device, state, reason, null, terms);
    }

    private static Weighing.Medium medium(JsonNode n, String where) throws MalformedInputException {
        String m = n.path("medium").asText("air");
        return switch (m) {
            case "air" -> Weighing.Medium.AIR;
            case "water" -> Weighing.Medium.WATER;
            default -> throw new MalformedInputException(where, "medium: must be \"air\" or \"water\", was '" + m + "'");
        };
    }
}
