package org.touchstone.hq.view;

import static org.touchstone.agent.console.Html.esc;

import java.util.List;
import java.util.Locale;

/** Server-rendered SVG for the headquarters view: no chart library, no script, readable without colour. */
final class HqCharts {

    /** One line of a trend chart. */
    record Series(String name, String cssClass, List<Long> values) {
    }

    private static final int W = 720;
    private static final int H = 240;
    private static final int LEFT = 44;
    private static final int RIGHT = 130;
    private static final int TOP = 12;
    private static final int BOTTOM = 34;

    private HqCharts() {
    }

    /** Counts per month as lines, a legend on the right, month labels below, the scale on the left. */
    static String trend(String title, List<String> months, List<Series> series) {
        long max = 1;
        for (Series s : series) {
            for (long v : s.values()) {
                max = Math.max(max, v);
            }
        }
        long top = niceCeiling(max);
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        int n = months.size();
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"chart trend\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\"><title>").append(esc(title))
                .append("</title>");
        for (int g = 0; g <= 4; g++) {
            double y = TOP + plotH - plotH * g / 4.0;
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    LEFT, y, LEFT + plotW, y));
            b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>",
                    LEFT - 6, y + 4, top * g / 4));
        }
        for (int i = 0; i < n; i++) {
            if (n <= 12 || i % Math.max(1, n / 12) == 0) {
                b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        x(i, n, plotW), H - BOTTOM + 16, esc(months.get(i))));
            }
        }
        int legend = 0;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.values().size() && i < n; i++) {
                double y = TOP + plotH - plotH * s.values().get(i) / (double) top;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n, plotW), y));
                b.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%s %s: %d"
                        + "</title></circle>", s.cssClass(), x(i, n, plotW), y, esc(s.name()), esc(months.get(i)),
                        s.values().get(i)));
            }
            b.append("<polyline class=\"").append(s.cssClass()).append("\" points=\"").append(points.toString().trim())
                    .append("\"/>");
            int ly = TOP + 10 + legend * 18;
            b.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                    + "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>", s.cssClass(), W - RIGHT + 12, ly,
                    W - RIGHT + 30, ly, W - RIGHT + 36, ly + 4, esc(s.name())));
            legend++;
        }
        return b.append("</svg>").toString();
    }

    /** Horizontal bars: one per label, its count written at its end. */
    static String bars(String title, List<String> labels, List<Long> counts) {
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        int rowH = 22;
        int labelW = 170;
        int barW = 190;
        int h = Math.max(1, labels.size()) * rowH + 8;
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"chart bars\" viewBox=\"0 0 ").append(labelW + barW + 40).append(' ').append(h)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\"><title>").append(esc(title))
                .append("</title>");
        for (int i = 0; i < labels.size(); i++) {
            int y = 4 + i * rowH;
            double w = barW * counts.get(i) / (double) max;
            b.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>"
                            + "<text class=\"legend\" x=\"%.1f\" y=\"%d\">%d</text>", labelW - 8, y + 15,
                    esc(labels.get(i)), labelW, y + 2, Math.max(1, w), rowH - 6, labelW + w + 6, y + 15, counts.get(i)));
        }
        return b.append("</svg>").toString();
    }

    private static double x(int i, int n, double plotW) {
        return LEFT + (n <= 1 ? plotW / 2 : plotW * i / (n - 1));
    }

    /** The scale's top: four grid steps, each step 1, 2, 2.5 or 5 times a power of ten (integers only). */
    static long niceCeiling(long v) {
        long need = Math.max(1, (v + 3) / 4);
        for (long p = 1; ; p *= 10) {
            for (long m : new long[]{10, 20, 25, 50}) {
                long step = m * p / 10;
                if (m * p % 10 == 0 && step >= need) {
                    return 4 * step;
                }
            }
        }
    }
}
