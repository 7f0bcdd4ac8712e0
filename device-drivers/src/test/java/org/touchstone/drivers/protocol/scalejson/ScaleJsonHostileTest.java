package org.touchstone.drivers.protocol.scalejson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;

/** Numbers no scale shows are refused by name, before anything expands them (1e999999999 as text or number). */
class ScaleJsonHostileTest {

    private static final Instant AT = Instant.parse("2026-03-14T12:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"\"1e999999999\"", "\"1e-999999999\"", "\"1234567890123.5\""})
    void anUnprintableValue_isRefusedNamingTheField(String value) {
        String json = "{\"value\": " + value + ", \"unit\": \"g\", \"stable\": true}";
        ScaleJsonCodec codec = new ScaleJsonCodec();
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8), "topic", "scale-1", AT));
        assertTrue(e.getMessage().contains("value out of range"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
        // The codec goes on reading ordinary frames.
        WeightReading ok = assertOk(codec);
        assertEquals(new BigDecimal("1000.01"), ok.value());
    }

    private static WeightReading assertOk(ScaleJsonCodec codec) {
        try {
            return codec.decode("{\"value\": \"1000.01\", \"unit\": \"g\", \"stable\": true}"
                    .getBytes(StandardCharsets.UTF_8), "topic", "scale-1", AT);
        } catch (MalformedInputException e) {
            throw new AssertionError(e);
        }
    }

    @org.junit.jupiter.api.Test
    void anInfiniteNumber_isRefusedNamingTheField() {
        // As a JSON number, 1e999999999 reads as a double: infinite, so not a number at all.
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> new ScaleJsonCodec().decode(
                "{\"value\": 1e999999999, \"unit\": \"g\", \"stable\": true}".getBytes(StandardCharsets.UTF_8),
                "topic", "scale-1", AT));
        assertTrue(e.getMessage().contains("value: not a number"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void theReadingItself_refusesAnUnprintableValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WeightReading("s",
                new BigDecimal("1e999999999"), WeightUnit.G, true, AT, null, ""));
        assertEquals("value out of range (at most 12 digits before and after the point), was: 1E+999999999",
                e.getMessage());
    }
}
