package org.touchstone.drivers.protocol.mtsics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * The weight fast path gives exactly what the general decoder gives (same value and scale, text, unit, stability),
 * or steps aside: over every combination of ids, statuses, values, units and spacing below, some well formed and
 * many not.
 */
class MtSicsParserFastPathTest {

    private static final String[] IDS = {"S", "SI", "SIR", "SNR", "SR", "T", "TA", "I4", "s", "SX", "SIRR"};
    private static final String[] STATUSES = {"S", "D", "I", "A", "+", "-", "x", "SS"};
    private static final String[] VALUES = {"1000.02", "+5", "-0.00", ".5", "5.", ".", "+", "-", "1e3", "0",
        "123456789012345678", "1234567890123456789", "12345678901234567890.5", "Error", "00012.3400", "1,5",
        "--1", "1.2.3", "+.25", "-.0", "\"12\"", "9.999999999999999999"};
    private static final String[] UNITS = {"g", "kg", "mg", "G", "Kg", "KG", "ct", "ozt", "dwt", "lb", "gk", "\"g\"",
        "g g"};
    private static final String[] GAPS = {" ", "    ", "  "};

    @Test
    void fastPath_equalsTheGeneralDecoder_orStepsAside() {
        int fast = 0;
        int total = 0;
        for (String id : IDS) {
            for (String status : STATUSES) {
                for (String value : VALUES) {
                    for (String unit : UNITS) {
                        for (String gap : GAPS) {
                            for (String line : new String[] {id + " " + status + gap + value + " " + unit,
                                    " " + id + " " + status + gap + value + gap + unit + " ",
                                    id + " " + status + gap + value}) {
                                total++;
                                ScaleMessage quick = MtSicsParser.fastWeight(line);
                                if (quick != null) {
                                    fast++;
                                    assertEquals(MtSicsParser.decodeClean(line), quick, line);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(fast > 1000, "fast path taken " + fast + " of " + total);
    }

    @Test
    void theUsualFrame_takesTheFastPath_withTheValueAsWritten() {
        // The manual's example answer to S: "S S     100.00 g" (METTLER TOLEDO MT-SICS reference, command S).
        ScaleMessage m = MtSicsParser.fastWeight("S S     100.00 g");
        assertNotNull(m);
        ScaleMessage.Weight w = (ScaleMessage.Weight) m;
        assertEquals(new BigDecimal("100.00"), w.value());
        assertEquals(2, w.value().scale());
        assertEquals("100.00", w.valueAsSent());
        assertEquals(WeightUnit.G, w.unit());
        assertTrue(w.stable());
        assertEquals("S S     100.00 g", w.raw());
        assertEquals(false, ((ScaleMessage.Weight) MtSicsParser.fastWeight("S D -0.5 kg")).stable());
    }
}
