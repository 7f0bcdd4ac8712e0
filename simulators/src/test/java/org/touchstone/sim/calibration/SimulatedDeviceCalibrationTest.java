package org.touchstone.sim.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.calibration.CheckStandard;
import org.touchstone.agent.calibration.ControlChart;
import org.touchstone.agent.calibration.ReferenceWeightSet;
import org.touchstone.agent.calibration.ScaleCheck;
import org.touchstone.agent.calibration.ScaleProcedure;
import org.touchstone.agent.calibration.ScaleStep.ScaleTest;
import org.touchstone.agent.calibration.ScaleVerification;
import org.touchstone.agent.calibration.ScaleVerificationRecord;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.calibration.XrfCheck;
import org.touchstone.agent.calibration.XrfCheckProcedure;
import org.touchstone.agent.calibration.XrfCheckRecord;
import org.touchstone.agent.journal.JournalVerifier;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.sim.scale.SimulatedScale;
import org.touchstone.sim.xrf.SimulatedXrfAnalyzer;

/** Each simulated fault is caught by the technician's procedure, and a sound device passes it. */
class SimulatedDeviceCalibrationTest {

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final ScaleMetrology CLASS_II = new ScaleMetrology(AccuracyClass.II, new BigDecimal("0.1"),
            new BigDecimal("6200"));
    static final ScaleProcedure PROCEDURE = ScaleProcedure.standard("A. Technician",
            new ReferenceWeightSet("WS-7", "F1", "CAL-2026-0117"));
    static final XrfCheckProcedure XRF_PROCEDURE = new XrfCheckProcedure("A. Technician", List.of(
            CheckStandard.fineGold("AU-9999"), CheckStandard.gold18k("AU-750"),
            CheckStandard.sterlingSilver("AG-925")), 1, 1, false, null);

    private static SimulatedScale scale(long seed) {
        return new SimulatedScale(new BigDecimal("6200"), new BigDecimal("0.1"), new BigDecimal("0.01"), 0.003,
                Duration.ofMillis(500), System::nanoTime, new Random(seed));
    }

    private static ScaleVerificationRecord verify(SimulatedScale scale) {
        return new ScaleVerification(CLASS_II, PROCEDURE).run("scale-1", "SIM-1", new SimulatedScaleBench(scale,
                s -> { }), CLOCK);
    }

    private static ScaleCheck check(ScaleVerificationRecord r, ScaleTest test) {
        return r.checks().stream().filter(c -> c.test() == test && !c.passed()).findFirst()
                .orElse(r.checks().stream().filter(c -> c.test() == test).findFirst().orElseThrow());
    }

    @Test
    void verify_soundScale_passesEveryTest() {
        ScaleVerificationRecord r = verify(scale(1));
        assertTrue(r.passed(), () -> String.join("\n", ScaleVerification.describe(r)));
        assertEquals(T0.plus(Duration.ofDays(365)), r.nextDue());
        assertEquals(1 + 4 + 1 + 1 + 1, r.checks().size());
    }

    @Test
    void verify_biasedScale_failsTheErrorOfIndication() {
        SimulatedScale s = scale(2);
        s.setSpanError(5e-5);
        ScaleVerificationRecord r = verify(s);
        assertFalse(r.passed());
        ScaleCheck at6200 = r.checks().stream().filter(c -> c.test() == ScaleTest.INDICATION
                && c.loadGrams() == 6200).findFirst().orElseThrow();
        assertFalse(at6200.passed(), at6200.toString());
        assertEquals(0.31, at6200.errorGrams(), 0.02);
        assertTrue(r.failures().contains("indication at 6200 g"), r.failures());
    }

    @Test
    void verify_nonRepeatableScale_failsRepeatability() {
        SimulatedScale s = scale(3);
        s.setRepeatabilitySd(0.08);
        ScaleVerificationRecord r = verify(s);
        ScaleCheck rep = check(r, ScaleTest.REPEATABILITY);
        assertFalse(rep.passed(), () -> String.join("\n", ScaleVerification.describe(r)));
        assertTrue(rep.rangeGrams() > rep.mpeGrams() || 2 * rep.standardDeviationGrams() > rep.mpeGrams());
        assertFalse(r.passed());
    }

    @Test
    void verify_eccentricScale_failsEccentricityOnly() {
        SimulatedScale s = scale(4);
        s.setEccentricity(1e-4);
        ScaleVerificationRecord r = verify(s);
        assertFalse(check(r, ScaleTest.ECCENTRICITY).passed());
        assertTrue(r.checks().stream().filter(c -> c.test() != ScaleTest.ECCENTRICITY).allMatch(ScaleCheck::passed),
                () -> String.join("\n", ScaleVerification.describe(r)));
        assertEquals(List.of("CENTER", "FRONT_LEFT", "FRONT_RIGHT", "BACK_LEFT", "BACK_RIGHT"),
                check(r, ScaleTest.ECCENTRICITY).positions());
    }

