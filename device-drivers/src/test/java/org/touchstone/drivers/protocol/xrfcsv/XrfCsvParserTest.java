package org.touchstone.drivers.protocol.xrfcsv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.GradeMatch;
import org.touchstone.drivers.reading.XrfReading;

class XrfCsvParserTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T12:00:00Z"), ZoneOffset.UTC);

    static byte[] fixture(String name) {
        try (InputStream in = XrfCsvParserTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("fixture not found: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bruker exports state no unit: the analyzer's setting does (wt% in precious-metal applications). */
    static final XrfCsvParser.Settings PERCENT = new XrfCsvParser.Settings(ConcentrationUnit.PERCENT, null);

    private static XrfCsvParser.Settings settingsFor(String name) {
        return name.startsWith("bruker") ? PERCENT : XrfCsvParser.Settings.NONE;
    }

    private static XrfCsvParser.Result parse(String name, XrfCsvProfile profile) {
        return parse(name, profile, settingsFor(name));
    }

    private static XrfCsvParser.Result parse(String name, XrfCsvProfile profile, XrfCsvParser.Settings settings) {
        return XrfCsvParser.parse(name, fixture(name), profile, settings, "xrf-1", CLOCK, ZoneOffset.UTC, false);
    }

    private static List<String> problems(XrfCsvParser.Result r) {
        return r.problems().stream().map(CsvProblem::toString).collect(Collectors.toList());
    }

    @Test
    void bruker_repeatedHeaderWithOtherElements_readsEveryBlock() {
        XrfCsvParser.Result r = parse("bruker-s1-titan-results.csv", null);
        assertEquals(List.of(), problems(r));
        assertEquals(XrfCsvProfile.BRUKER_S1_TITAN, r.profile());
        assertEquals(3, r.readings().size());
        XrfReading first = r.readings().get(0);
        assertEquals("1", first.testNumber());
        assertEquals(Instant.parse("2019-03-14T11:31:00Z"), first.startedAt());
        assertEquals(99.96, first.element("Au").orElseThrow().percent(), 1e-9, "wt%, as the units setting says");
        assertEquals("Inspector A", first.operator());
        assertEquals("DEMO-0001/1", first.sampleLabel());
        assertEquals("DEMO-0001/1", first.itemId());
        assertEquals("Precious Metals 2", first.mode());
        assertEquals(30.2, first.durationSeconds(), 1e-9);
        assertEquals(List.of(new GradeMatch("24 K Gold", 0.9), new GradeMatch("23.8 K Gold", 3.1)), first.gradeMatches());
        ElementResult au = first.element("Au").orElseThrow();
        assertEquals(99.96, au.percent(), 1e-9);
        assertEquals(0.05, au.uncertainty(), 1e-9);
        assertEquals(1.0, au.coverageFactor());
        ElementResult ni = first.element("Ni").orElseThrow();
        assertTrue(ni.belowDetection());
        assertEquals(0.012, ni.detectionLimit(), 1e-12);
        assertTrue(first.raw().startsWith("File #,DateTime"));
        assertTrue(first.raw().endsWith("Pass"));
        XrfReading dore = r.readings().get(2);
        assertEquals(4, dore.elements().size());
        assertEquals(2.65, dore.element("Hg").orElseThrow().percent(), 1e-9);
        assertTrue(dore.gradeMatches().isEmpty());
    }

    @Test
    void bruker_brokenRows_namedByLineAndColumn_othersRead() {
        XrfCsvParser.Result r = parse("bruker-s1-titan-broken.csv", null);
        // A date that does not fit the declared pattern costs the start time, not the reading.
        assertEquals(List.of("1", "2", "5"), r.readings().stream().map(XrfReading::testNumber).toList());
        assertNull(r.readings().get(1).startedAt());
        List<String> p = problems(r);
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("bruker-s1-titan-broken.csv, line 1, column 15 (Colour): unknown column"), p.get(0));
        assertTrue(p.get(1).startsWith("bruker-s1-titan-broken.csv, line 3, column 2 (DateTime): '14-03-2019 11:32' is not a date"), p.get(1));
        assertTrue(p.get(2).startsWith("bruker-s1-titan-broken.csv, line 4, column 11 (Ag Err): 'abc' is not a number"), p.get(2));
        assertTrue(p.get(3).startsWith("bruker-s1-titan-broken.csv, line 5, column 16: row has 16 cells"), p.get(3));
    }

    @Test
    void vanta_sepLineTrailingCommaPpm_convertedToPercent() {
        XrfCsvParser.Result r = parse("evident-vanta-export.csv", null);
        assertEquals(List.of(), problems(r));
        assertEquals(XrfCsvProfile.EVIDENT_VANTA, r.profile());
        assertEquals(2, r.readings().size());
        XrfReading x = r.readings().get(0);
        assertEquals("800123", x.analyzerSerial());
        assertEquals("17", x.testNumber());
        assertEquals(Instant.parse("2017-08-17T09:31:54Z"), x.startedAt());
        assertEquals("DEMO-0004/2", x.sampleLabel());
        assertEquals("GeoChem", x.mode());
        assertEquals(75.04, x.element("Au").orElseThrow().percent(), 1e-9);
        assertEquals(0.052, x.element("Au").orElseThrow().uncertainty(), 1e-9);
        assertEquals(1.0, x.element("Au").orElseThrow().coverageFactor());
        assertTrue(x.element("Hg").orElseThrow().belowDetection());
        assertNull(x.element("Hg").orElseThrow().detectionLimit());
        assertEquals(4, x.elements().size());
    }

    @Test
    void vanta_wrongUnits_rejectedWithColumn() {
        XrfCsvParser.Result r = parse("evident-vanta-broken.csv", null);
        assertEquals(List.of("21"), r.readings().stream().map(XrfReading::testNumber).toList());
        assertEquals(99.9, r.readings().get(0).element("Au").orElseThrow().percent(), 1e-9);
        List<String> p = problems(r);
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("evident-vanta-broken.csv, line 3, column 11 (Units): unknown unit 'ppb'"), p.get(0));
        assertTrue(p.get(1).startsWith("evident-vanta-broken.csv, line 4, column 12 (Au Concentration): Au concentration 999000 % is above 100 wt%: wrong unit?"), p.get(1));
    }

    @Test
    void niton_sigmaValueAndUnitsPerRow() {
        XrfCsvParser.Result r = parse("thermo-niton-export.csv", null);
        assertEquals(List.of(), problems(r));
        assertEquals(XrfCsvProfile.THERMO_NITON, r.profile());
        XrfReading a = r.readings().get(0);
        assertEquals("101", a.testNumber());
        assertEquals(Instant.parse("2006-01-02T15:04:00Z"), a.startedAt());
        assertEquals("insp1", a.operator());
        assertEquals("DEMO-0005/1", a.sampleLabel());
        assertEquals(30.5, a.durationSeconds(), 1e-9);
        ElementResult ag = a.element("Ag").orElseThrow();
        assertEquals(7.58, ag.percent(), 1e-9);
        assertEquals(2.0, ag.coverageFactor());
        assertEquals(0.05, ag.standardUncertainty(), 1e-9);
        assertEquals(0.02, a.element("Pt").orElseThrow().detectionLimit(), 1e-12);
        XrfReading b = r.readings().get(1);
        assertEquals(92.54, b.element("Ag").orElseThrow().percent(), 1e-9);
        assertEquals(0.08, b.element("Ag").orElseThrow().uncertainty(), 1e-9);
        assertTrue(b.element("Au").orElseThrow().belowDetection());
        assertEquals(0.015, b.element("Au").orElseThrow().detectionLimit(), 1e-12);
    }

    @Test
    void niton_brokenRows() {
        XrfCsvParser.Result r = parse("thermo-niton-broken.csv", null);
        assertEquals(List.of("103", "107"), r.readings().stream().map(XrfReading::testNumber).toList());
        List<String> p = problems(r);
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.get(0).contains("line 2, column 3 (Time): '13/2/06 15:04' is not a date"), p.get(0));
        assertTrue(p.get(1).contains("line 3, column 7 (Sigma Value): coverage factor must be > 0"), p.get(1));
        assertTrue(p.get(2).contains("line 4, column 14 (Au): Au concentration -1 is below zero by more than three"),
                p.get(2));
        assertTrue(p.get(3).contains("line 5, column 15 (Au Error): Au has a concentration but no uncertainty"), p.get(3));
    }

    @Test
    void unknownHeader_saysSoOnce_andReadsNothing() {
        XrfCsvParser.Result r = parse("unknown-format.csv", null);
        assertTrue(r.readings().isEmpty());
        assertEquals(1, r.problems().size(), problems(r).toString());
        assertTrue(problems(r).get(0).startsWith("unknown-format.csv, line 1: no header line recognised"));
    }

    @Test
    void fixedProfile_otherInstrumentsHeader_notTakenForAHeader() {
        XrfCsvParser.Result r = parse("thermo-niton-export.csv", XrfCsvProfile.BRUKER_S1_TITAN);
        assertTrue(r.readings().isEmpty());
        assertTrue(problems(r).get(0).contains("row before any header line of profile bruker-s1-titan"));
    }

    @Test
    void noUnitStated_fileRefusedNamingTheColumnAndTheSetting_neverReadWithAGuessedUnit() {
        XrfCsvParser.Result r = parse("evident-vanta-no-units-column.csv", null);
        assertEquals(List.of(), r.readings(), "91.50 % Au must not become 0.00915 % (ppm assumed)");
        assertEquals(1, r.problems().size(), problems(r).toString());
        assertTrue(problems(r).get(0).contains("line 2: no concentration unit is stated: the file has no 'Units' "
                + "column, profile evident-vanta states none, and the analyzer has no 'units' setting"),
                problems(r).get(0));
        XrfCsvParser.Result stated = parse("evident-vanta-no-units-column.csv", null, PERCENT);
        assertEquals(91.50, stated.readings().get(0).element("Au").orElseThrow().percent(), 1e-9);
    }

    @Test
    void bruker_withoutTheUnitsSetting_refused() {
        XrfCsvParser.Result r = parse("bruker-s1-titan-results.csv", null, XrfCsvParser.Settings.NONE);
        assertEquals(List.of(), r.readings());
        assertTrue(problems(r).stream().allMatch(p -> p.contains("no concentration unit is stated: the file has no "
                + "Units column, profile bruker-s1-titan states none")), problems(r).toString());
    }

    @Test
    void unitsColumnStated_blankCell_rowRefusedNamingIt_negativeTraceBelowDetection() {
        XrfCsvParser.Result r = parse("evident-vanta-precious-metals.csv", null);
        assertEquals(List.of("31"), r.readings().stream().map(XrfReading::testNumber).toList());
        XrfReading x = r.readings().get(0);
        assertEquals(91.50, x.element("Au").orElseThrow().percent(), 1e-9);
        ElementResult hg = x.element("Hg").orElseThrow();
        assertTrue(hg.belowDetection(), "-0.0012 % with 1 sigma 0.0040 % is a trace below detection");
        assertEquals(0.012, hg.detectionLimit(), 1e-12, "3 standard uncertainties");
        assertEquals(1, r.problems().size(), problems(r).toString());
        assertTrue(problems(r).get(0).startsWith("evident-vanta-precious-metals.csv, line 4, column 11 (Units): the "
                + "Units cell is blank"), problems(r).get(0));
    }

    @Test
    void dayFirstDates_readWithTheDeclaredPattern_farNegativeRefused() {
        XrfCsvParser.Settings dayFirst = new XrfCsvParser.Settings(ConcentrationUnit.PERCENT, "dd-MM-yyyy HH:mm");
        XrfCsvParser.Result r = parse("bruker-s1-titan-day-first.csv", null, dayFirst);
        assertEquals(List.of("21"), r.readings().stream().map(XrfReading::testNumber).toList());
        assertEquals(Instant.parse("2019-03-14T11:31:00Z"), r.readings().get(0).startedAt());
        assertTrue(r.readings().get(0).element("Hg").orElseThrow().belowDetection());
        assertEquals(1, r.problems().size(), problems(r).toString());
        assertTrue(problems(r).get(0).contains("line 3, column 15 (Au): Au concentration -2.5 is below zero by more "
                + "than three standard uncertainties"), problems(r).get(0));
        // With the profile's US pattern the day-first date is refused as a date, never guessed.
        XrfCsvParser.Result us = parse("bruker-s1-titan-day-first.csv", null);
        assertNull(us.readings().get(0).startedAt());
        assertTrue(problems(us).get(0).contains("'14-03-2019 11:31' is not a date and time like MM-dd-yyyy HH:mm[:ss]"),
                problems(us).get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evident-vanta-semicolon.csv", "evident-vanta-semicolon-no-sep.csv",
            "evident-vanta-utf16le.csv"})
    void europeanAndUnicodeExports_read(String name) {
        XrfCsvParser.Result r = parse(name, null);
        assertEquals(List.of(), problems(r));
        assertEquals(XrfCsvProfile.EVIDENT_VANTA, r.profile());
        XrfReading x = r.readings().get(0);
        assertEquals(91.50, x.element("Au").orElseThrow().percent(), 1e-9);
        assertEquals(0.07, x.element("Au").orElseThrow().uncertainty(), 1e-9);
        assertEquals(4.25, x.element("Ag").orElseThrow().percent(), 1e-9);
        assertEquals("800123", x.analyzerSerial());
    }

    @Test
    void utf16BigEndianWithoutMark_read() {
        String text = new String(fixture("evident-vanta-utf16le.csv"), java.nio.charset.StandardCharsets.UTF_16LE)
                .substring(1);
        byte[] be = text.getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        XrfCsvParser.Result r = XrfCsvParser.parse("be.csv", be, null, XrfCsvParser.Settings.NONE, "xrf-1", CLOCK,
                ZoneOffset.UTC, false);
        assertEquals(List.of(), problems(r));
        assertEquals(91.50, r.readings().get(0).element("Au").orElseThrow().percent(), 1e-9);
        assertTrue(r.readings().get(0).raw().contains("Probe \u00fc"), "text decoded, not bytes");
    }

    @Test
    void completeLinesOnly_aRowCutInsideANumberIsHeldBack() {
        byte[] bytes = fixture("bruker-s1-titan-cut.csv");
        XrfCsvParser.Result r = XrfCsvParser.parse("cut.csv", bytes, null, PERCENT, "xrf-1", CLOCK, ZoneOffset.UTC,
                true);
        assertEquals(List.of("23"), r.readings().stream().map(XrfReading::testNumber).toList());
        assertEquals(List.of(), problems(r));
        assertTrue(r.heldBack().startsWith("24,03-14-2019 11:41"), r.heldBack());
        // Read as a finished file, the cut row would be taken: an uncertainty of 0.0 for what was being written as
        // 0.05, a shot that would narrow the item's bound.
        XrfCsvParser.Result whole = XrfCsvParser.parse("cut.csv", bytes, null, PERCENT, "xrf-1", CLOCK, ZoneOffset.UTC,
                false);
        assertEquals(2, whole.readings().size());
        assertEquals(0.0, whole.readings().get(1).element("Au").orElseThrow().uncertainty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bruker-s1-titan-results.csv", "bruker-s1-titan-broken.csv", "evident-vanta-export.csv",
            "evident-vanta-broken.csv", "thermo-niton-export.csv", "thermo-niton-broken.csv",
            "evident-vanta-semicolon.csv", "evident-vanta-utf16le.csv", "evident-vanta-precious-metals.csv"})
    void anyChunking_sameResult(String name) {
        byte[] bytes = fixture(name);
        XrfCsvParser.Result whole = parse(name, null);
        for (int seed = 0; seed < 5; seed++) {
            Random random = new Random(seed);
            List<XrfReading> readings = new ArrayList<>();
            List<CsvProblem> problems = new ArrayList<>();
            XrfCsvParser p = new XrfCsvParser(name, null, settingsFor(name), "xrf-1", CLOCK, ZoneOffset.UTC,
                    new XrfCsvParser.Listener() {
                @Override
                public void readingParsed(XrfReading reading) {
                    readings.add(reading);
                }

                @Override
                public void problemFound(CsvProblem problem) {
                    problems.add(problem);
                }
            });
            int i = 0;
            while (i < bytes.length) {
                int n = seed == 0 ? 1 : Math.min(bytes.length - i, 1 + random.nextInt(40));
                p.feed(bytes, i, n);
                i += n;
            }
            p.finish();
            assertEquals(whole.readings(), readings);
            assertEquals(whole.problems(), problems);
        }
    }

    @Test
    void writer_roundTripsThroughEveryBuiltInProfile() {
        XrfReading original = new XrfReading("xrf-1", "42", "PreciousMetals", "DEMO-9/1", 15.0, CLOCK.instant(),
                List.of(ElementResult.detected("Au", 91.7, 0.2, 2), ElementResult.detected("Ag", 4.2, 0.06, 2),
                        ElementResult.belowDetection("Hg", 0.005)),
                "", null, "SIM-1", Instant.parse("2026-03-14T11:31:07Z"), "insp", "DEMO-9/1",
                List.of(new GradeMatch("22 K Gold", 1.5)));
        for (XrfCsvProfile profile : XrfCsvProfile.BUILT_IN) {
            XrfCsvWriter w = new XrfCsvWriter(profile, ZoneOffset.UTC);
            List<String> els = List.of("Ag", "Au", "Hg");
            String text = w.preamble() + w.header(els) + w.row(original, els);
            XrfCsvParser.Result r = XrfCsvParser.parse("written", text.getBytes(), null,
                    new XrfCsvParser.Settings(w.unit(), null), "xrf-1", CLOCK, ZoneOffset.UTC, false);
            assertEquals(List.of(), problems(r), profile.name());
            assertEquals(profile, r.profile());
            XrfReading back = r.readings().get(0);
            assertEquals("42", back.testNumber(), profile.name());
            assertEquals("DEMO-9/1", back.sampleLabel(), profile.name());
            assertEquals(91.7, back.element("Au").orElseThrow().percent(), 1e-6, profile.name());
            assertEquals(0.1, back.element("Au").orElseThrow().standardUncertainty(), 1e-6, profile.name());
            assertTrue(back.element("Hg").orElseThrow().belowDetection(), profile.name());
            assertEquals(!profile.dateTimePattern().contains("[") ? Instant.parse("2026-03-14T11:31:07Z")
                    : Instant.parse("2026-03-14T11:31:00Z"), back.startedAt(), profile.name());
        }
    }

    @Test
    void assumedHeader_readsRowsOfAStreamThatSentItsHeaderBeforeWeConnected() {
        List<XrfReading> readings = new ArrayList<>();
        List<CsvProblem> problems = new ArrayList<>();
        XrfCsvParser p = new XrfCsvParser("tcp://x:1", XrfCsvProfile.BRUKER_S1_TITAN, PERCENT, "xrf-1", CLOCK,
                ZoneOffset.UTC,
                new XrfCsvParser.Listener() {
                    @Override
                    public void readingParsed(XrfReading reading) {
                        readings.add(reading);
                    }

                    @Override
                    public void problemFound(CsvProblem problem) {
                        problems.add(problem);
                    }
                });
        p.assumeHeader("File #,DateTime,Operator,Name,ID,Application,ElapsedTime,Au,Au Err");
        byte[] row = "7,03-14-2019 11:31,A,Bar,X/1,Precious Metals 2,30,99.95,0.05\r\n".getBytes();
        p.feed(row, 0, row.length);
        p.reset();
        p.feed(row, 0, row.length);
        assertEquals(List.of(), problems);
        assertEquals(2, readings.size());
        assertEquals(99.95, readings.get(1).element("Au").orElseThrow().percent(), 1e-9);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> p.assumeHeader("a,b,c"));
    }
}
