package org.touchstone.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.touchstone.agent.metrology.AccuracyClass;

class ConfigLoaderTest {

    private static final Path CONFIG = Path.of("..", "config");

    /** A valid configuration; the line numbers in the table below refer to it. */
    private static final String BASE = """
            post:
              id: post-1
            mqtt:
              url: tcp://127.0.0.1:1883
            scales:
              - id: scale-1
                serial:
                  path: /dev/ttyUSB0
                  baud: 9600
                  parity: none
                accuracyClass: II
                verificationIntervalGrams: 0.1
                capacityGrams: 6200
            xrfAnalyzers:
              - id: xrf-1
            assessment:
              confidence: 0.99
            """;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void load_shippedPostConfiguration_readsEverySetting() throws Exception {
        ConfigLoader.Loaded loaded = loader.load(CONFIG.resolve("touchstone.yaml"));
        AgentConfig c = loaded.config();
        assertEquals("post-1", c.post().id());
        assertEquals("tcp://127.0.0.1:1883", c.mqtt().url());
        assertEquals("touchstone", c.mqtt().topicRoot());
        assertEquals("touchstone-post-1", c.mqtt().settings("post-1").clientId());
        ScaleConfig scale = c.scales().get(0);
        assertEquals("scale-1", scale.id());
        assertEquals("/dev/ttyUSB0", scale.serial().path());
        assertEquals(9600, scale.serial().baud());
        assertEquals("none", scale.serial().parity());
        assertEquals(AccuracyClass.II, scale.metrology().accuracyClass());
        assertEquals(new BigDecimal("0.1"), scale.metrology().verificationIntervalGrams());
        assertEquals("xrf-1", c.xrfAnalyzers().get(0).id());
        assertEquals(3, c.assessment().minXrfShots());
        assertEquals(0.999, c.assessment().confidence());
        assertEquals(0.05, c.assessment().instrumentUncertaintyPercent());
        assertEquals(0.3, c.assessment().uncheckedMatrixUncertaintyPercent());
        assertEquals(AccuracyClass.III, c.assessment().declarantScale().unrefined());
        assertEquals(0.02, c.assessment().presenceLevel("W"));
        assertEquals(CONFIG.resolve("declarations/incoming").toAbsolutePath().normalize(),
                loaded.resolve(c.declarations().folder()));
        assertEquals(CONFIG.resolve("../run").toAbsolutePath().normalize(), loaded.resolve(c.dataDirectory()));
    }

    @Test
    void load_demoConfiguration_fillsDefaults() throws Exception {
        AgentConfig c = loader.load(CONFIG.resolve("demo.yaml")).config();
        assertEquals("post-demo", c.post().id());
        assertEquals(200, c.scales().get(0).pollIntervalMillis());
        assertEquals(9600, c.scales().get(0).serial().baud());
        assertEquals(BigDecimal.ZERO, c.assessment().nationalToleranceMille());
        assertEquals(null, c.declarations().folder());
    }

    @Test
    void parse_baseOfTheTable_isValid() throws Exception {
        assertEquals("post-1", loader.parse(BASE, "base.yaml").post().id());
    }

    @ParameterizedTest(name = "{0}: line {3}, {4}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key         | '  confidence: 0.99'     | '  confidence: 0.99\\n  colour: red' | 18 | assessment.colour          | unknown setting 'colour'
            baud 0              | 'baud: 9600'             | 'baud: 0'                         | 9  | scales[0].serial.baud      | baud must be 50..4000000, was: 0
            baud not a number   | 'baud: 9600'             | 'baud: fast'                      | 9  | scales[0].serial.baud      | expected a whole number, was: 'fast'
            parity evn          | 'parity: none'           | 'parity: evn'                     | 10 | scales[0].serial.parity    | parity must be none, odd, even, mark or space, was: 'evn'
            accuracyClass V     | 'accuracyClass: II'      | 'accuracyClass: V'                | 11 | scales[0].accuracyClass    | accuracyClass must be I, II, III or IIII, was: 'V'
            post id with /      | 'id: post-1'             | 'id: post/1'                      | 2  | post.id                    | was: 'post/1'
            post id with +      | 'id: post-1'             | 'id: post+1'                      | 2  | post.id                    | was: 'post+1'
            duplicated device   | 'id: xrf-1'              | 'id: scale-1'                     | 15 | xrfAnalyzers[0].id         | device id 'scale-1' is used twice
            malformed mqtt url  | 'tcp://127.0.0.1:1883'   | 'tcp//broker'                     | 4  | mqtt.url                   | must look like tcp://host:port, was: 'tcp//broker'
            confidence 1.5      | '0.99'                   | '1.5'                             | 17 | assessment.confidence      | confidence must be 0.5..0.9999, was: 1.5
            lot heterogeneity   | '  confidence: 0.99'     | '  confidence: 0.99\\n  lotHeterogeneityPercent: -1' | 18 | assessment.lotHeterogeneityPercent | lotHeterogeneityPercent must be 0.0..50.0, was: -1.0
            presence level      | '  confidence: 0.99'     | '  confidence: 0.99\\n  presenceLevelsPercent: {gold: 0.1}' | 18 | assessment.presenceLevelsPercent | must name element symbols such as Hg, 'gold' is not one
            e missing           | '    verificationIntervalGrams: 0.1\\n' | ''                  | 13 | scales[0]                  | verificationIntervalGrams (e) is required
            """)
    void parse_badSetting_refusedNamingFilePathAndLine(String name, String replaced, String replacement, String line,
                                                        String path, String reason) {
        String yaml = BASE.replace(replaced.replace("\\n", "\n"), replacement.replace("\\n", "\n"));
        assertTrue(!yaml.equals(BASE), "the table row must change the base: " + name);
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, "post.yaml"));
        String expectedStart = "post.yaml" + (line.equals("-") ? "" : ", line " + line) + ": " + path + ": ";
        assertTrue(e.getMessage().startsWith(expectedStart), "expected '" + expectedStart + "...', was: " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void parse_duplicatedScaleId_namesTheSecondScale() {
        String yaml = BASE.replace("xrfAnalyzers:", """
                  - id: scale-1
                    serial: {path: /dev/ttyUSB1}
                    accuracyClass: III
                    verificationIntervalGrams: 1
                    capacityGrams: 30000
                xrfAnalyzers:""");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, "post.yaml"));
        assertTrue(e.getMessage().startsWith("post.yaml, line 14: scales[1].id: device id 'scale-1' is used twice"),
                e.getMessage());
    }

    @Test
    void parse_missingPost_refused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> loader.parse(BASE.replace("post:\n  id: post-1\n", ""), "post.yaml"));
        assertTrue(e.getMessage().startsWith("post.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("post"), e.getMessage());
    }

    @Test
    void parse_notYaml_refusedWithLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> loader.parse("post:\n  id: [unclosed\nmqtt: x\n", "post.yaml"));
        assertTrue(e.getMessage().matches("post\\.yaml, line \\d+: .*"), e.getMessage());
    }

    @Test
    void load_missingFile_refusedNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file));
        assertEquals(file + ": configuration file not found", e.getMessage());
    }

    @Test
    void load_badFile_messageNamesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("post.yaml");
        Files.writeString(file, BASE.replace("baud: 9600", "baud: 0"));
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file));
        assertTrue(e.getMessage().startsWith(file + ", line 9: scales[0].serial.baud: "), e.getMessage());
    }
}
