package org.touchstone.agent.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Each Westgard rule on its own, with z-scores written out: the chart's s here is the point's combined
 * uncertainty √(u_meas² + u_cert² + u_accepted²) = √(0.06² + 0.0² + 0.08²) = 0.1 wt%, so a reading of
 * 75.0 + 0.1 z is a point at z.
 */
class ControlChartTest {

    private static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");
    private static final CertifiedValue AU = new CertifiedValue(75.0, 0.0, 2.0, 0.08);
    private static final ControlChart.Key KEY = new ControlChart.Key("AU-750", "Au");

    private static XrfCheckPoint at(double z, int day) {
        return XrfCheckPoint.of("AU-750", "Au", AU, 75.0 + 0.1 * z, 0.06, null, T0.plus(Duration.ofDays(day)));
    }

    private static ControlChart chart(double... z) {
        List<XrfCheckPoint> points = new ArrayList<>();
        for (int i = 0; i < z.length; i++) {
            points.add(at(z[i], i));
        }
        return new ControlChart("xrf-1", KEY, points);
    }

    /** The rules broken at the last point. */
    private static Set<ControlChart.Rule> atLast(ControlChart c) {
        return c.violations(c.points().size() - 1).stream().map(ControlChart.Violation::rule).collect(Collectors.toSet());
    }

    @Test
    void point_zIsDeviationOverCombinedUncertaintyWithAcceptedBias() {
        // 75.25 read: (75.25 − 75.0) / √(0.06² + 0.08²) = 0.25 / 0.1 = 2.5.
        XrfCheckPoint p = XrfCheckPoint.of("AU-750", "Au", AU, 75.25, 0.06, null, T0);
        assertEquals(2.5, p.zScore(), 1e-9);
        assertTrue(p.passed(), "within the 3 s action limit");
        assertFalse(XrfCheckPoint.of("AU-750", "Au", AU, 75.31, 0.06, null, T0).passed());
    }

    @Test
    void oneThreeS_onePointBeyondThree_rejects() {
        assertEquals(Set.of(ControlChart.Rule.ONE_3S), atLast(chart(0.2, -0.4, 3.1)));
        assertEquals(Set.of(ControlChart.Rule.ONE_3S), atLast(chart(-3.2)));
    }

    @Test
    void oneTwoS_aloneIsOnlyAWarning() {
        ControlChart c = chart(0.3, -0.5, 2.4);
        assertEquals(Set.of(ControlChart.Rule.ONE_2S), atLast(c));
        assertFalse(ControlChart.Rule.ONE_2S.rejects());
    }

    @Test
    void twoTwoS_twoInARowBeyondTwoSameSide_rejects() {
        assertTrue(atLast(chart(0.1, 2.2, 2.3)).contains(ControlChart.Rule.TWO_2S));
        assertFalse(atLast(chart(0.1, -2.2, 2.3)).contains(ControlChart.Rule.TWO_2S), "opposite sides");
        assertFalse(atLast(chart(2.2, 0.5, 2.3)).contains(ControlChart.Rule.TWO_2S), "not in a row");
    }

    @Test
    void fourOneS_fourBeyondOneSameSide_rejectsWhenTheLastWarns() {
        assertEquals(Set.of(ControlChart.Rule.ONE_2S, ControlChart.Rule.FOUR_1S),
                atLast(chart(0.0, 1.2, 1.5, 1.1, 2.1)));
        // Four beyond 1 s, but the last not beyond 2 s: no warning, so the rule is not read.
        assertEquals(Set.of(), atLast(chart(0.0, 1.2, 1.5, 1.1, 1.9)));
        assertFalse(atLast(chart(0.0, 1.2, 0.9, 1.1, 2.1)).contains(ControlChart.Rule.FOUR_1S), "one at 0.9");
    }

    @Test
    void tenX_tenOnOneSide_rejectsWhenTheLastWarns() {
        assertEquals(Set.of(ControlChart.Rule.ONE_2S, ControlChart.Rule.TEN_X),
                atLast(chart(-0.5, 0.3, 0.2, 0.6, 0.1, 0.9, 0.4, 0.2, 0.7, 0.3, 2.2)));
        assertFalse(atLast(chart(0.3, 0.2, 0.6, 0.1, 0.9, 0.4, 0.2, -0.1, 0.3, 2.2)).contains(ControlChart.Rule.TEN_X));
    }

    @Test
    void afterTwentyPoints_theChartsOwnCentreAndSpreadJudge() {
        // Twenty points alternating 1.4 and 1.6 (a stable bias of 1.5 s against the certificate): centre 0.150 wt%
        // above c, sd 0.01026 wt%. The 21st point at the same bias is z = 0 on the established chart; one 0.05 wt%
        // higher is (0.2 − 0.15) / 0.01026 = 4.87 baseline s, t = 4.87 / √1.05 = 4.75 on 19 degrees of freedom:
        // P = 7e-5 one-sided (t table: t(0.9999, 19) = 4.59), a normal score near 3.8: beyond 3 s, rejected.
        double[] z = new double[21];
        for (int i = 0; i < 20; i++) {
            z[i] = i % 2 == 0 ? 1.4 : 1.6;
        }
        z[20] = 1.5;
        ControlChart steady = chart(z);
        assertEquals(0.0, steady.zScores().get(20), 1e-9);
        assertTrue(steady.violations().stream().noneMatch(v -> v.rule().rejects()));
        z[20] = 2.0;
        ControlChart moved = chart(z);
        assertTrue(moved.zScores().get(20) > 3.6 && moved.zScores().get(20) < 4.0, "z " + moved.zScores().get(20));
        assertEquals(Set.of(ControlChart.Rule.ONE_3S), atLast(moved));
    }

    private static XrfCheckRecord run(XrfCheckProcedure procedure, double au, List<XrfCheckRecord> history, int day) {
        XrfReading r = new XrfReading("xrf-1", null, "PreciousMetals", null, 10, T0.plus(Duration.ofDays(day)),
                List.of(ElementResult.detected("Au", au, 0.12, 2)), "");
        return new XrfCheck(procedure).evaluate("xrf-1", List.of(r), history, T0.plus(Duration.ofDays(day)));
    }

    @Test
    void newChart_startsTheChartsAfresh_oldPointsNoLongerCount() {
        CheckStandard std = new CheckStandard("AU-750", "18K", "C", java.util.Map.of("Au", AU));
        XrfCheckProcedure normal = new XrfCheckProcedure("T", List.of(std), 1, 1, false, null);
        XrfCheckProcedure fresh = new XrfCheckProcedure("T", List.of(std), 1, 1, true, null);
        List<XrfCheckRecord> history = new ArrayList<>();
        history.add(run(normal, 75.22, history, 0));            // z = 2.2: a warning
        XrfCheckRecord second = run(normal, 75.23, history, 1);  // 2.3 after 2.2: 2-2s rejects
        assertFalse(second.passed());
        assertTrue(second.violations().stream().anyMatch(v -> v.rule() == ControlChart.Rule.TWO_2S));
        history.add(second);
        // After a service the technician starts afresh: the same reading is judged alone, only a warning.
        XrfCheckRecord afresh = run(fresh, 75.23, history, 2);
        assertTrue(afresh.passed(), afresh.failures());
        history.add(afresh);
        assertEquals(1, ControlChart.of("xrf-1", new ControlChart.Key("AU-750", "Au"), history).points().size());
        XrfCheckRecord next = run(normal, 75.23, history, 3);
        assertFalse(next.passed(), "2-2s again on the fresh chart: 2.3 after 2.3");
    }
}
