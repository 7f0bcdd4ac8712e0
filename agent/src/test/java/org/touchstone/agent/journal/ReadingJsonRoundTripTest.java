package org.touchstone.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.Json;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.reading.XrfReading;

/** Readings come back from the journal exactly as they went in: recovery depends on it. */
class ReadingJsonRoundTripTest {

    private final ObjectMapper json = Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void weightReading_roundTrip_equal() throws Exception {
        WeightReading w = new WeightReading("scale-1", new BigDecimal("1000.03"), WeightUnit.G, true,
                Instant.parse("2026-11-28T10:00:00Z"), "D-1/1", "S S    1000.03 g");
        assertEquals(w, json.readValue(json.writeValueAsString(w), WeightReading.class));
    }

    @Test
    void weightReadingOfAnEarlierVersion_withoutPollsOrResolution_readsAsOneFrame() throws Exception {
        String old = "{\"deviceId\":\"scale-1\",\"value\":1000.03,\"unit\":\"G\",\"stable\":true,"
                + "\"receivedAt\":\"2026-11-28T10:00:00Z\",\"raw\":\"S S    1000.03 g\",\"valueAsSent\":\"1000.03\","
                + "\"kind\":\"DISPLAYED\"}";
        WeightReading r = json.readValue(old, WeightReading.class);
        assertEquals(1, r.polls());
        assertEquals(null, r.resolution());
    }

    @Test
    void xrfReading_roundTrip_equal() throws Exception {
        XrfReading x = new XrfReading("xrf-1", "7", "PreciousMetals", "D-1/1", 10, Instant.parse("2026-11-28T10:00:00Z"),
                List.of(ElementResult.detected("Au", 99.99, 0.1, 2), ElementResult.belowDetection("Hg", 0.0047)), "{}");
        assertEquals(x, json.readValue(json.writeValueAsString(x), XrfReading.class));
    }
}
