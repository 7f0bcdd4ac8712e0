package org.touchstone.agent.calibration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The control chart of one analyzer, one element and one reference material: every check point in order, plotted
 * as its z-score (x − c) / sqrt(u_meas² + u_cert²). The chart's mean is the certified value (z = 0) and its s the
 * combined standard uncertainty. Westgard-style rules flag drift.
 *
 * <p>Each CRM gets its own chart for an element: a drift shows differently on fine gold (where the analyzer's
 * normalisation to 100 % hides it) than on an alloy, and mixing them would break the runs the rules look for.
 */
public final class ControlChart {

    /** The rules, each judged at a point over the points up to it. */
    public enum Rule {
        /** One point beyond 3 s. */
        ONE_3S("1-3s", 1),
        /** Two points in a row beyond 2 s on the same side. */
        TWO_2S("2-2s", 2),
        /** Four points in a row beyond 1 s on the same side. */
        FOUR_1S("4-1s", 4),
        /** Eight points in a row on the same side of the mean. */
        EIGHT_X("8x", 8);

        private final String label;
        private final int points;

        Rule(String label, int points) {
            this.label = label;
            this.points = points;
        }

        public String label() {
            return label;
        }

        /** How many points the rule looks at. */
        public int points() {
            return points;
        }

        boolean violatedBy(List<Double> last) {
            if (last.size() < points) {
                return false;
            }
            List<Double> window = last.subList(last.size() - points, last.size());
            return switch (this) {
                case ONE_3S -> Math.abs(window.get(0)) > 3;
                case TWO_2S -> window.stream().allMatch(z -> z > 2) || window.stream().allMatch(z -> z < -2);
                case FOUR_1S -> window.stream().allMatch(z -> z > 1) || window.stream().allMatch(z -> z < -1);
                case EIGHT_X -> window.stream().allMatch(z -> z > 0) || window.stream().allMatch(z -> z < 0);
            };
        }
    }

    /**
     * A rule broken at a point.
     *
     * @param rule       the rule
     * @param standardId the chart's reference material
     * @param element    the chart's element
     * @param index      the point (0-based on the chart) at which the rule was broken
     * @param at         when that point was measured
     */
    public record Violation(Rule rule, String standardId, String element, int index, Instant at) {
        public Violation {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(standardId, "standardId");
            Objects.requireNonNull(element, "element");
        }
    }

    /** Which chart: a reference material and one of its certified elements. */
    public record Key(String standardId, String element) {
        @Override
        public String toString() {
            return element + " on " + standardId;
        }
    }

    private final String deviceId;
    private final Key key;
    private final List<XrfCheckPoint> points;

    public ControlChart(String deviceId, Key key, List<XrfCheckPoint> points) {
        this.deviceId = deviceId;
        this.key = Objects.requireNonNull(key, "key");
        this.points = List.copyOf(points);
    }

    /** One chart from a device's check history (oldest first), since the last fresh start. */
    public static ControlChart of(String deviceId, Key key, List<XrfCheckRecord> history) {
        List<XrfCheckPoint> points = new ArrayList<>();
        for (XrfCheckRecord r : current(history)) {
            r.points().stream().filter(p -> key.equals(keyOf(p))).forEach(points::add);
        }
        return new ControlChart(deviceId, key, points);
    }

    /** Every chart of a device's current history. */
    public static Set<Key> keys(List<XrfCheckRecord> history) {
        Set<Key> out = new LinkedHashSet<>();
        current(history).forEach(r -> r.points().forEach(p -> out.add(keyOf(p))));
        return out;
    }

    public static Key keyOf(XrfCheckPoint p) {
        return new Key(p.standardId(), p.element());
    }

    /** The records since the last one that started the charts afresh. */
    static List<XrfCheckRecord> current(List<XrfCheckRecord> history) {
        int start = 0;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).procedure().newChart()) {
                start = i;
            }
        }
        return history.subList(start, history.size());
    }

    public String deviceId() {
        return deviceId;
    }

    public Key key() {
        return key;
    }

    public List<XrfCheckPoint> points() {
        return points;
    }

    /** Every rule broken at every point from {@code fromIndex} on. */
    public List<Violation> violations(int fromIndex) {
        List<Violation> out = new ArrayList<>();
        List<Double> z = points.stream().map(XrfCheckPoint::zScore).toList();
        for (int i = Math.max(0, fromIndex); i < z.size(); i++) {
            List<Double> upTo = z.subList(0, i + 1);
            for (Rule rule : Rule.values()) {
                if (rule.violatedBy(upTo)) {
                    out.add(new Violation(rule, key.standardId(), key.element(), i, points.get(i).at()));
                }
            }
        }
        return out;
    }

    public List<Violation> violations() {
        return violations(0);
    }

    /** Mean and standard deviation of the z-scores so far (the chart's observed centre and spread). */
    public SummaryStatistics statistics() {
        SummaryStatistics s = new SummaryStatistics();
        points.forEach(p -> s.addValue(p.zScore()));
        return s;
    }
}
