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

    private final PrintStream out;

    public ConsoleReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public void declarationAccepted(Declaration d, String source) {
        line(d.declarationId(), "DECLARATION", String.format(Locale.ROOT, "%d item(s) from %s, origin %s (%s)",
                d.items().size(), nz(d.exporter()), nz(d.originCountry()), source));
        d.items().forEach(i -> out.printf(Locale.ROOT, "           %-9s item %s: %s, %s %s, %s, %s, HS %s%n", "",
                i.itemId(), nz(i.description()), i.pieces() + " pc", i.form().text(), i.metal() == null
                        ? i.bodyInWords() : i.finenessMille().toPlainString() + " ‰", i.netMass(), i.hsCode()));
    }

    @Override
    public void declarationRejected(String source, String reason) {
        line("-", "REFUSED", source + ": " + reason);
    }

    @Override
    public void weighingRecorded(String declarationId, String itemId, Weighing w) {
        line(declarationId + "/" + itemId, "WEIGHING", String.format(Locale.ROOT, "%-8s %s %s stable   [%s]",
                w.reading().deviceId(), w.reading().value().toPlainString(), w.reading().unit().symbol(),
                w.reading().raw().trim()));
    }

    @Override
    public void xrfShotRecorded(String declarationId, String itemId, XrfReading shot) {
        String elements = shot.elements().stream().filter(e -> !e.belowDetection() && e.percent() >= 0.05)
                .map(e -> String.format(Locale.ROOT, "%s %.2f±%.2f", e.element(), e.percent(), e.uncertainty()))
                .collect(Collectors.joining("  "));
        double k = shot.elements().isEmpty() ? 0 : shot.elements().get(0).coverageFactor();
        line(declarationId + "/" + itemId, "XRF SHOT", String.format(Locale.ROOT, "%-8s test %s: %s wt%% (k=%.0f)",
                shot.deviceId(), nz(shot.testNumber()), elements, k));
    }

    @Override
    public void activeItemChanged(String declarationId, String itemId, String medium, String source) {
        line(declarationId + "/" + itemId, "ON BENCH", "weighed in " + medium.toLowerCase(Locale.ROOT) + " (" + source + ")");
    }

    @Override
    public void selectionWeighed(String declarationId, String itemId, String deviceId) {
        line(declarationId + "/" + itemId, "OFF PAN", deviceId + ": weighed; the next load waits for a selection");
    }

    @Override
    public void inputRejected(String source, String reason) {
        line("-", "BAD INPUT", source + ": " + reason);
    }

    @Override
    public void readingUnbound(Reading reading, String reason) {
        line("-", "UNBOUND", reading.deviceId() + ": " + reason);
    }

    @Override
    public void deviceStatus(String deviceId, String state, String detail) {
        line(deviceId, "DEVICE", state + (detail == null || detail.isBlank() ? "" : ": " + detail));
    }

    @Override
    public void verdictChanged(Verdict v, int revision) {
        line(v.declarationId(), "LANE " + v.lane(), VerdictText.summary(v));
        VerdictText.details(v).forEach(l -> out.printf(Locale.ROOT, "           %-9s   %s%n", "", l));
    }

    @Override
    public void alertRaised(Alert a) {
        line(a.declarationId(), "ALERT", String.format(Locale.ROOT, "%s %s (revision %d), lane %s", a.alertId(),
                a.state(), a.revision(), a.lane()));
    }

    private void line(String subject, String what, String text) {
        out.printf(Locale.ROOT, "%s  %-11s %-18s %s%n", TIME.format(java.time.Instant.now()), what, subject, text);
        out.flush();
    }

    private static String nz(String s) {
        return s == null ? "?" : s;
    }
}
