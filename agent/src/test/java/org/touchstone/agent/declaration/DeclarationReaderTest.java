package org.touchstone.agent.declaration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.touchstone.agent.declaration.DeclarationRejectedException.Problem;
import org.touchstone.drivers.reading.WeightUnit;

class DeclarationReaderTest {

    private static final String SOURCE = "incoming/test.json";

    /** The shape of config/declarations/demo/DEMO-0002-misdeclared.json, with one extra field per level. */
    private static final String VALID = """
            {
              "declarationId": "DEMO-0002",
              "declarant": "Quick Forwarding SARL",
              "exporter": "Sahel Metals Trading",
              "originCountry": "ML",
              "transport": "air",
              "items": [
                {
                  "itemId": "1",
                  "hsCode": "7108.12",
                  "description": "Fine gold kilobar",
                  "form": "bar",
                  "metal": "Au",
                  "fineness": 999.9,
                  "pieces": 1,
                  "netMass": { "value": 1000.0, "unit": "g" },
                  "serial": "SM-0042"
                },
                {
                  "itemId": "2",
                  "hsCode": "7108.12",
                  "description": "Gold grain",
                  "form": "grain",
                  "metal": "Au",
                  "fineness": 995.0,
                  "pieces": 1,
                  "netMass": { "value": 500.0, "unit": "g" }
                }
              ]
            }
            """;

    private final DeclarationReader reader = new DeclarationReader();

    private Declaration read(String json) throws DeclarationRejectedException {
        return reader.read(json.getBytes(StandardCharsets.UTF_8), SOURCE);
    }

    private DeclarationRejectedException refused(String json) {
        return assertThrows(DeclarationRejectedException.class, () -> read(json));
    }

    /** A one-item document whose item has the given fineness and net mass JSON. */
    private static String oneItem(String fineness, String netMass) {
        return """
                {"declarationId": "D-1", "items": [
                  {"itemId": "1", "hsCode": "7108.13", "metal": "Au", "fineness": %s, "netMass": %s}]}
                """.formatted(fineness, netMass);
    }

    @Test
    void read_validDocument_fillsEveryField() throws Exception {
        Declaration d = read(VALID);
        assertEquals("DEMO-0002", d.declarationId());
        assertEquals("Quick Forwarding SARL", d.declarant());
        assertEquals("Sahel Metals Trading", d.exporter());
        assertEquals("ML", d.originCountry());
        assertEquals(2, d.items().size());

        DeclaredItem bar = d.item("1").orElseThrow();
        assertEquals("7108.12", bar.hsCode());
        assertEquals("Fine gold kilobar", bar.description());
        assertEquals(ItemForm.BAR, bar.form());
        assertEquals(Metal.AU, bar.metal());
        assertEquals(new BigDecimal("999.9"), bar.finenessMille());
        assertEquals("999.9", bar.finenessAsWritten());
        assertEquals(99.99, bar.finenessPercent(), 1e-9);
        assertEquals(1, bar.pieces());
        assertEquals(new Mass(new BigDecimal("1000.0"), WeightUnit.G), bar.netMass());

        DeclaredItem grain = d.item("2").orElseThrow();
        assertEquals(ItemForm.GRAIN, grain.form());
        assertEquals(0, new BigDecimal("995").compareTo(grain.finenessMille()));
        assertEquals("500.0 g", grain.netMass().toString());
    }

    @Test
    void read_demoFile_accepted() throws Exception {
        Declaration d = reader.read(Path.of("..", "config", "declarations", "demo", "DEMO-0002-misdeclared.json"));
        assertEquals("DEMO-0002", d.declarationId());
        assertEquals(List.of("1", "2"), d.items().stream().map(DeclaredItem::itemId).toList());
    }

    @Test
    void read_extraFields_keptInOriginal() throws Exception {
        Declaration d = read(VALID);
        assertEquals("air", d.original().get("transport").asText());
        assertEquals("SM-0042", d.original().get("items").get(0).get("serial").asText());
    }

