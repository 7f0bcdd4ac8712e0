package org.touchstone.drivers.protocol.scalejson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.reading.WeightKind;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and writes the JSON a scale gateway publishes on {@code <root>/<post>/scale/<device>/weight}:
 * <pre>
 * {"value": "123.45", "unit": "g", "stable": true,
 *  "serialNumber": "B207696838", "raw": "S S     123.45 g", "kind": "net", "tare": "10.00",
 *  "resolution": "0.1"}
 * </pre>
 * {@code value} is the decimal value ({@code "123.45"}), never the frame's digits as sent (a Toledo frame carries
 * {@code 12345} and puts the point in a status byte). {@code resolution} is the step the scale vouches for when it
 * is coarser than the last digit (a verified balance); absent otherwise.
 * {@code value} (a string, or a number written as the scale sent it), {@code unit} (g, kg, mg, ct, ozt, dwt, gr, lb,
 * oz, tola, tael) and {@code stable} are required; the rest is optional. Unknown fields are refused, so a typo such
 * as {@code "stabel"} is seen rather than read as in motion.
 */
public final class ScaleJsonCodec {

    public static final int MAX_PAYLOAD_BYTES = 4 * 1024;
    private static final Set<String> FIELDS = Set.of("value", "unit", "stable", "serialNumber", "raw", "kind", "tare",
            "resolution");

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param source where the payload came from (the topic), named in every error
     * @throws MalformedInputException naming the field that is wrong
     */
    public WeightReading decode(byte[] payload, String source, String deviceId, Instant receivedAt)
            throws MalformedInputException {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new MalformedInputException(source, "payload of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_BYTES);
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (java.io.IOException e) {
            throw new MalformedInputException(source, "not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedInputException(source, "expected a JSON object with value, unit and stable");
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw new MalformedInputException(source, "unknown field '" + name + "'; known: " + FIELDS);
            }
        }
        BigDecimal value = number(root, "value", source, true);
        JsonNode unitNode = root.get("unit");
        if (unitNode == null || !unitNode.isTextual()) {
            throw new MalformedInputException(source, "unit: required text such as \"g\"");
        }
        WeightUnit unit = WeightUnit.fromSymbol(unitNode.asText())
                .orElseThrow(() -> new MalformedInputException(source, "unit: unknown unit '" + unitNode.asText() + "'"));
        JsonNode stable = root.get("stable");
        if (stable == null || !stable.isBoolean()) {
            throw new MalformedInputException(source, "stable: required true or false");
        }
        String serial = text(root, "serialNumber", source);
        String raw = text(root, "raw", source);
        String kindText = text(root, "kind", source);
        WeightKind kind = WeightKind.DISPLAYED;
        if (kindText != null) {
            switch (kindText.toLowerCase(Locale.ROOT)) {
                case "gross": kind = WeightKind.GROSS; break;
                case "net": kind = WeightKind.NET; break;
                case "displayed": break;
                default: throw new MalformedInputException(source, "kind: must be gross, net or displayed, was: '"
                        + kindText + "'");
            }
        }
        BigDecimal tare = number(root, "tare", source, false);
        if (tare != null && tare.signum() < 0) {
            throw new MalformedInputException(source, "tare: must be >= 0, was: " + tare.toPlainString());
        }
        BigDecimal resolution = number(root, "resolution", source, false);
        if (resolution != null && resolution.signum() <= 0) {
            throw new MalformedInputException(source, "resolution: must be > 0, was: " + resolution.toPlainString());
        }
        String asSent = root.get("value").isTextual() ? root.get("value").asText().trim() : value.toPlainString();
        return new WeightReading(deviceId, value, unit, stable.asBoolean(), receivedAt, null,
                raw == null ? new String(payload, StandardCharsets.UTF_8) : raw, asSent, kind, tare, serial,
                resolution, 1);
    }

    /** The payload for one reading, as a gateway (or the simulator) publishes it. */
    public byte[] encode(WeightReading r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("value", r.value().toPlainString());
        o.put("unit", r.unit().symbol());
        o.put("stable", r.stable());
        if (r.serialNumber() != null) {
            o.put("serialNumber", r.serialNumber());
        }
        if (!r.raw().isEmpty()) {
            o.put("raw", r.raw());
        }
        if (r.kind() != WeightKind.DISPLAYED) {
            o.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
        }
        if (r.tare() != null) {
            o.put("tare", r.tare().toPlainString());
        }
        if (r.resolution() != null) {
            o.put("resolution", r.resolution().toPlainString());
        }
        try {
            return mapper.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON object", e);
        }
    }

    private static BigDecimal number(JsonNode root, String field, String source, boolean required)
            throws MalformedInputException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new MalformedInputException(source, field + ": required number such as \"123.45\"");
            }
            return null;
        }
        BigDecimal number = null;
        try {
            if (n.isTextual()) {
                number = new BigDecimal(n.asText().trim());
            } else if (n.isNumber()) {
                number = n.decimalValue();
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        if (number != null) {
            try {
                WeightReading.requireInRange(number, field);
            } catch (IllegalArgumentException e) {
                throw new MalformedInputException(source, e.getMessage());
            }
            return number;
        }
        throw new MalformedInputException(source, field + ": not a number: " + n);
    }

    private static String text(JsonNode root, String field, String source) throws MalformedInputException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new MalformedInputException(source, field + ": must be text");
        }
        return n.asText();
    }
}
