package org.touchstone.drivers.protocol.mtsics;

import org.touchstone.drivers.protocol.LineFramer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.touchstone.drivers.protocol.mtsics.MtSicsFixtures.Case;
import org.touchstone.drivers.protocol.LineFramer.LineEnd;
import org.touchstone.drivers.reading.WeightUnit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MtSicsParserTest {

    static List<Case> fixtures() {
        return MtSicsFixtures.load("responses.txt");
    }

    @ParameterizedTest(name = "{0}: fed whole, decodes as the table says")
    @MethodSource("fixtures")
    void fedWhole_decodesAsTable(Case c) {
        MtSicsParser parser = new MtSicsParser();
        assertDecoded(c, parser.feed(c.bytes()));
    }

    @ParameterizedTest(name = "{0}: fed byte by byte, same result")
    @MethodSource("fixtures")
    void fedByteByByte_sameResult(Case c) {
        MtSicsParser parser = new MtSicsParser();
        List<MtSicsResponse> all = new ArrayList<>();
        for (int i = 0; i < c.bytes().length; i++) {
            all.addAll(parser.feed(c.bytes(), i, 1));
        }
        assertDecoded(c, all);
    }

    @ParameterizedTest(name = "{0}: fed in random chunks, same result")
    @MethodSource("fixtures")
    void fedInRandomChunks_sameResult(Case c) {
        Random random = new Random(c.name().hashCode());
        for (int round = 0; round < 25; round++) {
            MtSicsParser parser = new MtSicsParser();
            List<MtSicsResponse> all = new ArrayList<>();
            int pos = 0;
            while (pos < c.bytes().length) {
                int len = Math.min(c.bytes().length - pos, 1 + random.nextInt(8));
                all.addAll(parser.feed(c.bytes(), pos, len));
                pos += len;
            }
            assertDecoded(c, all);
        }
    }

    @ParameterizedTest(name = "{0}: listener hears the same responses as feed returns")
    @MethodSource("fixtures")
    void listener_hearsSameResponsesAsReturned(Case c) {
        List<MtSicsResponse> heard = new ArrayList<>();
        MtSicsParser parser = new MtSicsParser(heard::add);
        List<MtSicsResponse> returned = parser.feed(c.bytes());
        assertEquals(returned, heard);
    }

    @Test
    void stableWeight_keepsValueScaleUnitAndRawLine() {
        MtSicsResponse r = new MtSicsParser().feed(ascii("S S     100.00 g\r\n")).get(0);
        MtSicsResponse.Weight w = assertInstanceOf(MtSicsResponse.Weight.class, r);
        assertEquals(new BigDecimal("100.00"), w.value());
        assertEquals(2, w.value().scale());
        assertEquals(WeightUnit.G, w.unit());
        assertEquals("S S     100.00 g", w.line());
    }

    @Test
    void notANumber_malformedCarriesRawLine() {
        MtSicsResponse r = new MtSicsParser().feed(ascii("S S abc g\r\n")).get(0);
        MtSicsResponse.Malformed m = assertInstanceOf(MtSicsResponse.Malformed.class, r);
        assertEquals("S S abc g", m.line());
        assertTrue(m.reason().contains("'abc'"), m.reason());
    }

    @Test
    void bareLf_reportedAsIrregularLineEnd() {
        List<String> reports = new ArrayList<>();
        MtSicsParser parser = new MtSicsParser(new MtSicsParser.Listener() {
            @Override
            public void responseReceived(MtSicsResponse response) {
            }

            @Override
            public void irregularLineEnd(LineEnd kind, String line) {
                reports.add(kind + ":" + line);
            }
        });
        parser.feed(ascii("Z A\nS I\r\n"));
        assertEquals(List.of("BARE_LF:Z A"), reports);
        assertEquals(1, parser.irregularLineEnds());
    }

    @Test
    void bareCr_reportedWhenNextByteIsNotLf() {
        List<String> reports = new ArrayList<>();
        MtSicsParser parser = new MtSicsParser(new MtSicsParser.Listener() {
            @Override
            public void responseReceived(MtSicsResponse response) {
            }

            @Override
            public void irregularLineEnd(LineEnd kind, String line) {
                reports.add(kind + ":" + line);
            }
        });
        List<MtSicsResponse> first = parser.feed(ascii("Z A\r"));
        assertEquals(1, first.size(), "a CR hands the line on at once");
        parser.feed(ascii("S I\r\n"));
        assertEquals(List.of("BARE_CR:Z A"), reports);
    }

    @Test
    void overLongLineSplitAcrossChunks_reportedOnceThenResyncs() {
        MtSicsParser parser = new MtSicsParser();
        List<MtSicsResponse> all = new ArrayList<>();
        byte[] noise = "X".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        all.addAll(parser.feed(noise));
        all.addAll(parser.feed(noise));
        all.addAll(parser.feed(ascii("\r\nS S     1.00 g\r\n")));
        assertEquals(2, all.size(), all.toString());
        assertInstanceOf(MtSicsResponse.Malformed.class, all.get(0));
        assertEquals(LineFramer.MAX_LINE_BYTES, all.get(0).line().length());
        assertInstanceOf(MtSicsResponse.Weight.class, all.get(1));
    }

    @Test
    void randomBytes_neverThrowAndGoodFrameAfterwardsDecodes() {
        Random random = new Random(42);
        MtSicsParser parser = new MtSicsParser();
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            parser.feed(junk);
        }
        List<MtSicsResponse> after = parser.feed(ascii("\r\nS D      5.00 g\r\n"));
        MtSicsResponse last = after.get(after.size() - 1);
        assertEquals("Weight(D,5.00,g)", MtSicsFixtures.describe(last));
    }

    private static void assertDecoded(Case c, List<MtSicsResponse> actual) {
        String described = actual.stream().map(MtSicsFixtures::describe).collect(Collectors.joining(" ; "));
        assertEquals(c.expected().size(), actual.size(), c.name() + ": got " + described);
        for (int i = 0; i < actual.size(); i++) {
            assertTrue(MtSicsFixtures.matches(c.expected().get(i), actual.get(i)),
                    c.name() + ": expected " + c.expected() + " got " + described);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
