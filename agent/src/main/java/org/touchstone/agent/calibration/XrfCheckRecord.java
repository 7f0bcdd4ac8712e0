package org.touchstone.agent.calibration;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An XRF check-standard run as journaled: the CRMs, every point, the Westgard rules the run violated, and the
 * verdict.
 *
 * @param deviceId     the analyzer
 * @param serialNumber the analyzer's serial number as its results report it, or null
 * @param procedure    what was measured
 * @param performedAt  when it was finished
 * @param nextDue      when the next check is due
 * @param points       every element of every shot against its certified value
 * @param violations   Westgard rules this run's points broke on the device's control charts, 1-2s warnings included
 * @param passed       every point within the 3 s action limit and no rejection rule broken
 */
public record XrfCheckRecord(String deviceId, String serialNumber, XrfCheckProcedure procedure, Instant performedAt,
                             Instant nextDue, List<XrfCheckPoint> points, List<ControlChart.Violation> violations,
                             boolean passed) implements CalibrationRecord {
    public XrfCheckRecord {
        ReferenceWeightSet.requireText(deviceId, "deviceId");
        Objects.requireNonNull(procedure, "procedure");
        Objects.requireNonNull(performedAt, "performedAt");
        Objects.requireNonNull(nextDue, "nextDue");
        points = List.copyOf(Objects.requireNonNull(points, "points"));
        violations = violations == null ? List.of() : List.copyOf(violations);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("points must not be empty: a run measures at least one element");
        }
        boolean expected = points.stream().allMatch(XrfCheckPoint::passed)
                && violations.stream().noneMatch(v -> v.rule().rejects());
        if (passed != expected) {
            throw new IllegalArgumentException("passed must be true exactly when every point passed and no rule was"
                    + " violated, was: " + passed);
        }
    }

    @Override
    public String technician() {
        return procedure.technician();
    }

    @Override
    public String failures() {
        String points = this.points.stream().filter(p -> !p.passed())
                .map(p -> p.element() + " on " + p.standardId()).distinct().collect(Collectors.joining(", "));
        String rules = violations.stream().filter(v -> v.rule().rejects()).map(v -> "rule " + v.rule().label() + " on " + v.element() + " (" + v.standardId() + ")")
                .distinct().collect(Collectors.joining(", "));
        return points.isEmpty() ? rules : rules.isEmpty() ? points : points + "; " + rules;
    }
}