    @ParameterizedTest(name = "fineness {0} -> {1} ‰")
    @CsvSource(delimiter = '|', textBlock = """
            "18K"   | 750
            "22 kt" | 916
            "9ct"   | 375
            "24K"   | 999
            "14k"   | 585
            "10 karat" | 417
            "19K"   | 791.6
            "99.99 %" | 999.9
            999.9   | 999.9
            750     | 750
            """)
    void read_fineness_convertsToMille(String written, String mille) throws Exception {
        DeclaredItem item = read(oneItem(written, "{\"value\": 10, \"unit\": \"g\"}")).items().get(0);
        assertEquals(new BigDecimal(mille), item.finenessMille());
        assertEquals(written.replace("\"", ""), item.finenessAsWritten());
    }

    @ParameterizedTest(name = "netMass {0} {1}: half last digit {2} g")
    @CsvSource(textBlock = """
            1000.0, g,   0.05
            1000,   g,   0.5
            1000.00, g,  0.005
            1.5,    kg,  50
            2,      ozt, 15.5517384
            """)
    void read_netMass_keepsWrittenPrecision(String value, String unit, double halfLastDigitGrams) throws Exception {
        Mass m = read(oneItem("999.9", "{\"value\": " + value + ", \"unit\": \"" + unit + "\"}")).items().get(0).netMass();
        assertEquals(value, m.value().toPlainString());
        assertEquals(halfLastDigitGrams, m.halfLastDigitGrams(), 1e-9);
    }

    @ParameterizedTest(name = "unit {0} is {1}: 10 {0} = {2} g")
    @CsvSource(textBlock = """
            oz,   OZ,   283.49523125
            ozt,  OZT,  311.034768
            g,    G,    10
            kg,   KG,   10000
            tola, TOLA, 116.638038
            """)
    void read_unit_mapsToExactGrams(String symbol, WeightUnit unit, String grams) throws Exception {
        Mass m = read(oneItem("999.9", "{\"value\": 10, \"unit\": \"" + symbol + "\"}")).items().get(0).netMass();
        assertEquals(unit, m.unit());
        assertEquals(0, new BigDecimal(grams).compareTo(m.grams()), m.grams().toPlainString());
    }

