package org.touchstone.agent.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;

class ChartsTest {

    /**
     * OIML R 76-1 Table 6, class II: ±0.5 e for 0 ≤ m ≤ 5 000 e, ±1 e up to 20 000 e, ±1.5 e above; in service twice
     * that. With e = 0.1 g and Max = 6 200 g: 0.05/0.1/0.15 g at verification, 0.1/0.2/0.3 g in service, bands ending
     * at 500 g and 2 000 g (hand calculation from the table).
     */
    @Test
    void mpeSteps_classII_e01_max6200_followTable6() {
        List<Charts.Step> steps = Charts.mpeSteps(new ScaleMetrology(AccuracyClass.II, new BigDecimal("0.1"),
                new BigDecimal("6200")));
        assertEquals(3, steps.size(), steps::toString);
        assertStep(steps.get(0), 0, 500, 0.05, 0.1);
        assertStep(steps.get(1), 500, 2000, 0.1, 0.2);
        assertStep(steps.get(2), 2000, 6200, 0.15, 0.3);
    }

    /** Class III, e = 5 g, Max = 15 kg: bands at 500 e = 2.5 kg and 2 000 e = 10 kg (Table 6). */
    @Test
    void mpeSteps_classIII() {
        List<Charts.Step> steps = Charts.mpeSteps(new ScaleMetrology(AccuracyClass.III, new BigDecimal("5"),
                new BigDecimal("15000")));
        assertEquals(3, steps.size(), steps::toString);
        assertStep(steps.get(0), 0, 2500, 2.5, 5);
        assertStep(steps.get(1), 2500, 10000, 5, 10);
        assertStep(steps.get(2), 10000, 15000, 7.5, 15);
    }

    /** A scale whose Max lies inside the first band has one step. */
    @Test
    void mpeSteps_oneBand() {
        List<Charts.Step> steps = Charts.mpeSteps(new ScaleMetrology(AccuracyClass.II, new BigDecimal("0.1"),
                new BigDecimal("300")));
        assertEquals(1, steps.size());
        assertStep(steps.get(0), 0, 300, 0.05, 0.1);
    }

    private static void assertStep(Charts.Step s, double from, double to, double initial, double inService) {
        assertEquals(from, s.fromGrams(), 1e-9, s::toString);
        assertEquals(to, s.toGrams(), 1e-9, s::toString);
        assertEquals(initial, s.initialMpeGrams(), 1e-9, s::toString);
        assertEquals(inService, s.inServiceMpeGrams(), 1e-9, s::toString);
    }
}