    @Test
    void eccentricScale_loadPositionSetByTheTest_showsTheCornerError() {
        SimulatedScale s = scale(5);
        s.setEccentricity(1e-4);
        s.setLoadPosition(1, 1);
        s.setLoad(new BigDecimal("2000"));
        s.settle();
        assertEquals(2000.2, s.indication().netGrams().doubleValue(), 0.02);
    }

    private static List<XrfCheckRecord> runs(SimulatedXrfAnalyzer xrf, int n, CalibrationBook book) {
        List<XrfCheckRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            XrfCheckRecord r = new XrfCheck(XRF_PROCEDURE).run("xrf-1", new SimulatedXrfBench(xrf),
                    book.xrfHistory("xrf-1"), Clock.fixed(T0.plus(Duration.ofHours(i)), ZoneOffset.UTC));
            book.add(r);
            out.add(r);
        }
        return out;
    }

    @Test
    void checkStandards_soundAnalyzer_passesAndStaysTrusted() {
        SimulatedXrfAnalyzer xrf = new SimulatedXrfAnalyzer("xrf-1", new Random(11), CLOCK);
        CalibrationBook book = new CalibrationBook(Json.mapper());
        List<XrfCheckRecord> runs = runs(xrf, 3, book);
        assertTrue(runs.stream().allMatch(XrfCheckRecord::passed),
                () -> runs.stream().map(r -> String.join("\n", XrfCheck.describe(r))).toList().toString());
        assertEquals(6, runs.get(0).points().size());
        assertEquals(TrustState.TRUSTED, book.trustAt("xrf-1", T0.plus(Duration.ofHours(3))).state());
    }

    @Test
    void checkStandards_driftingAnalyzer_caughtByAWestgardRule() {
        SimulatedXrfAnalyzer xrf = new SimulatedXrfAnalyzer("xrf-1", new Random(12), CLOCK);
        xrf.setDrift("Au", -0.03);
        CalibrationBook book = new CalibrationBook(Json.mapper());
        List<XrfCheckRecord> runs = runs(xrf, 24, book);
        XrfCheckRecord flagged = runs.stream().filter(r -> !r.violations().isEmpty()).findFirst().orElseThrow(
                () -> new AssertionError("no rule flagged the drift"));
        assertTrue(flagged.violations().stream().anyMatch(v -> v.standardId().equals("AU-750")),
                flagged.violations().toString());
        assertFalse(flagged.passed());
        assertEquals(TrustState.FAILED, book.trustAt("xrf-1", flagged.performedAt()).state());
        ControlChart au = ControlChart.of("xrf-1", new ControlChart.Key("AU-750", "Au"), book.xrfHistory("xrf-1"));
        assertFalse(au.violations().isEmpty());
    }

    @Test
    void records_surviveAJournalRestart_withTheirTrust(@TempDir Path dir) {
        Path file = dir.resolve("journal.db");
        SimulatedScale biased = scale(6);
        biased.setSpanError(5e-5);
        try (SqliteJournal journal = new SqliteJournal(file, Json.mapper(), CLOCK)) {
            CalibrationBook book = CalibrationBook.read(journal, Json.mapper());
            book.append(journal, verify(biased));
            book.append(journal, runs(new SimulatedXrfAnalyzer("xrf-1", new Random(11), CLOCK), 1,
                    new CalibrationBook(Json.mapper())).get(0));
        }
        try (SqliteJournal reopened = new SqliteJournal(file, Json.mapper(), CLOCK)) {
            CalibrationBook book = CalibrationBook.read(reopened, Json.mapper());
            assertEquals(TrustState.FAILED, book.trustAt("scale-1", T0.plusSeconds(1)).state());
            assertTrue(book.trustAt("scale-1", T0.plusSeconds(1)).reason().contains("indication at 6200 g"));
            assertEquals(TrustState.TRUSTED, book.trustAt("xrf-1", T0.plusSeconds(1)).state());
            assertEquals(TrustState.CHECK_DUE, book.trustAt("xrf-1", T0.plus(Duration.ofDays(2))).state());
            assertEquals(TrustState.UNKNOWN, book.trustAt("scale-2", T0).state());
            assertEquals(TrustState.UNKNOWN, book.trustAt("xrf-1", T0.minusSeconds(1)).state());
            ScaleVerificationRecord back = (ScaleVerificationRecord) book.history("scale-1").get(0);
            assertEquals("CAL-2026-0117", back.procedure().weights().certificate());
            assertTrue(JournalVerifier.verify(reopened).ok(), "the chain stays intact with calibration records in it");
        }
    }
}
