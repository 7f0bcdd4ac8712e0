package org.touchstone.agent.calibration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Checks an XRF analyzer with certified reference materials: each certified element of each shot must agree with
 * its certified value within the 3 s action limit, |x − c| ≤ 3 · sqrt(u_meas² + u_cert² + u_accepted²), and the new
 * points must break no Westgard rejection rule on the analyzer's control charts (a 1-2s point is a warning).
 */
public final class XrfCheck {

    private final XrfCheckProcedure procedure;

    public XrfCheck(XrfCheckProcedure procedure) {
        this.procedure = procedure;
    }

    /** Runs every shot on the bench and evaluates them against the device's earlier checks (oldest first). */
    public XrfCheckRecord run(String deviceId, XrfBench bench, List<XrfCheckRecord> history, Clock clock) {
        List<XrfReading> readings = new ArrayList<>();
        for (CheckStandard s : procedure.standards()) {
            for (int i = 1; i <= procedure.shotsPerStandard(); i++) {
                readings.add(bench.measure(s, i, procedure.shotsPerStandard()));
            }
        }
        return evaluate(deviceId, readings, history, clock.instant());
    }

    /**
     * Evaluates results, {@code shotsPerStandard} per standard in the procedure's order.
     *
     * @throws IllegalArgumentException when the count differs from what the procedure measures
     */
    public XrfCheckRecord evaluate(String deviceId, List<XrfReading> readings, List<XrfCheckRecord> history,
                                   Instant performedAt) {
        int expected = procedure.standards().size() * procedure.shotsPerStandard();
        if (readings.size() != expected) {
            throw new IllegalArgumentException("results: the procedure measures " + expected + " shots, got "
                    + readings.size());
        }
        List<XrfCheckPoint> points = new ArrayList<>();
        String serial = null;
        int r = 0;
        for (CheckStandard s : procedure.standards()) {
            for (int i = 0; i < procedure.shotsPerStandard(); i++) {
                XrfReading reading = readings.get(r++);
                serial = reading.analyzerSerial() != null ? reading.analyzerSerial() : serial;
                for (Map.Entry<String, CertifiedValue> c : s.elements().entrySet()) {
                    ElementResult e = reading.element(c.getKey()).orElse(null);
                    double x = e == null || e.belowDetection() ? 0 : e.percent();
                    double u = e == null || e.belowDetection() ? 0 : e.standardUncertainty();
                    points.add(XrfCheckPoint.of(s.id(), c.getKey(), c.getValue(), x, u, reading.testNumber(),
                            reading.receivedAt()));
                }
            }
        }
        XrfCheckRecord draft = new XrfCheckRecord(deviceId, serial, procedure, performedAt,
                performedAt.plus(Duration.ofDays(procedure.validForDays())), points, List.of(),
                points.stream().allMatch(XrfCheckPoint::passed));
        List<XrfCheckRecord> withThis = new ArrayList<>(history);
        withThis.add(draft);
        List<ControlChart.Violation> violations = new ArrayList<>();
        for (ControlChart.Key key : ControlChart.keys(withThis)) {
            ControlChart chart = ControlChart.of(deviceId, key, withThis);
            long fresh = points.stream().filter(p -> key.equals(ControlChart.keyOf(p))).count();
            violations.addAll(chart.violations(chart.points().size() - (int) fresh));
        }
        return new XrfCheckRecord(deviceId, serial, procedure, performedAt, draft.nextDue(), points, violations,
                draft.passed() && violations.stream().noneMatch(v -> v.rule().rejects()));
    }

    /** One line per point, as a technician reads it. */
    public static List<String> describe(XrfCheckRecord record) {
        List<String> lines = new ArrayList<>();
        for (XrfCheckPoint p : record.points()) {
            lines.add(String.format(Locale.ROOT, "%-14s %-3s certified %7.3f %%  measured %7.3f %%  %+.3f %%"
                            + "  allowed ±%.3f %%  z %+5.2f  %s", p.standardId(), p.element(), p.certifiedPercent(),
                    p.measuredPercent(), p.deviationPercent(), XrfCheckPoint.K * p.combinedUncertainty(), p.zScore(),
                    p.passed() ? "PASS" : "FAIL"));
        }
        for (ControlChart.Violation v : record.violations()) {
            lines.add("control chart " + v.element() + " on " + v.standardId() + ": " + (v.rule().rejects()
                    ? "rule " + v.rule().label() + " broken at point " + (v.index() + 1) + " - drift"
                    : "warning (1-2s) at point " + (v.index() + 1) + ": the multi-rules were read"));
        }
        return lines;
    }
}
