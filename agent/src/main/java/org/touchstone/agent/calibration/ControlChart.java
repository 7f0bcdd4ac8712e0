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
 * as a z-score. For its first {@link #BASELINE_POINTS} points the centre is the certified value and s the combined
 * standard uncertainty with the deviation the procedure accepts; after them the analyzer's own mean and standard
 * deviation over those points. Westgard's multi-rules flag drift.
 *
 * <p>Each CRM gets its own chart for an element: a drift shows differently on fine gold (where the analyzer's
 * normalisation to 100 % hides it) than on an alloy, and mixing them would break the runs the rules look for.
 */
public final class ControlChart {

    /**
     * Westgard's multi-rules as laboratories use them. A point beyond 3 s rejects the run at once (action limit). A
     * point beyond 2 s is a warning ({@link #ONE_2S}): it does not reject by itself, but it makes the analyzer's
     * recent points be read by the other rules, and any of them broken rejects. So a sound analyzer with six
     * certified values a day fails on about 2 % of days (mostly the 1-3s action limit), where |z| <= 2 per point
     * failed one day in four; a drift shows as runs of points on one side and is caught within days
     * ({@code ControlChartMonteCarloTest}).
     */
    public enum Rule {
        /** One point beyond 2 s: a warning that calls the other rules. Never rejects on its own. */
        ONE_2S("1-2s", 1, false),
        /** One point beyond 3 s: rejects. */
        ONE_3S("1-3s", 1, true),
        /** With a warning: this and the previous point beyond 2 s on the same side. */
        TWO_2S("2-2s", 2, true),
        /** With a warning: this and the three previous points beyond 1 s on the same side. */
        FOUR_1S("4-1s", 4, true),
        /** With a warning: this and the nine previous points on the same side of the centre. */
        TEN_X("10x", 10, true);

        private final String label;
        private final int points;
        private final boolean rejects;

        Rule(String label, int points, boolean rejects) {
            this.label = label;
            this.points = points;
            this.rejects = rejects;
        }

        public String label() {
            return label;
        }

        /** How many points the rule looks at. */
        public int points() {
            return points;
        }

        /** True for a rejection rule, false for the 1-2s warning. */
        public boolean rejects() {
            return rejects;
        }

        /** Whether the rule is broken at the last of {@code z} (z-scores in order, the point judged last). */
        boolean brokenAtLast(List<Double> z) {
            if (z.size() < points) {
                return false;
            }
            double last = z.get(z.size() - 1);
            boolean warning = Math.abs(last) > 2;
            return switch (this) {
                case ONE_2S -> warning && Math.abs(last) <= 3;
                case ONE_3S -> Math.abs(last) > 3;
                case TWO_2S -> warning && sameSideBeyond(z, 2, 2);
                case FOUR_1S -> warning && sameSideBeyond(z, 4, 1);
                case TEN_X -> warning && sameSideBeyond(z, 10, 0);
            };
        }

        private static boolean sameSideBeyond(List<Double> z, int n, double limit) {
            boolean above = true;
            boolean below = true;
            for (int i = z.size() - n; i < z.size(); i++) {
                above &= z.get(i) > limit;
                below &= z.get(i) < -limit;
            }
            return above || below;
        }
    }

    /**
     * Points a chart takes to establish its own centre and s (Westgard: at least 20 control measurements). Until
     * then a point is judged against its certificate, with the deviation the procedure accepts; from then on
     * against the analyzer's own mean and spread over those first points, so a stable bias is not a failure every
     * day (it goes into the uncertainty budget instead) while a change from it is caught.
     */
    public static final int BASELINE_POINTS = 20;

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

    /**
     * The points in chart units: before the baseline is complete each point's own z against its certificate;
     * once it is, every point, the baseline's own included (so the rules looking back do not mix the two scales),
     * as (deviation − baseline mean) / baseline standard deviation.
     */
    public List<Double> zScores() {
        List<Double> z = new ArrayList<>(points.size());
        double centre = 0;
        double s = 0;
        if (points.size() > BASELINE_POINTS) {
            SummaryStatistics base = new SummaryStatistics();
            points.subList(0, BASELINE_POINTS).forEach(p -> base.addValue(p.deviationPercent()));
            centre = base.getMean();
            s = base.getStandardDeviation();
        }
        for (int i = 0; i < points.size(); i++) {
            XrfCheckPoint p = points.get(i);
            z.add(!(s > 0) ? p.zScore() : established((p.deviationPercent() - centre) / s));
        }
        return z;
    }

    private static final org.apache.commons.math3.distribution.TDistribution BASELINE_T =
            new org.apache.commons.math3.distribution.TDistribution(null, BASELINE_POINTS - 1);
    private static final org.apache.commons.math3.distribution.NormalDistribution NORMAL =
            new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);

    /**
     * A deviation in baseline standard deviations, as the normal score of the same probability: a mean and s from
     * 20 points are themselves uncertain, so a new point's (x − m)/s follows Student's t with 19 degrees of freedom
     * scaled by √(1 + 1/20), not a normal. Read as a plain z, three in a hundred points of a sound analyzer would
     * break 3 s; as its normal score, three in a thousand, as the limits intend.
     */
    static double established(double t) {
        double p = BASELINE_T.cumulativeProbability(t / Math.sqrt(1 + 1.0 / BASELINE_POINTS));
        p = Math.min(1 - 1e-15, Math.max(1e-15, p));
        return NORMAL.inverseCumulativeProbability(p);
    }

    /** Every rule broken, warnings included, at every point from {@code fromIndex} on. */
    public List<Violation> violations(int fromIndex) {
        List<Violation> out = new ArrayList<>();
        List<Double> z = zScores();
        for (int i = Math.max(0, fromIndex); i < z.size(); i++) {
            List<Double> upTo = z.subList(0, i + 1);
            for (Rule rule : Rule.values()) {
                if (rule.brokenAtLast(upTo)) {
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
        zScores().forEach(s::addValue);
        return s;
    }
}
