package org.touchstone.drivers.protocol.xrfjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

class XrfJsonCodecTest {

    private static final String TOPIC = "touchstone/post-1/xrf/xrf-1/result";
    private static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");

    private final XrfJsonCodec codec = new XrfJsonCodec();

    private XrfReading decode(String json) throws MalformedInputException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8), TOPIC, "xrf-1", AT);
    }

    private MalformedInputException refused(String json) {
        return assertThrows(MalformedInputException.class, () -> decode(json));
    }

    /** A valid payload with {@code %s} standing for the elements array. */
    private static String withElements(String elements) {
        return "{\"deviceId\":\"xrf-1\",\"testNumber\":\"17\",\"mode\":\"PreciousMetals\",\"sampleLabel\":\"DEMO-1/1\","
                + "\"durationSeconds\":10.0,\"elements\":" + elements + "}";
    }

    private static final String AU = "{\"element\":\"Au\",\"percent\":99.95,\"uncertainty\":0.08,\"coverageFactor\":2}";

    @Test
    void decode_documentedExample_readsEveryField() throws Exception {
        XrfReading r = decode(withElements("[" + AU
                + ",{\"element\":\"Hg\",\"belowDetection\":true,\"detectionLimit\":0.005}]"));
        assertEquals("xrf-1", r.deviceId());
        assertEquals("17", r.testNumber());
        assertEquals("PreciousMetals", r.mode());
        assertEquals("DEMO-1/1", r.itemId());
        assertEquals(10.0, r.durationSeconds());
        assertEquals(AT, r.receivedAt());
        assertEquals(List.of(ElementResult.detected("Au", 99.95, 0.08, 2),
                ElementResult.belowDetection("Hg", 0.005)), r.elements());
        assertEquals(0.04, r.element("Au").orElseThrow().standardUncertainty(), 1e-12);
    }

    @Test
    void encodeThenDecode_roundTrip_keepsValuesCoverageFactorBelowDetectionAndLod() throws Exception {
        XrfReading original = new XrfReading("xrf-1", "4711", "PreciousMetals", "DECL-9/3", 30.0, AT, List.of(
                new ElementResult("Au", 91.6725, 0.1234, 2.0, false, 0.002),
                ElementResult.detected("Ag", 5.1, 0.05, 1.0),
                ElementResult.detected("Cu", 3.2, 0.09, 3.0),
                ElementResult.belowDetection("Hg", 0.0051),
                ElementResult.belowDetection("W", null)), "ignored");

        XrfReading back = decode(codec.encode(original));

        assertEquals(original.deviceId(), back.deviceId());
        assertEquals(original.testNumber(), back.testNumber());
        assertEquals(original.mode(), back.mode());
        assertEquals(original.itemId(), back.itemId());
        assertEquals(original.durationSeconds(), back.durationSeconds());
        assertEquals(original.elements(), back.elements());
        assertEquals(3.0, back.element("Cu").orElseThrow().coverageFactor());
        assertTrue(back.element("Hg").orElseThrow().belowDetection());
        assertEquals(0.0051, back.element("Hg").orElseThrow().detectionLimit());
        assertNull(back.element("W").orElseThrow().detectionLimit());
        assertEquals(0.002, back.element("Au").orElseThrow().detectionLimit());
    }

    @Test
    void decode_keepsPayloadAsRawEvidence() throws Exception {
        String json = withElements("[" + AU + "]");
        assertEquals(json, decode(json).raw());
    }

    @Test
    void decode_payloadWithoutDeviceId_takesTheTopicsDevice() throws Exception {
        assertEquals("xrf-1", decode("{\"elements\":[" + AU + "]}").deviceId());
    }

    @Test
    void decode_numericTestNumber_acceptedAsText() throws Exception {
        assertEquals("17", decode("{\"testNumber\":17,\"elements\":[" + AU + "]}").testNumber());
    }

    @Test
    void decode_payloadOfExactlyTheLimit_accepted() throws Exception {
        String json = withElements("[" + AU + "]");
        String padded = json + " ".repeat(XrfJsonCodec.MAX_PAYLOAD_BYTES - json.length());
        assertEquals(XrfJsonCodec.MAX_PAYLOAD_BYTES, padded.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(1, decode(padded).elements().size());
    }

    @Test
    void decode_120Elements_accepted() throws Exception {
        assertEquals(120, decode(withElements(elements(120))).elements().size());
    }

    private static String elements(int count) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ",").append(AU);
        }
        return sb.append(']').toString();
    }

    /** Hostile or malformed payloads: name, payload, fragments the message must contain. */
    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("not JSON", "Au=99.9", List.of("not valid JSON", "line 1")),
                Arguments.of("truncated JSON", "{\"elements\":[", List.of("not valid JSON")),
                Arguments.of("array root", "[" + AU + "]", List.of("must be a JSON object")),
                Arguments.of("number root", "42", List.of("must be a JSON object")),
                Arguments.of("missing elements", "{\"deviceId\":\"xrf-1\"}", List.of("elements: must be an array")),
                Arguments.of("elements not an array", "{\"elements\":{\"Au\":99.9}}", List.of("elements: must be an array")),
                Arguments.of("element not an object", withElements("[" + AU + ",\"Au 99.9\"]"),
                        List.of("elements[1]: must be an object")),
                Arguments.of("percent as string",
                        withElements("[{\"element\":\"Au\",\"percent\":\"99.9\",\"uncertainty\":0.1,\"coverageFactor\":2}]"),
                        List.of("elements[0].percent: must be a number")),
                Arguments.of("percent 150",
                        withElements("[{\"element\":\"Au\",\"percent\":150,\"uncertainty\":0.1,\"coverageFactor\":2}]"),
                        List.of("elements[0]", "percent must be within 0..100, was: 150")),
                Arguments.of("negative uncertainty",
                        withElements("[{\"element\":\"Au\",\"percent\":99.9,\"uncertainty\":-0.1,\"coverageFactor\":2}]"),
                        List.of("elements[0]", "uncertainty must be >= 0, was: -0.1")),
                Arguments.of("zero coverage factor",
                        withElements("[{\"element\":\"Au\",\"percent\":99.9,\"uncertainty\":0.1,\"coverageFactor\":0}]"),
                        List.of("elements[0]", "coverageFactor must be > 0")),
                Arguments.of("missing uncertainty",
                        withElements("[{\"element\":\"Au\",\"percent\":99.9,\"coverageFactor\":2}]"),
                        List.of("elements[0].uncertainty: missing")),
                Arguments.of("missing element symbol",
                        withElements("[{\"percent\":99.9,\"uncertainty\":0.1,\"coverageFactor\":2}]"),
                        List.of("elements[0].element: missing")),
                Arguments.of("element not a symbol",
                        withElements("[{\"element\":\"gold\",\"percent\":99.9,\"uncertainty\":0.1,\"coverageFactor\":2}]"),
                        List.of("elements[0]", "chemical symbol")),
                Arguments.of("belowDetection not a boolean",
                        withElements("[{\"element\":\"Hg\",\"belowDetection\":\"yes\"}]"),
                        List.of("elements[0].belowDetection: must be true or false")),
                Arguments.of("negative detection limit",
                        withElements("[{\"element\":\"Hg\",\"belowDetection\":true,\"detectionLimit\":-1}]"),
                        List.of("elements[0]", "detectionLimit must be >= 0")),
                Arguments.of("NaN token",
                        withElements("[{\"element\":\"Au\",\"percent\":NaN,\"uncertainty\":0.1,\"coverageFactor\":2}]"),
                        List.of("not valid JSON", "NaN")),
                Arguments.of("Infinity token",
                        withElements("[{\"element\":\"Au\",\"percent\":99.9,\"uncertainty\":Infinity,\"coverageFactor\":2}]"),
                        List.of("not valid JSON", "Infinity")),
                Arguments.of("number overflowing to infinity",
                        withElements("[{\"element\":\"Au\",\"percent\":1e400,\"uncertainty\":0.1,\"coverageFactor\":2}]"),
                        List.of("elements[0]", "percent")),
                Arguments.of("deviceId contradicting the topic",
                        "{\"deviceId\":\"xrf-2\",\"elements\":[" + AU + "]}",
                        List.of("deviceId", "'xrf-2'", "'xrf-1'", "contradicts")),
                Arguments.of("121 elements", withElements(elements(121)),
                        List.of("elements: 121 entries exceed the limit of 120")),
                Arguments.of("deeply nested", "{\"elements\":" + "[".repeat(40) + "]".repeat(40) + "}",
                        List.of("not valid JSON", "nesting depth")),
                Arguments.of("sampleLabel with +", withElements("[" + AU + "]").replace("DEMO-1/1", "DEMO+1"),
                        List.of("sampleLabel", "'DEMO+1'", "not an identifier")),
                Arguments.of("sampleLabel with #", withElements("[" + AU + "]").replace("DEMO-1/1", "DEMO/#"),
                        List.of("sampleLabel", "'DEMO/#'", "not an identifier")),
                Arguments.of("sampleLabel of 200 chars", withElements("[" + AU + "]").replace("DEMO-1/1", "A".repeat(200)),
                        List.of("sampleLabel", "not an identifier")),
                Arguments.of("empty sampleLabel", withElements("[" + AU + "]").replace("DEMO-1/1", ""),
                        List.of("sampleLabel", "not an identifier")),
                Arguments.of("sampleLabel an object", withElements("[" + AU + "]").replace("\"DEMO-1/1\"", "{}"),
                        List.of("sampleLabel: must be a string")),
                Arguments.of("negative duration", withElements("[" + AU + "]").replace("10.0", "-1"),
                        List.of("durationSeconds must be >= 0")),
                Arguments.of("duration as string", withElements("[" + AU + "]").replace("10.0", "\"10 s\""),
                        List.of("durationSeconds: must be a number")));
    }

    @ParameterizedTest(name = "{0}: refused naming source and field")
    @MethodSource("hostile")
    void decode_hostilePayload_refusedNamingSourceAndField(String name, String payload, List<String> fragments) {
        MalformedInputException e = refused(payload);
        assertEquals(TOPIC, e.source());
        assertTrue(e.getMessage().startsWith(TOPIC + ": "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void decode_oversizedPayload_refusedBeforeParsing() {
        // Not even JSON: the size check must come first, so a flood of garbage costs no parsing.
        byte[] payload = new byte[XrfJsonCodec.MAX_PAYLOAD_BYTES + 1];
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> codec.decode(payload, TOPIC, "xrf-1", AT));
        assertEquals(TOPIC + ": payload of 65537 bytes exceeds the limit of 65536", e.getMessage());
    }

    @Test
    void decode_noDeviceAnywhere_refused() {
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> codec.decode(("{\"elements\":[" + AU + "]}").getBytes(StandardCharsets.UTF_8), TOPIC, null, AT));
        assertTrue(e.getMessage().contains("deviceId: missing"), e.getMessage());
    }

    @Test
    void decode_severalProblems_allListed() {
        String json = "{\"deviceId\":\"xrf-9\",\"sampleLabel\":\"A+B\",\"durationSeconds\":\"long\",\"elements\":["
                + "{\"element\":\"Au\",\"percent\":\"99\",\"uncertainty\":0.1,\"coverageFactor\":2},"
                + "7,"
                + "{\"element\":\"Ag\",\"percent\":150,\"uncertainty\":0.1,\"coverageFactor\":2},"
                + "{\"element\":\"Cu\",\"percent\":1,\"uncertainty\":-2,\"coverageFactor\":2}]}";
        String message = refused(json).getMessage();
        List<String> expected = List.of("deviceId: 'xrf-9' contradicts", "sampleLabel: 'A+B'",
                "durationSeconds: must be a number", "elements[0].percent: must be a number", "elements[1]: must be an object",
                "elements[2]: Ag: percent must be within 0..100", "elements[3]: Cu: uncertainty must be >= 0");
        for (String fragment : expected) {
            assertTrue(message.contains(fragment), "'" + fragment + "' missing from: " + message);
        }
        assertEquals(expected.size(), message.split("; ").length, message);
    }

    // Issue 15: the first README named the analyzer's fields serialNumber and model; the codec read only
    // analyzerSerial and analyzerModel, so a gateway written from the README lost the serial without a word.
    @Test
    void decode_firstReadmeNames_serialAndModelKept() throws Exception {
        XrfReading r = decode("{\"serialNumber\":\"SN-1234\",\"model\":\"S1 TITAN 800\",\"elements\":"
                + "[{\"element\":\"Au\",\"percent\":99.9,\"uncertainty\":0.1,\"coverageFactor\":2}]}");
        assertEquals("SN-1234", r.analyzerSerial());
        assertEquals("S1 TITAN 800", r.analyzerModel());
    }

    @Test
    void decode_bothSerialNamesDisagreeing_refusedNamingBoth() {
        MalformedInputException e = refused("{\"serialNumber\":\"SN-1\",\"analyzerSerial\":\"SN-2\",\"elements\":"
                + "[{\"element\":\"Au\",\"percent\":99.9,\"uncertainty\":0.1,\"coverageFactor\":2}]}");
        assertTrue(e.getMessage().contains("serialNumber: 'SN-1' contradicts analyzerSerial 'SN-2'"), e.getMessage());
    }
}
