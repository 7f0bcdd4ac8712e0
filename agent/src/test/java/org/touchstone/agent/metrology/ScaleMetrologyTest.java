package org.touchstone.agent.metrology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** In-service MPE is twice OIML R 76-1 Table 6 (docs/domain.md 5.2); minimum load from Table 3 (5.1). */
class ScaleMetrologyTest {

    private static ScaleMetrology scale(AccuracyClass c, String e, String max) {
        return new ScaleMetrology(c, new BigDecimal(e), new BigDecimal(max));
    }

    @ParameterizedTest(name = "class {0}, e = {1} g, load {3} g -> in-service MPE {4} g")
    @CsvSource(textBlock = """
            # class, e,   Max,   load,     MPE     (load in e)
            I,    0.001, 220,    0,        0.001
            I,    0.001, 220,    50,       0.001
            I,    0.001, 220,    50.001,   0.002
            I,    0.001, 220,    200,      0.002
            I,    0.001, 220,    200.001,  0.003
            II,   0.1,   6200,   0,        0.1
            II,   0.1,   6200,   500,      0.1
            II,   0.1,   6200,   500.1,    0.2
            II,   0.1,   6200,   2000,     0.2
            II,   0.1,   6200,   2000.1,   0.3
            II,   0.1,   6200,   6200,     0.3
            II,   0.01,  1200,   50,       0.01
            II,   0.01,  1200,   50.01,    0.02
            II,   0.01,  1200,   200,      0.02
            II,   0.01,  1200,   200.01,   0.03
            II,   0.02,  2000,   100,      0.02
            II,   0.02,  2000,   100.02,   0.04
            III,  1,     10000,  500,      1
            III,  1,     10000,  501,      2
            III,  1,     10000,  2000,     2
            III,  1,     10000,  2001,     3
            III,  5,     30000,  2500,     5
            III,  5,     30000,  2505,     10
            IIII, 5,     5000,   250,      5
            IIII, 5,     5000,   255,      10
            IIII, 5,     5000,   1000,     10
            IIII, 5,     5000,   1005,     15
            """)
    void inServiceMpeGrams_atBandEdges_isTwiceTable6(AccuracyClass c, String e, String max, double load, double mpe) {
        assertEquals(mpe, scale(c, e, max).inServiceMpeGrams(load), 1e-12);
    }

    @Test
    void inServiceMpeGrams_negativeNetLoad_sameAsPositive() {
        ScaleMetrology s = scale(AccuracyClass.II, "0.1", "6200");
        assertEquals(s.inServiceMpeGrams(600), s.inServiceMpeGrams(-600), 1e-12);
    }

    @ParameterizedTest(name = "class {0}, load {1} e -> initial MPE {2} e")
    @CsvSource(textBlock = """
            I,    50000,  0.5
            I,    50001,  1.0
            I,    200001, 1.5
            II,   5000,   0.5
            II,   5001,   1.0
            II,   20000,  1.0
            II,   20001,  1.5
            III,  500,    0.5
            III,  501,    1.0
            III,  2001,   1.5
            IIII, 50,     0.5
            IIII, 51,     1.0
            IIII, 201,    1.5
            """)
    void initialMpeInE_table6(AccuracyClass c, double loadInE, double mpeInE) {
        assertEquals(mpeInE, c.initialMpeInE(loadInE));
    }

    @ParameterizedTest(name = "class {0}, e = {1} g: minimum load {3} g")
    @CsvSource(textBlock = """
            I,    0.001, 220,   0.1
            II,   0.01,  1200,  0.2
            II,   0.05,  6000,  1.0
            II,   0.1,   6200,  5.0
            II,   1,     60000, 50
            III,  0.1,   600,   2.0
            III,  5,     30000, 100
            IIII, 5,     5000,  50
            """)
    void minimumLoadGrams_isTable3(AccuracyClass c, String e, String max, double minimum) {
        assertEquals(minimum, scale(c, e, max).minimumLoadGrams(), 1e-12);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(textBlock = """
            I,    I
            ii,   II
            ' III ', III
            4,    IIII
            """)
    void parse_romanOrArabic(String text, AccuracyClass expected) {
        assertEquals(expected, AccuracyClass.parse(text));
    }

    @Test
    void parse_unknownClass_refusedNamingIt() {
        assertEquals("accuracyClass must be I, II, III or IIII, was: 'V'",
                assertThrows(IllegalArgumentException.class, () -> AccuracyClass.parse("V")).getMessage());
    }

    @Test
    void constructor_badValues_refusedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> scale(AccuracyClass.II, "0", "100"))
                .getMessage().startsWith("verificationIntervalGrams (e)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> scale(AccuracyClass.II, "0.1", "0.1"))
                .getMessage().startsWith("capacityGrams (Max)"));
    }
}
