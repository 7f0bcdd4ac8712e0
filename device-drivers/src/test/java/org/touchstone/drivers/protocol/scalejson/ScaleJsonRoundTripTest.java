package org.touchstone.drivers.protocol.scalejson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.touchstone.drivers.driver.ScaleProtocols;
import org.touchstone.drivers.protocol.scale.ScaleFixtures;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleOptions;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * Every protocol's weight frame, decoded, published as the scale JSON and read back: value, unit, stability,
 * kind, tare and resolution survive. The expected values are the manuals' (the frame's own digits and the status
 * byte's decimal point), not the codec's: a Toledo frame's {@code 12345} with the point at code 4 is 123.45 g, and
 * must come back as 123.45 g, not 12345 g.
 */
class ScaleJsonRoundTripTest {

    private static final Instant AT = Instant.parse("2026-03-14T12:00:00Z");

    record Case(ScaleProtocols protocol, String frame, String value, WeightUnit unit, boolean stable, String tare,
                String resolution) {
        @Override
        public String toString() {
            return protocol.protocolName() + " " + frame.replace("\r", "\\r").replace("\n", "\\n").replace("\u0002", "<STX>");
        }
    }

    static Stream<Case> frames() {
        return Stream.of(
                new Case(ScaleProtocols.MT_SICS, "S S     100.00 g\r\n", "100.00", WeightUnit.G, true, null, null),
                new Case(ScaleProtocols.MT_SICS, "S D      -0.68 g\r\n", "-0.68", WeightUnit.G, false, null, null),
                new Case(ScaleProtocols.SARTORIUS_SBI, "+   123.56 g  \r\n", "123.56", WeightUnit.G, true, null, null),
                new Case(ScaleProtocols.SARTORIUS_SBI, "+  123.5[6]g  \r\n", "123.56", WeightUnit.G, true, null, "0.1"),
                new Case(ScaleProtocols.SARTORIUS_SBI, "N     +   1.2345 kg \r\n", "1.2345", WeightUnit.KG, true, null,
                        null),
                new Case(ScaleProtocols.AND, "ST,+00123.45  g\r\n", "123.45", WeightUnit.G, true, null, null),
                new Case(ScaleProtocols.AND, "ST,+0026.718 tl\r\n", "26.718", WeightUnit.TAEL, true, null, null),
                new Case(ScaleProtocols.TOLEDO_CONTINUOUS, "\u0002, ! 12345     0\r", "123.45", WeightUnit.G, true,
                        "0.00", null),
                new Case(ScaleProtocols.TOLEDO_CONTINUOUS, "\u0002,!! 10000  2345\r", "100.00", WeightUnit.G, true,
                        "23.45", null),
                new Case(ScaleProtocols.TOLEDO_CONTINUOUS, "\u0002< ! 12345     0\r", "123.45", WeightUnit.G, true,
                        "0.00", "0.05"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void decodedFrame_throughTheScaleJson_comesBackTheSame(Case c) throws Exception {
        List<ScaleMessage> decoded = c.protocol().codec(new ScaleOptions(false, WeightUnit.TAEL)).newParser()
                .feed(c.frame().getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, decoded.size(), decoded.stream().map(ScaleFixtures::describe).toList().toString());
        ScaleMessage.Weight w = (ScaleMessage.Weight) decoded.get(0);
        WeightReading sent = new WeightReading("scale-1", w.value(), w.unit(), w.stable(), AT, null, w.raw(),
                w.valueAsSent(), w.kind(), w.tare(), "SN-1", w.resolution(), 1);
        ScaleJsonCodec codec = new ScaleJsonCodec();
        byte[] json = codec.encode(sent);
        WeightReading back = codec.decode(json, "topic", "scale-1", AT);

        assertEquals(new BigDecimal(c.value()), back.value(), new String(json, StandardCharsets.UTF_8));
        assertEquals(c.unit(), back.unit());
        assertEquals(c.stable(), back.stable());
        assertEquals(sent.kind(), back.kind());
        assertEquals(c.tare() == null ? null : new BigDecimal(c.tare()), back.tare());
        assertEquals(c.resolution() == null ? null : new BigDecimal(c.resolution()), back.resolution());
        assertEquals(sent.raw(), back.raw());
        assertEquals("SN-1", back.serialNumber());
        assertEquals(0, sent.grams().compareTo(back.grams()));
    }
}
