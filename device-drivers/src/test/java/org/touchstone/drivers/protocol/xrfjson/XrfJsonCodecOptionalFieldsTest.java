package org.touchstone.drivers.protocol.xrfjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.GradeMatch;
import org.touchstone.drivers.reading.XrfReading;

class XrfJsonCodecOptionalFieldsTest {

    private static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    private final XrfJsonCodec codec = new XrfJsonCodec();

    @Test
    void decode_firstVersionPayload_stillReadAsBefore() throws Exception {
        String json = "{\"deviceId\":\"xrf-1\",\"testNumber\":\"17\",\"mode\":\"PreciousMetals\",\"sampleLabel\":\"DEMO-0002/1\","
                + "\"durationSeconds\":10.0,\"elements\":[{\"element\":\"Au\",\"percent\":91.69,\"uncertainty\":0.10,"
                + "\"coverageFactor\":2},{\"element\":\"Hg\",\"belowDetection\":true,\"detectionLimit\":0.0047}]}";
        XrfReading r = codec.decode(json.getBytes(StandardCharsets.UTF_8), "t", "xrf-1", NOW);
        assertEquals("DEMO-0002/1", r.itemId());
        assertEquals("DEMO-0002/1", r.sampleLabel());
        assertNull(r.analyzerSerial());
        assertTrue(r.gradeMatches().isEmpty());
        assertEquals(0.05, r.element("Au").orElseThrow().standardUncertainty(), 1e-12);
        assertEquals(0.0047, r.element("Hg").orElseThrow().detectionLimit());
    }

    @Test
    void encodeDecode_newOptionalFields_roundTrip() throws Exception {
        XrfReading r = new XrfReading("xrf-1", "9", "PreciousMetals", "D-1/2", 10, NOW,
                List.of(new ElementResult("Au", 99.9, 0.1, 2, false, null, Set.of(ElementResult.Flag.OUT_OF_CALIBRATION_HIGH))),
                "", "S1 TITAN 800", "SN 12345", Instant.parse("2026-03-14T11:59:50Z"), "Inspector A", "bar-one",
                List.of(new GradeMatch("24 K Gold", 0.9)));
        XrfReading back = codec.decode(codec.encode(r).getBytes(StandardCharsets.UTF_8), "t", "xrf-1", NOW);
        assertEquals(r.withRaw(back.raw()), back);
    }

    @Test
    void decode_badNewFields_named() {
        String json = "{\"elements\":[{\"element\":\"Au\",\"percent\":1,\"uncertainty\":0.1,\"coverageFactor\":1,"
                + "\"flags\":[\"SHINY\"]}],\"startedAt\":\"yesterday\",\"operator\":\"\\u0007\"}";
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8), "t", "xrf-1", NOW));
        assertTrue(e.getMessage().contains("operator: "), e.getMessage());
        assertTrue(e.getMessage().contains("startedAt: 'yesterday' is not an ISO-8601 instant"), e.getMessage());
        assertTrue(e.getMessage().contains("elements[0].flags: unknown flag 'SHINY'"), e.getMessage());
    }
}
