package org.touchstone.drivers.protocol.sciaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.GradeMatch;
import org.touchstone.drivers.reading.XrfReading;

class SciApsCodecTest {

    private static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    private final SciApsCodec codec = new SciApsCodec();

    static byte[] fixture(String name) {
        try (InputStream in = SciApsCodecTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name, e);
        }
    }

    @Test
    void identity_theManualsExample_serialIsIdAndModelIsModel() throws Exception {
        SciApsIdentity id = codec.decodeIdentity(fixture("id.json"), "id");
        assertEquals("XRF", id.family());
        assertEquals("X550-00121", id.serial());
        assertEquals("X505_Rh", id.model());
        assertEquals(16, id.apps().size());
        assertTrue(id.apps().contains("PreciousMetals"));
    }

    @Test
    void finalTest_mapsChemistryAndFlags() throws Exception {
        SciApsIdentity id = codec.decodeIdentity(fixture("id.json"), "id");
        SciApsCodec.Decoded d = codec.decodeTest(fixture("test-final-gold.json"), "t", "xrf-2", id, 2.0, NOW);
        assertEquals(List.of(), d.problems());
        XrfReading r = d.reading();
        assertEquals("xrf-2", r.deviceId());
        assertEquals("X550-00121", r.analyzerSerial());
        assertEquals("X505_Rh", r.analyzerModel());
        assertEquals("1773487867", r.testNumber(), "the API numbers no tests: the timestamp identifies the shot");
        assertEquals("PreciousMetals", r.mode());
        assertEquals(10.0, r.durationSeconds());
        assertEquals(Instant.ofEpochSecond(1773487867), r.startedAt());
        assertNull(r.itemId());
        assertEquals(5, r.elements().size());
        ElementResult au = r.element("Au").orElseThrow();
        assertEquals(91.62, au.percent());
        assertEquals(0.105, au.standardUncertainty(), 1e-12);
        assertEquals(Set.of(ElementResult.Flag.OUT_OF_CALIBRATION_HIGH), r.element("Cu").orElseThrow().flags());
        assertEquals(Set.of(ElementResult.Flag.OUT_OF_CALIBRATION_LOW), r.element("W").orElseThrow().flags());
        assertTrue(r.element("Hg").orElseThrow().belowDetection());
        assertEquals(List.of(new GradeMatch("22K Yellow", 0.97), new GradeMatch("21.6K", 0.81)), r.gradeMatches());
    }

    @Test
    void badElements_leftOutAndNamed_restKept() throws Exception {
        SciApsCodec.Decoded d = codec.decodeTest(fixture("test-final-bad-elements.json"), "t", "xrf-2", null, 1.0, NOW);
        assertEquals(List.of("Au"), d.reading().elements().stream().map(ElementResult::element).toList());
        assertEquals(Instant.ofEpochMilli(1773487867000L), d.reading().startedAt());
        assertEquals(4, d.problems().size(), d.problems().toString());
        assertTrue(d.problems().get(0).startsWith("testData.chemistry[1] (Ag): flagged ERROR"));
        assertTrue(d.problems().get(1).startsWith("testData.chemistry[2].atomicNumber: '200'"));
        assertTrue(d.problems().get(2).startsWith("testData.chemistry[3].percent (Cu)"));
        assertTrue(d.problems().get(3).contains("Zn: percent must be within 0..100"));
    }

    @ParameterizedTest(name = "{0}: a device event ({1}), not a reading")
    @CsvSource({"test-final-user-abort.json, USER_ABORT, 1", "test-final-internal-abort.json, INTERNAL_ABORT, 2",
            "test-final-live-update.json, LIVE_UPDATE, 4", "test-final-error.json, ERROR, 104"})
    void notCompleted_isAnEndingAndNeverAReading(String file, SciApsCodec.Ending ending, int code) throws Exception {
        SciApsCodec.Ended e = codec.ending(fixture(file), file).orElseThrow();
        assertEquals(ending, e.ending());
        assertEquals(code, e.code());
        MalformedInputException refused = assertThrows(MalformedInputException.class,
                () -> codec.decodeTest(fixture(file), file, "xrf-2", null, 1.0, NOW));
        assertTrue(refused.getMessage().contains("status " + code), refused.getMessage());
    }

    @Test
    void errorCode_namedFromXResultCodes() throws Exception {
        assertTrue(codec.ending(fixture("test-final-error.json"), "t").orElseThrow().detail()
                .contains("ERROR_ACQ_TUBE_TEMP"));
    }

    @Test
    void statusByName_asTheReadmePrintsIt_isACompletedTest() throws Exception {
        assertTrue(codec.ending(fixture("test-final-status-by-name.json"), "t").isEmpty());
        XrfReading r = codec.decodeTest(fixture("test-final-status-by-name.json"), "t", "xrf-2", null, 1.0, NOW)
                .reading();
        assertEquals(99.95, r.element("Au").orElseThrow().percent());
    }

    @ParameterizedTest
    @CsvSource({"test-final-no-uncertainty.json, testData.chemistry[0].uncertainty (Au): missing",
            "test-final-no-status.json, status: missing", "test-final-truncated.json, not valid JSON"})
    void refused_naming(String file, String message) {
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> codec.decodeTest(fixture(file), file, "xrf-2", null, 1.0, NOW));
        assertTrue(e.getMessage().startsWith(file + ": " + message), e.getMessage());
    }

    @Test
    void writer_roundTrips() throws Exception {
        XrfReading r = new XrfReading("xrf-2", null, "PreciousMetals", null, 12.5, NOW,
                List.of(ElementResult.detected("Au", 75.1, 0.3, 2), ElementResult.belowDetection("Hg", null)
                        .withFlags(Set.of())), "", "X-550", "S1", Instant.parse("2026-03-14T11:00:00Z"), null, null,
                List.of(new GradeMatch("18K", 0.9)));
        SciApsCodec.Decoded d = codec.decodeTest(codec.encodeTest(r, 1.0).getBytes(), "t", "xrf-2",
                codec.decodeIdentity(codec.encodeIdentity(new SciApsIdentity("XRF", "S1", "X-550", List.of("PreciousMetals"))).getBytes(), "id"),
                1.0, NOW);
        assertEquals(0.15, d.reading().element("Au").orElseThrow().standardUncertainty(), 1e-12);
        assertTrue(d.reading().element("Hg").orElseThrow().belowDetection());
        assertEquals(r.startedAt(), d.reading().startedAt());
        assertEquals(r.gradeMatches(), d.reading().gradeMatches());
        assertEquals("S1", d.reading().analyzerSerial());
    }
}
