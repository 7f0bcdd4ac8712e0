package org.touchstone.agent.console;

import static org.touchstone.agent.console.Html.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.calibration.ControlChart;
import org.touchstone.agent.calibration.ScaleCheck;
import org.touchstone.agent.calibration.XrfCheckPoint;

/**
 * The console's pictures, drawn as SVG in the page (no script, no library): an item's measurement against its
 * declaration, an analyzer's control chart, a scale's maximum permissible error.
 */
final class Charts {

    private Charts() {
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * A measurement as a bar: the interval {@code [low, high]} around the measured value, and the declared value
     * as a line. The declared line inside the bar means the measurement is consistent with the declaration.
     *
     * @param threshold a second line (declared minus a national tolerance), or NaN
     * @param ok        whether the decision is consistent (colours the bar)
     */
    static String measureBar(Messages m, double measured, double low, double high, double declared, double threshold,
                             boolean ok, int decimals, String unit, String label, double ceiling) {
        int width = 460;
        int height = 64;
        int left = 12;
        int right = width - 12;
        double lo = Math.min(Math.min(low, declared), Double.isNaN(threshold) ? declared : threshold);
        double hi = Math.max(Math.max(high, declared), Double.isNaN(threshold) ? declared : threshold);
        double span = hi - lo;
        if (span <= 0) {
            span = Math.max(Math.abs(hi) * 1e-3, 1e-6);
        }
        lo -= span * 0.25;
        hi = Math.min(hi + span * 0.25, ceiling);
        double a = lo;
        double b = hi;
        // An interval reaching past the axis (an upper bound above 100 %) is cut at its end.
        java.util.function.DoubleUnaryOperator x = v -> Math.max(left, Math.min(right,
                left + (v - a) / (b - a) * (right - left)));
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"bar\" role=\"img\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\"><title>")
                .append(esc(label)).append("</title>");
        s.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"40\" x2=\"").append(right)
                .append("\" y2=\"40\"/>");
        for (int i = 0; i <= 4; i++) {
            double v = a + (b - a) * i / 4;
            double px = x.applyAsDouble(v);
            s.append("<line class=\"tick\" x1=\"").append(f(px)).append("\" y1=\"40\" x2=\"").append(f(px))
                    .append("\" y2=\"44\"/><text class=\"tick\" x=\"").append(f(px)).append("\" y=\"58\" text-anchor=\"")
                    .append(i == 0 ? "start" : i == 4 ? "end" : "middle").append("\">")
                    .append(esc(m.number(v, decimals))).append("</text>");
        }
        double x0 = x.applyAsDouble(low);
        double x1 = x.applyAsDouble(high);
        if (!ok) {
            // A discrepancy far larger than the interval would leave the bar a sliver: the gap to the declared
            // value is drawn too.
            s.append("<line class=\"gap\" x1=\"").append(f(x.applyAsDouble(declared))).append("\" y1=\"26\" x2=\"")
                    .append(f(x.applyAsDouble(measured))).append("\" y2=\"26\"/>");
        }
        s.append("<rect class=\"interval ").append(ok ? "ok" : "bad").append("\" x=\"").append(f(Math.min(x0,
                x.applyAsDouble(measured) - 2))).append("\" y=\"18\" width=\"").append(f(Math.max(4, x1 - x0)))
                .append("\" height=\"16\" rx=\"3\"/>");
        s.append("<circle class=\"measured\" cx=\"").append(f(x.applyAsDouble(measured)))
                .append("\" cy=\"26\" r=\"4\"/>");
        if (!Double.isNaN(threshold) && threshold != declared) {
            double tx = x.applyAsDouble(threshold);
            s.append("<line class=\"threshold\" x1=\"").append(f(tx)).append("\" y1=\"10\" x2=\"").append(f(tx))
                    .append("\" y2=\"42\"/>");
        }
        double dx = x.applyAsDouble(declared);
        s.append("<line class=\"declared\" x1=\"").append(f(dx)).append("\" y1=\"6\" x2=\"").append(f(dx))
                .append("\" y2=\"42\"/><text class=\"declared\" x=\"").append(f(dx)).append("\" y=\"10\" text-anchor=\"")
                .append(dx > width * 0.75 ? "end" : dx < width * 0.25 ? "start" : "middle").append("\" dx=\"")
                .append(dx > width * 0.75 ? "-4" : dx < width * 0.25 ? "4" : "0").append("\">")
                .append(esc(m.t("chart.declared") + " " + m.number(declared, decimals) + " " + unit)).append("</text>");
        return s.append("</svg>").toString();
    }

    /**
     * One control chart: each point's z-score (x − c)/u_c in order, with the centre line, the 2 s warning and the
     * 3 s action limits; points where a Westgard rule broke are marked.
     */
    static String controlChart(Messages m, ControlChart chart) {
        List<XrfCheckPoint> points = chart.points();
        Set<Integer> broken = chart.violations().stream().map(ControlChart.Violation::index).collect(Collectors.toSet());
        int width = 460;
        int height = 180;
        int left = 34;
        int right = width - 10;
        int top = 10;
        int bottom = height - 22;
        double zMax = 4;
        java.util.function.DoubleUnaryOperator y = z -> top + (zMax - Math.max(-zMax, Math.min(zMax, z)))
                / (2 * zMax) * (bottom - top);
        int n = Math.max(points.size(), 2);
        java.util.function.IntToDoubleFunction x = i -> left + (n == 1 ? 0 : (double) i / (n - 1)) * (right - left);
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart control\" role=\"img\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\"><title>")
                .append(esc(m.t("chart.control", chart.key().element(), chart.key().standardId()))).append("</title>");
        for (int z : new int[] {3, 2, 1, 0, -1, -2, -3}) {
            String cls = z == 0 ? "centre" : Math.abs(z) == 3 ? "action" : Math.abs(z) == 2 ? "warning" : "sigma";
            double py = y.applyAsDouble(z);
            s.append("<line class=\"").append(cls).append("\" x1=\"").append(left).append("\" y1=\"").append(f(py))
                    .append("\" x2=\"").append(right).append("\" y2=\"").append(f(py)).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(left - 4).append("\" y=\"").append(f(py + 3))
                    .append("\" text-anchor=\"end\">").append(z > 0 ? "+" : "").append(z).append("s</text>");
        }
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            path.append(i == 0 ? "M" : "L").append(f(x.applyAsDouble(i))).append(',')
                    .append(f(y.applyAsDouble(points.get(i).zScore())));
        }
        if (points.size() > 1) {
            s.append("<path class=\"series\" d=\"").append(path).append("\"/>");
        }
        for (int i = 0; i < points.size(); i++) {
            XrfCheckPoint p = points.get(i);
            boolean bad = broken.contains(i) || !p.passed();
            s.append("<circle class=\"point").append(bad ? " bad" : "").append("\" cx=\"").append(f(x.applyAsDouble(i)))
                    .append("\" cy=\"").append(f(y.applyAsDouble(p.zScore()))).append("\" r=\"3.5\"><title>")
                    .append(esc(m.dateTime(p.at()) + ": " + p.element() + " " + m.number(p.measuredPercent(), 3)
                            + " % / " + m.number(p.certifiedPercent(), 3) + " %, z = " + m.number(p.zScore(), 2)))
                    .append("</title></circle>");
        }
        s.append("<text class=\"tick\" x=\"").append(left).append("\" y=\"").append(height - 6).append("\">")
                .append(esc(m.t("chart.runs", points.size()))).append("</text>");
        return s.append("</svg>").toString();
    }

    /** A step of the MPE: from {@code fromGrams} (exclusive, but 0 inclusive) to {@code toGrams} inclusive. */
    record Step(double fromGrams, double toGrams, double initialMpeGrams, double inServiceMpeGrams) {
    }

    /**
     * The scale's MPE as the step function OIML R 76-1 Table 6 makes it, from zero to Max: found by bisection on
     * whole verification intervals, so each step ends exactly where the class's band in e ends.
     */
    static List<Step> mpeSteps(ScaleMetrology metrology) {
        double e = metrology.verificationIntervalGrams().doubleValue();
        long n = Math.round(metrology.capacityGrams().doubleValue() / e);
        List<Step> steps = new ArrayList<>();
        long k = 0;
        double from = 0;
        while (true) {
            double level = metrology.initialMpeGrams(k * e);
            long lo = k;
            long hi = n;
            if (metrology.initialMpeGrams(n * e) == level) {
                lo = n;
            } else {
                // The MPE only grows with the load: the last whole e at this level is where the band ends.
                while (hi - lo > 1) {
                    long mid = (lo + hi) >>> 1;
                    if (metrology.initialMpeGrams(mid * e) == level) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
            }
            steps.add(new Step(from, lo * e, level, metrology.inServiceMpeGrams(lo * e)));
            if (lo >= n) {
                return steps;
            }
            from = lo * e;
            k = lo + 1;
        }
    }

    /**
     * The MPE against load, in-service (what an inspection allows) and at verification (what a check is held
     * to), with the errors the last verification found at its loads.
     */
    static String mpeChart(Messages m, ScaleMetrology metrology, List<ScaleCheck> lastChecks) {
        List<Step> steps = mpeSteps(metrology);
        int width = 460;
        int height = 200;
        int left = 44;
        int right = width - 10;
        int top = 12;
        int bottom = height - 30;
        double max = metrology.capacityGrams().doubleValue();
        // The axis is the MPE's, not the worst error's: a failed check far outside is drawn at the top, marked.
        double yMax = steps.stream().mapToDouble(Step::inServiceMpeGrams).max().orElse(1) * 2.2;
        double ym = yMax;
        java.util.function.DoubleUnaryOperator x = g -> left + g / max * (right - left);
        java.util.function.DoubleUnaryOperator y = g -> bottom - g / ym * (bottom - top);
        int decimals = Math.max(0, metrology.verificationIntervalGrams().stripTrailingZeros().scale());
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart mpe\" role=\"img\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\"><title>")
                .append(esc(m.t("chart.mpe"))).append("</title>");
        s.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(bottom).append("\" x2=\"")
                .append(right).append("\" y2=\"").append(bottom).append("\"/><line class=\"axis\" x1=\"").append(left)
                .append("\" y1=\"").append(top).append("\" x2=\"").append(left).append("\" y2=\"").append(bottom)
                .append("\"/>");
        for (String kind : new String[] {"inservice", "initial"}) {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < steps.size(); i++) {
                Step st = steps.get(i);
                double v = kind.equals("inservice") ? st.inServiceMpeGrams() : st.initialMpeGrams();
                d.append(i == 0 ? "M" : "L").append(f(x.applyAsDouble(st.fromGrams()))).append(',')
                        .append(f(y.applyAsDouble(v))).append("L").append(f(x.applyAsDouble(st.toGrams()))).append(',')
                        .append(f(y.applyAsDouble(v)));
            }
            s.append("<path class=\"step ").append(kind).append("\" d=\"").append(d).append("\"/>");
        }
        double lastLabelY = Double.MAX_VALUE;
        for (Step st : steps) {
            s.append("<text class=\"tick\" x=\"").append(f(x.applyAsDouble(st.toGrams()))).append("\" y=\"")
                    .append(bottom + 12).append("\" text-anchor=\"end\">").append(esc(m.number(st.toGrams(), 0)))
                    .append("</text>");
            double py = y.applyAsDouble(st.inServiceMpeGrams());
            if (lastLabelY - py >= 11) {
                s.append("<text class=\"tick\" x=\"").append(left - 4).append("\" y=\"").append(f(py + 3))
                        .append("\" text-anchor=\"end\">").append(esc(m.number(st.inServiceMpeGrams(), decimals)))
                        .append("</text>");
                lastLabelY = py;
            }
        }
        for (ScaleCheck c : lastChecks) {
            if (c.loadGrams() <= 0 || c.loadGrams() > max) {
                continue;
            }
            boolean off = Math.abs(c.errorGrams()) > ym;
            s.append("<circle class=\"point").append(c.passed() ? "" : " bad").append(off ? " off" : "")
                    .append("\" cx=\"").append(f(x.applyAsDouble(c.loadGrams()))).append("\" cy=\"")
                    .append(f(y.applyAsDouble(Math.min(ym, Math.abs(c.errorGrams()))))).append("\" r=\"")
                    .append(off ? "5" : "3.5").append("\"><title>")
                    .append(esc(m.t("chart.check", c.test().name().toLowerCase(Locale.ROOT),
                            m.number(c.loadGrams(), decimals), m.number(c.errorGrams(), decimals + 1),
                            m.number(c.mpeGrams(), decimals))))
                    .append("</title></circle>");
        }
        s.append("<text class=\"legend inservice\" x=\"").append(left + 6).append("\" y=\"").append(height - 4)
                .append("\">").append(esc(m.t("chart.mpe.inservice"))).append("</text><text class=\"legend initial\" x=\"")
                .append(left + 270).append("\" y=\"").append(height - 4).append("\">")
                .append(esc(m.t("chart.mpe.initial"))).append("</text>");
        return s.append("</svg>").toString();
    }
}
