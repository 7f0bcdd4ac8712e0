package org.touchstone.agent.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Text.format (Locale.US) writes what String.format in Locale.ROOT wrote, for every conversion the verdicts use. */
class TextTest {

    private static final String[] NUMBER_FORMATS = {"%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%+.3f", "%.1g",
        "%.2f %%", "(%.1f-%.0f g)"};

    @Test
    void sameTextAsLocaleRoot_overAGridOfValues() {
        Random random = new Random(17);
        double[] edges = {0, -0.0, 0.05, 0.15, 0.25, 2.5, -2.5, 0.125, 999.95, 99.995, 1e-7, 1e7, 1e21, -1e-300,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        for (String f : NUMBER_FORMATS) {
            for (double v : edges) {
                assertEquals(String.format(Locale.ROOT, f, v, v), Text.format(f, v, v), f + " of " + v);
            }
            for (int i = 0; i < 4_000; i++) {
                double v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 4);
                assertEquals(String.format(Locale.ROOT, f, v, v), Text.format(f, v, v), f + " of " + v);
            }
        }
        for (long v : new long[] {0, 1, -1, 12, 1234567, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertEquals(String.format(Locale.ROOT, "%d shot%s", v, "s"), Text.format("%d shot%s", v, "s"));
        }
        assertEquals(String.format(Locale.ROOT, "%s %s", "Au", null), Text.format("%s %s", "Au", null));
    }
}
