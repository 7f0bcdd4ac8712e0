package org.touchstone.agent.calibration;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a device's calibration history as a PNG with JFreeChart: for an XRF analyzer one control chart per CRM and
 * element (z-scores with the ±2 s and ±3 s limits, points that broke a rule in red); for a scale the errors of
 * indication of its latest verification against the ±MPE envelope.
 */
public final class ControlChartPicture {

    private ControlChartPicture() {
    }

    public static void xrf(String deviceId, List<XrfCheckRecord> history, Path png) throws IOException {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new DateAxis("time"));
        for (ControlChart.Key key : ControlChart.keys(history)) {
            ControlChart chart = ControlChart.of(deviceId, key, history);
            TimeSeries points = new TimeSeries("z " + key);
            TimeSeries flagged = new TimeSeries("rule broken " + key);
            java.util.Set<Integer> bad = new java.util.HashSet<>();
            chart.violations().stream().filter(v -> v.rule().rejects()).forEach(v -> bad.add(v.index()));
            List<Double> z = chart.zScores();
            for (int i = 0; i < chart.points().size(); i++) {
                XrfCheckPoint p = chart.points().get(i);
                Millisecond t = new Millisecond(Date.from(p.at().plusMillis(i)));
                points.addOrUpdate(t, z.get(i));
                if (bad.contains(i) || !p.passed()) {
                    flagged.addOrUpdate(t, z.get(i));
                }
            }
            TimeSeriesCollection data = new TimeSeriesCollection(points);
            data.addSeries(flagged);
            NumberAxis axis = new NumberAxis(key.toString() + " (z, s)");
            axis.setRange(-4.5, 4.5);
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            renderer.setSeriesPaint(0, new Color(30, 80, 160));
            renderer.setSeriesLinesVisible(1, false);
            renderer.setSeriesPaint(1, Color.RED);
            XYPlot plot = new XYPlot(data, null, axis, renderer);
            limits(plot);
            combined.add(plot);
        }
        JFreeChart chart = new JFreeChart(deviceId + ": check-standard control charts", combined);
        write(chart, png, Math.max(1, ControlChart.keys(history).size()));
    }

    public static void scale(ScaleVerificationRecord record, Path png) throws IOException {
        XYSeries errors = new XYSeries("error of indication");
        XYSeries plus = new XYSeries("+MPE");
        XYSeries minus = new XYSeries("-MPE");
        for (ScaleCheck c : record.checks()) {
            if (c.test() == ScaleStep.ScaleTest.INDICATION || c.test() == ScaleStep.ScaleTest.ZERO) {
                errors.add(c.loadGrams(), c.errorGrams());
                plus.add(c.loadGrams(), c.mpeGrams());
                minus.add(c.loadGrams(), -c.mpeGrams());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(errors);
        data.addSeries(plus);
        data.addSeries(minus);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(1, Color.RED);
        renderer.setSeriesPaint(2, Color.RED);
        XYPlot plot = new XYPlot(data, new NumberAxis("load (g)"), new NumberAxis("error (g)"), renderer);
        plot.addRangeMarker(new ValueMarker(0, Color.GRAY, new BasicStroke(1f)));
        JFreeChart chart = new JFreeChart(record.deviceId() + ": verification of " + CalibrationBook.day(record.performedAt())
                + (record.passed() ? " (passed)" : " (FAILED: " + record.failures() + ")"), plot);
        write(chart, png, 1);
    }

    private static void limits(XYPlot plot) {
        plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f)));
        for (double s : new double[] {-3, -2, 2, 3}) {
            plot.addRangeMarker(new ValueMarker(s, Math.abs(s) == 3 ? Color.RED : Color.ORANGE, new BasicStroke(1f)));
        }
    }

    private static void write(JFreeChart chart, Path png, int panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 250 + 220 * panels);
    }
}