    @Test
    void read_documentWithManyProblems_refusedListingEveryOneByFieldPath() {
        String json = """
                {
                  "declarant": "X",
                  "items": [
                    {"itemId": "1", "hsCode": "71O8", "metal": "Xx", "fineness": 1200,
                     "netMass": {"value": -5, "unit": "g"}},
                    {"itemId": "2", "hsCode": "7108.12", "metal": "Au", "fineness": 999.9,
                     "netMass": {"value": 10, "unit": "kgs"}},
                    {"itemId": "3", "hsCode": "7108.12", "metal": "Au", "fineness": 999.9,
                     "netMass": {"value": 10, "unit": "g"}},
                    {"itemId": "3", "hsCode": "7108.12", "metal": "Au", "fineness": 999.9,
                     "netMass": {"value": 10, "unit": "g"}},
                    {"itemId": "5", "hsCode": "7108.12", "metal": "Au", "fineness": 999.9, "pieces": 0,
                     "netMass": {"value": 10, "unit": "g"}}
                  ]
                }
                """;
        DeclarationRejectedException e = refused(json);
        assertEquals(SOURCE, e.source());
        assertEquals(List.of("declarationId", "items[0].hsCode", "items[0].metal", "items[0].fineness",
                "items[0].netMass.value", "items[1].netMass.unit", "items[3].itemId", "items[4].pieces"),
                e.problems().stream().map(Problem::path).toList());
        assertTrue(e.getMessage().startsWith(SOURCE + ": declaration refused, 8 problem(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("items[1].netMass.unit: unknown unit 'kgs'"), e.getMessage());
        assertTrue(e.getMessage().contains("items[3].itemId: '3' is used twice"), e.getMessage());
        assertTrue(e.getMessage().contains("items[0].fineness: must be in ‰, above 0 and at most 1000, was 1200"),
                e.getMessage());
    }

    @Test
    void read_duplicateItemIdOnItemWithAnotherProblem_bothReported() {
        String json = """
                {"declarationId": "D-1", "items": [
                  {"itemId": "1", "hsCode": "7108.12", "metal": "Au", "fineness": 999.9,
                   "netMass": {"value": 10, "unit": "g"}},
                  {"itemId": "1", "hsCode": "7108.12", "metal": "Au", "fineness": 999.9,
                   "netMass": {"value": 10, "unit": "kgs"}}]}
                """;
        assertEquals(List.of("items[1].netMass.unit", "items[1].itemId"),
                refused(json).problems().stream().map(Problem::path).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            karat above 24     | "25K"        | items[0].fineness | karat must be above 0 and at most 24
            fineness zero      | 0            | items[0].fineness | above 0
            fineness not karat | "fine"       | items[0].fineness | neither a number in ‰, a karat
            fineness as array  | [999]        | items[0].fineness | must be a number in ‰ or a karat string
            """)
    void read_badFineness_refusedNamingIt(String name, String fineness, String path, String reason) {
        Problem p = refused(oneItem(fineness, "{\"value\": 10, \"unit\": \"g\"}")).problems().get(0);
        assertEquals(path, p.path());
        assertTrue(p.reason().contains(reason), p.reason());
    }

    @ParameterizedTest(name = "pieces {0} refused")
    @CsvSource(delimiter = '|', textBlock = """
            0
            -1
            1.5
            "2"
            """)
    void read_badPieces_refused(String pieces) {
        String json = oneItem("999.9", "{\"value\": 10, \"unit\": \"g\"}").replace("\"metal\"", "\"pieces\": " + pieces + ", \"metal\"");
        assertEquals(List.of("items[0].pieces"), refused(json).problems().stream().map(Problem::path).toList());
    }

    private static String item(String fields) {
        return """
                {"declarationId": "D-1", "items": [
                  {"itemId": "1", %s, "netMass": {"value": 10, "unit": "g"}}]}
                """.formatted(fields);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            copper cathode, no metal         | "hsCode": "7403.11"
            brass fittings named CuZn        | "hsCode": "7419.80", "metal": "CuZn"
            imitation jewellery              | "hsCode": "7117.19", "metal": "Cu"
            buckles                          | "hsCode": "8308.10", "form": "other"
            machinery part                   | "hsCode": "8483.40"
            """)
    void read_anyHeading_metalAndFinenessOptionalOutsideThePreciousHeadings(String name, String fields) throws Exception {
        DeclaredItem i = read(item(fields)).items().get(0);
        assertEquals(null, i.metal());
        assertEquals(null, i.finenessMille());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            gold heading without metal       | "hsCode": "7108.12", "fineness": 999.9                 | items[0].metal    | precious-metal heading
            base metal under 7108            | "hsCode": "7108.12", "metal": "Cu"                     | items[0].metal    | is a base metal
            fineness of a base metal         | "hsCode": "7419.80", "metal": "CuZn", "fineness": 700  | items[0].fineness | not one
            percentage slip 99.99            | "hsCode": "7108.12", "metal": "Au", "fineness": 99.99  | items[0].fineness | looks like a percentage (999.9 ‰?)
            percentage slip 91.6             | "hsCode": "7113.19", "metal": "Au", "fineness": 91.6   | items[0].fineness | looks like a percentage (916 ‰?)
            fraction slip 0.9999             | "hsCode": "7108.12", "metal": "Au", "fineness": 0.9999 | items[0].fineness | looks like a fraction (0.9999 = 999.9 ‰?)
            unknown metal                    | "hsCode": "7403.11", "metal": "Xx"                     | items[0].metal    | unknown metal 'Xx'
            plated without its layer         | "hsCode": "7113.11", "metal": "Ag", "fineness": 925, "construction": "plated" | items[0].construction | needs the layer's metal
            unknown construction             | "hsCode": "7113.11", "metal": "Ag", "fineness": 925, "construction": {"kind": "gilded"} | items[0].construction.kind | unknown construction 'gilded'
            """)
    void read_newRules_refusedNamingTheField(String name, String fields, String path, String reason) {
        Problem p = refused(item(fields)).problems().get(0);
        assertEquals(path, p.path());
        assertTrue(p.reason().contains(reason), p.reason());
    }

    @Test
    void read_concentrateFinenessBelowOnePerMille_isNotASlip() throws Exception {
        DeclaredItem i = read(item("\"hsCode\": \"2616.90\", \"form\": \"concentrate\", \"metal\": \"Au\", \"fineness\": 0.05"))
                .items().get(0);
        assertEquals(new BigDecimal("0.05"), i.finenessMille());
    }

    @Test
    void read_construction_platedWithLayer() throws Exception {
        DeclaredItem i = read(item("\"hsCode\": \"7113.11\", \"metal\": \"Ag\", \"fineness\": 925, "
                + "\"construction\": {\"kind\": \"plated\", \"layer\": \"Au\"}")).items().get(0);
        assertEquals(new Construction(Construction.Kind.PLATED, "Au"), i.construction());
        assertEquals(Construction.Kind.HOLLOW, read(item("\"hsCode\": \"7113.19\", \"metal\": \"Au\", "
                + "\"fineness\": \"18K\", \"construction\": \"hollow\"")).items().get(0).construction().kind());
    }

    @Test
    void read_ozBesideBullion_andBareTael_acceptedWithAWarning() throws Exception {
        Declaration oz = read("""
                {"declarationId": "D-1", "items": [{"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au",
                  "fineness": 999.9, "netMass": {"value": 32.15, "unit": "oz"}}]}
                """);
        assertEquals("items[0].netMass.unit", oz.warnings().get(0).path());
        assertTrue(oz.warnings().get(0).reason().contains("avoirdupois"));
        Declaration tael = read(oneItem("999.9", "{\"value\": 10, \"unit\": \"tael\"}"));
        assertTrue(tael.warnings().get(0).reason().contains("tahil"));
        assertEquals(WeightUnit.TAEL, tael.items().get(0).netMass().unit());
    }

    @Test
    void read_tahil_isTheMarketTaelNotTheTroyTael() throws Exception {
        // 10 tahil = 10 × 37.799364 g (1⅓ oz avoirdupois); 10 troy taels = 374.29 g.
        Mass m = read(oneItem("999.9", "{\"value\": 10, \"unit\": \"tahil\"}")).items().get(0).netMass();
        assertEquals(0, new BigDecimal("377.99364").compareTo(m.grams()));
        assertTrue(read(oneItem("999.9", "{\"value\": 10, \"unit\": \"tahil\"}")).warnings().isEmpty());
    }

    @Test
    void read_missingNetMass_refused() {
        assertEquals("items[0].netMass", refused(oneItem("999.9", "null")).problems().get(0).path());
    }

    @Test
    void read_notJson_refusedWithLineAndColumn() {
        DeclarationRejectedException e = refused("{\n  \"declarationId\": \"D-1\",\n  \"items\": [ oops ]\n}");
        assertEquals(1, e.problems().size());
        assertEquals("(document)", e.problems().get(0).path());
        assertTrue(e.problems().get(0).reason().startsWith("not valid JSON at line 3, column "), e.getMessage());
    }

    @Test
    void read_trailingGarbage_refused() {
        assertTrue(refused(VALID + " {}").problems().get(0).reason().startsWith("not valid JSON"));
    }

    @Test
    void read_emptyItems_refused() {
        DeclarationRejectedException e = refused("{\"declarationId\": \"D-1\", \"items\": []}");
        assertEquals(List.of(new Problem("items", "must be a non-empty array")), e.problems());
    }

    @Test
    void read_arrayRoot_refused() {
        assertEquals("must be a JSON object", refused("[]").problems().get(0).reason());
    }

    @Test
    void read_badOriginCountry_refusedNamingIt() {
        DeclarationRejectedException e = refused(VALID.replace("\"ML\"", "\"Mali\""));
        assertEquals(List.of("originCountry"), e.problems().stream().map(Problem::path).toList());
    }
}
