package org.touchstone.drivers.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WeightReadingTest {

    @Test
    void recordOfAnEarlierVersion_withoutPolls_isOneFrame() {
        // A JSON reader fills an absent int with 0: journals written before readings counted their frames.
        WeightReading old = new WeightReading("scale-1", new BigDecimal("1000.03"), WeightUnit.G, true,
                Instant.parse("2026-03-14T12:00:00Z"), null, "S S    1000.03 g", "1000.03", WeightKind.DISPLAYED, null,
                null, null, 0);
        assertEquals(1, old.polls());
        assertNull(old.resolution());
    }

    @Test
    void repeated_keepsTheIndication_countsTheFrames() {
        WeightReading r = new WeightReading("scale-1", new BigDecimal("0.00"), WeightUnit.G, true,
                Instant.parse("2026-03-14T12:00:00Z"), null, "S S       0.00 g");
        WeightReading later = r.repeated(240, Instant.parse("2026-03-14T12:01:00Z"));
        assertEquals(240, later.polls());
        assertEquals(Instant.parse("2026-03-14T12:01:00Z"), later.receivedAt());
        assertEquals(true, later.sameIndication(r));
        assertThrows(IllegalArgumentException.class, () -> r.repeated(-1, r.receivedAt()));
    }
}
