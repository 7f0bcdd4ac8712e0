package org.touchstone.drivers.protocol.scale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.touchstone.drivers.protocol.and.AndScaleProtocol;
import org.touchstone.drivers.protocol.mtsics.MtSicsScaleProtocol;
import org.touchstone.drivers.protocol.sbi.SbiScaleProtocol;
import org.touchstone.drivers.protocol.scale.ScaleFixtures.Case;
import org.touchstone.drivers.protocol.toledo.ToledoScaleProtocol;

import org.touchstone.drivers.reading.WeightUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every fixture row of every scale protocol, fed whole, byte by byte and in seeded random chunks: the decoded
 * messages must be the table's, in order, and the parser must never throw.
 */
class ScaleParserFixturesTest {

    private static final String ROOT = "/org/touchstone/drivers/protocol/";

    static Stream<Case> fixtures() {
        return Stream.of(
                ScaleFixtures.load(ROOT + "mtsics/responses.txt"),
                ScaleFixtures.load(ROOT + "sbi/outputs.txt"),
                ScaleFixtures.load(ROOT + "sbi/outputs-tael.txt"),
                ScaleFixtures.load(ROOT + "and/outputs-tael.txt"),
                ScaleFixtures.load(ROOT + "and/outputs.txt"),
                ScaleFixtures.load(ROOT + "toledo/frames.txt"),
                ScaleFixtures.load(ROOT + "toledo/frames-checksum.txt")).flatMap(List::stream);
    }

    /** The tables named *-tael.txt are read by a scale set to the Hong Kong troy tael; the others by one with none. */
    static Supplier<ScaleParser> parserFor(Case c) {
        ScaleOptions options = c.table().endsWith("-tael.txt") ? new ScaleOptions(false, WeightUnit.TAEL)
                : ScaleOptions.NONE;
        if (c.table().contains("/mtsics/")) {
            return () -> new MtSicsScaleProtocol().newParser();
        }
        if (c.table().contains("/sbi/")) {
            return () -> new SbiScaleProtocol(options).newParser();
        }
        if (c.table().contains("/and/")) {
            return () -> new AndScaleProtocol(options).newParser();
        }
        boolean checksum = c.table().endsWith("frames-checksum.txt");
        return () -> new ToledoScaleProtocol(checksum).newParser();
    }

    @ParameterizedTest(name = "{0}: fed whole")
    @MethodSource("fixtures")
    void fedWhole_decodesAsTable(Case c) {
        assertDecoded(c, parserFor(c).get().feed(c.bytes()));
    }

    @ParameterizedTest(name = "{0}: fed byte by byte")
    @MethodSource("fixtures")
    void fedByteByByte_sameResult(Case c) {
        ScaleParser parser = parserFor(c).get();
        List<ScaleMessage> all = new ArrayList<>();
        for (int i = 0; i < c.bytes().length; i++) {
            all.addAll(parser.feed(c.bytes(), i, 1));
        }
        assertDecoded(c, all);
    }

    @ParameterizedTest(name = "{0}: fed in random chunks")
    @MethodSource("fixtures")
    void fedInRandomChunks_sameResult(Case c) {
        Random random = new Random(c.name().hashCode());
        for (int round = 0; round < 25; round++) {
            ScaleParser parser = parserFor(c).get();
            List<ScaleMessage> all = new ArrayList<>();
            int pos = 0;
            while (pos < c.bytes().length) {
                int len = Math.min(c.bytes().length - pos, 1 + random.nextInt(8));
                all.addAll(parser.feed(c.bytes(), pos, len));
                pos += len;
            }
            assertDecoded(c, all);
        }
    }

    @ParameterizedTest(name = "{0}: random bytes around it never throw and the frames still decode")
    @MethodSource("fixtures")
    void surroundedByGarbage_neverThrows(Case c) {
        Random random = new Random(~c.name().hashCode());
        for (int round = 0; round < 10; round++) {
            byte[] noise = new byte[random.nextInt(40)];
            random.nextBytes(noise);
            ScaleParser parser = parserFor(c).get();
            try {
                parser.feed(noise);
                parser.reset();
                assertDecoded(c, parser.feed(c.bytes()));
            } catch (RuntimeException e) {
                fail("parser threw on " + c + ": " + e);
            }
        }
    }

    private static void assertDecoded(Case c, List<ScaleMessage> actual) {
        String described = actual.stream().map(ScaleFixtures::describe).collect(Collectors.joining(" ; "));
        assertEquals(c.expected().size(), actual.size(), c + ": got " + described);
        for (int i = 0; i < actual.size(); i++) {
            assertTrue(ScaleFixtures.matches(c.expected().get(i), actual.get(i)),
                    c + ": message " + i + " expected " + c.expected().get(i) + ", got " + described);
        }
    }
}
