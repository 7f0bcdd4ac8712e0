package org.touchstone.sim.xrf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

class SimulatedXrfAnalyzerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T12:00:00Z"), ZoneOffset.UTC);

    static List<XrfScenario> scenarios() {
        return XrfScenario.all();
    }

    private static double percent(XrfReading r, String el) {
        return r.element(el).filter(e -> !e.belowDetection()).map(ElementResult::percent).orElse(0.0);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenario_meanOfTenShots_asThePhysicsPredicts(XrfScenario s) {
        SimulatedXrfAnalyzer a = new SimulatedXrfAnalyzer("xrf-1", new Random(7), CLOCK);
        s.applyTo(a);
        double mean = IntStream.range(0, 10).mapToDouble(i -> percent(a.shoot(s.item(), 10, "S/1"), s.expect().element()))
                .average().orElseThrow();
        assertTrue(mean >= s.expect().minPercent() && mean <= s.expect().maxPercent(),
                s.name() + ": mean " + s.expect().element() + " " + mean + " outside " + s.expect());
    }

    @Test
    void scenarios_coverTheIssuesList() {
        assertEquals(List.of("bar-999.9", "bar-995", "dore-ag-hg", "jewellery-18k", "jewellery-9k", "silver-925",
                "platinum-950", "gold-plated-tungsten", "gold-flashed-tungsten", "gold-plated-silver",
                "brass-painted-gold", "drift"), scenarios().stream().map(XrfScenario::name).toList());
    }

    @Test
    void countingNoise_shrinksWithMeasuringTime() {
        XrfItem item = XrfScenario.named("jewellery-18k").item();
        XrfItem homogeneous = new XrfItem(item.bulk(), null, 0);
        SimulatedXrfAnalyzer a = new SimulatedXrfAnalyzer("xrf-1", new Random(3), CLOCK);
        double shortSd = spread(a, homogeneous, 2);
        double longSd = spread(a, homogeneous, 60);
        assertTrue(longSd < shortSd / 2, shortSd + " vs " + longSd);
        assertTrue(a.shoot(homogeneous, 60, null).element("Au").orElseThrow().standardUncertainty()
                < a.shoot(homogeneous, 2, null).element("Au").orElseThrow().standardUncertainty());
    }

    private static double spread(SimulatedXrfAnalyzer a, XrfItem item, double seconds) {
        double[] v = IntStream.range(0, 40).mapToDouble(i -> percent(a.shoot(item, seconds, null), "Au")).toArray();
        double m = java.util.Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    @Test
    void tungsten_inAlloyMode_readsAsTungsten_inPreciousMetalsMode_asGoldAndPlatinum() {
        XrfItem w = XrfItem.homogeneous(Map.of("W", 90.0, "Ni", 5.0, "Fe", 5.0));
        SimulatedXrfAnalyzer a = new SimulatedXrfAnalyzer("xrf-1", new Random(1), CLOCK);
        XrfReading pm = a.shoot(w, 10, null);
        assertTrue(percent(pm, "Au") > 50 && percent(pm, "Pt") > 20, pm.elements().toString());
        a.setMode(SimulatedXrfAnalyzer.ALLOY);
        XrfReading alloy = a.shoot(w, 10, null);
        assertEquals(0.0, percent(alloy, "Au"));
        assertTrue(percent(alloy, "W") > 85);
    }

    @Test
    void mercuryDetectionLimit_risesUnderGold() {
        SimulatedXrfAnalyzer a = new SimulatedXrfAnalyzer("xrf-1", new Random(1), CLOCK);
        double underGold = a.shoot(XrfItem.homogeneous(Map.of("Au", 100.0)), 10, null).element("Hg").orElseThrow().detectionLimit();
        double underSilver = a.shoot(XrfItem.homogeneous(Map.of("Ag", 100.0)), 10, null).element("Hg").orElseThrow().detectionLimit();
        assertTrue(underGold > 5 * underSilver, underGold + " vs " + underSilver);
    }

    @Test
    void plating_thickerThanTheInformationDepth_hidesTheCore() {
        XrfItem thick = XrfScenario.named("gold-plated-tungsten").item();
        assertTrue(thick.layerSignalShare(20) > 0.9999);
        assertTrue(thick.layerSignalShare(0.5) < 0.3);
    }

    @Test
    void drift_showsAsATrendOverManyTests() {
        XrfScenario s = XrfScenario.named("drift");
        SimulatedXrfAnalyzer a = new SimulatedXrfAnalyzer("xrf-1", new Random(5), CLOCK);
        s.applyTo(a);
        double[] au = IntStream.range(0, 40).mapToDouble(i -> percent(a.shoot(s.item(), 10, null), "Au")).toArray();
        double first = java.util.Arrays.stream(au, 0, 5).average().orElseThrow();
        double last = java.util.Arrays.stream(au, 35, 40).average().orElseThrow();
        assertTrue(first - last > 0.5, first + " then " + last);
    }

    @Test
    void reading_carriesIdentityStartTimeAndGrade() {
        SimulatedXrfAnalyzer a = new SimulatedXrfAnalyzer("xrf-1", new Random(1), CLOCK);
        a.setIdentity("S1 TITAN 800", "SN-42", "insp");
        XrfReading r = a.shoot(XrfScenario.named("jewellery-18k").item(), 10, "D-1/1");
        assertEquals("SN-42", r.analyzerSerial());
        assertEquals(CLOCK.instant().minusSeconds(10), r.startedAt());
        assertEquals("18K Gold", r.bestGradeMatch().orElseThrow().grade());
        assertEquals("D-1/1", r.sampleLabel());
    }
}
