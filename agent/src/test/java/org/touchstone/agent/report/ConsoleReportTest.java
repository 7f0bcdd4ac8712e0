package org.touchstone.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.Fixtures;
import org.touchstone.agent.alert.VerdictText;
import org.touchstone.agent.assessment.Finding;
import org.touchstone.agent.assessment.FindingCode;
import org.touchstone.agent.assessment.ItemAssessment;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.MassResult;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.inspection.Weighing;

/**
 * The console's lines, built by hand since the console was a tenth of the desk's time, against the {@code printf}
 * format strings they replaced (the reference here, kept verbatim from the earlier ConsoleReport), column for column.
 */
class ConsoleReportTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleReport report = new ConsoleReport(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    private final StringBuilder expected = new StringBuilder();

    /** The earlier line(): time, event, subject, text. */
    private void printfLine(String subject, String what, String text) {
        expected.append(String.format(Locale.ROOT, "%s  %-11s %-18s %s%n", "HH:MM:SS", what, subject, text));
    }

    @Test
    void linesMatchTheFormatStringsTheyReplaced() {
        Declaration d = Fixtures.declaration("D-1", Fixtures.gold("1", "999.9", "1000.0 g"), Fixtures.gold("2", "995", "12.5 g"));
        report.declarationAccepted(d, "mqtt");
        printfLine(d.declarationId(), "DECLARATION", String.format(Locale.ROOT, "%d item(s) from %s, origin %s (%s)",
                d.items().size(), d.exporter() == null ? "?" : d.exporter(),
                d.originCountry() == null ? "?" : d.originCountry(), "mqtt"));
        d.items().forEach(i -> expected.append(String.format(Locale.ROOT,
                "           %-9s item %s: %s, %s %s, %s, %s, HS %s%n", "", i.itemId(),
                i.description() == null ? "?" : i.description(), i.pieces() + " pc", i.form().text(),
                i.metal() == null ? i.bodyInWords() : i.finenessMille().toPlainString() + " ‰", i.netMass(),
                i.hsCode())));

        Weighing w = Fixtures.weighing("1000.2");
        report.weighingRecorded("D-1", "1", w);
        printfLine("D-1/1", "WEIGHING", String.format(Locale.ROOT, "%-8s %s %s stable   [%s]",
                w.reading().deviceId(), w.reading().value().toPlainString(), w.reading().unit().symbol(),
                w.reading().raw().trim()));

        Verdict v = new Verdict("D-1", Lane.RED, true,
                List.of(new Finding(FindingCode.MASS_DISCREPANCY, "1", Lane.RED, "measured 990.0 g, declared 1000 g",
                        Map.of("measuredGrams", 990.0))),
                List.of(new ItemAssessment("1", new MassResult(1000, 990, 5, 5, 0.1, 0, 0, 0, 5, List.of("r1"),
                        List.of("scale-1"), List.of(), List.of()), null, 0, List.of("3 XRF shots"))),
                List.of("only the surface was analysed"), Instant.parse("2026-12-03T10:00:00Z"));
        report.verdictChanged(v, 2);
        printfLine(v.declarationId(), "LANE " + v.lane(), VerdictText.summary(v));
        VerdictText.details(v).forEach(l -> expected.append(String.format(Locale.ROOT, "           %-9s   %s%n", "", l)));

        report.deviceStatus("scale-1", "CONNECTED", "");
        printfLine("scale-1", "DEVICE", "CONNECTED");
        report.deviceStatus("a-device-with-a-name-longer-than-its-column", "LOST", "no reply");
        printfLine("a-device-with-a-name-longer-than-its-column", "DEVICE", "LOST: no reply");
        report.activeItemChanged("D-1", "2", "AIR", "officer");
        printfLine("D-1/2", "ON BENCH", "weighed in air (officer)");

        assertEquals(expected.toString(), withoutTimes(bytes.toString(StandardCharsets.UTF_8)));
    }

    /** Each event line's time replaced (the report reads the clock itself). */
    private static String withoutTimes(String text) {
        return text.replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d  ", "HH:MM:SS  ");
    }
}
