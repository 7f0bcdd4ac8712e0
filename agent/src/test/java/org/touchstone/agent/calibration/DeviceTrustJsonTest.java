package org.touchstone.agent.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.Json;

/** The trust a reading is journaled with, calibration terms included, reads back as it was written. */
class DeviceTrustJsonTest {

    @Test
    void trustWithCalibrationTerms_roundTripsThroughTheJournalsJson() throws Exception {
        DeviceTrust t = new DeviceTrust("xrf-1", TrustState.TRUSTED, "the check-standard run passed",
                Instant.parse("2026-01-02T00:00:00Z"), List.of(new XrfCalibrationTerm("AU-750", "Au", 75.0, 0.025, 20,
                -0.12, 0.04, 0.0004)));
        String json = Json.mapper().writeValueAsString(t);
        assertEquals(t, Json.mapper().readValue(json, DeviceTrust.class));
        // A reading journaled before calibration terms were kept reads as a trust without them.
        DeviceTrust old = Json.mapper().readValue("{\"deviceId\":\"xrf-1\",\"state\":\"TRUSTED\",\"reason\":\"r\","
                + "\"nextDue\":null}", DeviceTrust.class);
        assertEquals(List.of(), old.xrfCalibration());
    }

    @Test
    void checkRecordWrittenBeforeAcceptedBias_readsWithTheDefault() throws Exception {
        CertifiedValue v = Json.mapper().readValue("{\"percent\":75.0,\"uncertaintyPercent\":0.05,"
                + "\"coverageFactor\":2.0}", CertifiedValue.class);
        assertEquals(0.2, v.acceptedBiasPercent(), 1e-12);
        assertEquals(0.02, Json.mapper().readValue("{\"percent\":99.99,\"uncertaintyPercent\":0.01}",
                CertifiedValue.class).acceptedBiasPercent(), 1e-12);
    }
}
