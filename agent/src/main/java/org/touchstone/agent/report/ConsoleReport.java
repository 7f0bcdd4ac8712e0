package org.touchstone.agent.report;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.alert.VerdictText;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;

/** The inspector's console: one readable line per weighing, XRF shot and verdict, with the reasons under it. */
public final class ConsoleReport implements AgentEvents {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    /** The indent of the lines under an event's line (the time's and the event's columns, and then some). */
    private static final String UNDER = " ".repeat(20);
    private static final String NL = System.lineSeparator();

    private final PrintStream out;

    public ConsoleReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public void declarationAccepted(Declaration d, String source) {
        StringBuilder text = line(d.declarationId(), "DECLARATION", d.items().size() + " item(s) from "
                + nz(d.exporter()) + ", origin " + nz(d.originCountry()) + " (" + source + ")");
        d.items().forEach(i -> text.append(UNDER).append(" item ").append(i.itemId()).append(": ")
                .append(nz(i.description())).append(", ").append(i.pieces()).append(" pc ").append(i.form().text())
                .append(", ").append(i.metal() == null ? i.bodyInWords() : i.finenessMille().toPlainString() + " ‰")
                .append(", ").append(i.netMass()).append(", HS ").append(i.hsCode()).append(NL));
        print(text);
    }

    @Override
    public void declarationRejected(String source, String reason) {
        print(line("-", "REFUSED", source + ": " + reason));
    }

    @Override
    public void weighingRecorded(String declarationId, String itemId, Weighing w) {
        StringBuilder what = new StringBuilder(64);
        pad(what, w.reading().deviceId(), 8).append(' ').append(w.reading().value().toPlainString()).append(' ')
                .append(w.reading().unit().symbol()).append(" stable   [").append(w.reading().raw().trim()).append(']');
        print(line(declarationId + "/" + itemId, "WEIGHING", what.toString()));
    }

    @Override
    public void xrfShotRecorded(String declarationId, String itemId, XrfReading shot) {
        String elements = shot.elements().stream().filter(e -> !e.belowDetection() && e.percent() >= 0.05)
                .map(e -> String.format(Locale.ROOT, "%s %.2f±%.2f", e.element(), e.percent(), e.uncertainty()))
                .collect(Collectors.joining("  "));
        double k = shot.elements().isEmpty() ? 0 : shot.elements().get(0).coverageFactor();
        print(line(declarationId + "/" + itemId, "XRF SHOT", String.format(Locale.ROOT, "%-8s test %s: %s wt%% (k=%.0f)",
                shot.deviceId(), nz(shot.testNumber()), elements, k)));
    }

    @Override
    public void activeItemChanged(String declarationId, String itemId, String medium, String source) {
        print(line(declarationId + "/" + itemId, "ON BENCH", "weighed in " + medium.toLowerCase(Locale.ROOT) + " ("
                + source + ")"));
    }

    @Override
    public void selectionWeighed(String declarationId, String itemId, String deviceId) {
        print(line(declarationId + "/" + itemId, "OFF PAN", deviceId + ": weighed; the next load waits for a selection"));
    }

    @Override
    public void inputRejected(String source, String reason) {
        print(line("-", "BAD INPUT", source + ": " + reason));
    }

    @Override
    public void readingUnbound(Reading reading, String reason) {
        print(line("-", "UNBOUND", reading.deviceId() + ": " + reason));
    }

    @Override
    public void deviceStatus(String deviceId, String state, String detail) {
        print(line(deviceId, "DEVICE", state + (detail == null || detail.isBlank() ? "" : ": " + detail)));
    }

    @Override
    public void verdictChanged(Verdict v, int revision) {
        StringBuilder text = line(v.declarationId(), "LANE " + v.lane(), VerdictText.summary(v));
        VerdictText.details(v).forEach(l -> text.append(UNDER).append("   ").append(l).append(NL));
        print(text);
    }

    @Override
    public void alertRaised(Alert a) {
        print(line(a.declarationId(), "ALERT", a.alertId() + " " + a.state() + " (revision " + a.revision()
                + "), lane " + a.lane()));
    }

    /**
     * An event's first line: time, event, subject, text. Built by hand, not with {@code printf}: the console's
     * format strings were 13 % of the desk thread's samples (bench/profile.sh), most of it parsing them.
     */
    private static StringBuilder line(String subject, String what, String text) {
        StringBuilder b = new StringBuilder(128);
        TIME.formatTo(java.time.Instant.now(), b);
        b.append("  ");
        pad(b, what, 11).append(' ');
        pad(b, subject, 18).append(' ').append(text).append(NL);
        return b;
    }

    /** {@code s} left-aligned in {@code width} characters, as {@code %-<width>s} writes it (never cut). */
    private static StringBuilder pad(StringBuilder b, String s, int width) {
        b.append(s);
        for (int n = s.length(); n < width; n++) {
            b.append(' ');
        }
        return b;
    }

    /** One event, all its lines, in one write: lines of two events never interleave. */
    private void print(StringBuilder text) {
        out.print(text);
        out.flush();
    }

    private static String nz(String s) {
        return s == null ? "?" : s;
    }
}
