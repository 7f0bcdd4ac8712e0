package org.touchstone.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration mistakes are told in the file's own terms (file, line, key, what was expected, what was found),
 * never with Java class names. Line numbers are counted by hand in the texts below.
 */
class ConfigLoaderErrorsTest {

    private final ConfigLoader loader = new ConfigLoader();

    private String refused(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, "post.yaml"));
        String m = e.getMessage();
        assertFalse(m.contains("`") || m.contains("org.touchstone") || m.contains("java.") || m.contains("\n"),
                "Java internals or two lines in: " + m);
        return m;
    }

    @Test
    void mqttWrittenAsAUrl_saysABlockIsExpectedAndShowsTheText() {
        String m = refused("""
                post:
                  id: post-1
                mqtt: tcp://127.0.0.1:1883
                """);
        assertTrue(m.startsWith("post.yaml, line 3: mqtt: expected a block of settings (url: ..."), m);
        assertTrue(m.endsWith("found the text 'tcp://127.0.0.1:1883'"), m);
    }

    @Test
    void textWhereANumberBelongs_saysANumber() {
        String m = refused("""
                post:
                  id: post-1
                mqtt:
                  url: tcp://127.0.0.1:1883
                scales:
                  - id: scale-1
                    serial: {path: /dev/ttyUSB0}
                    accuracyClass: II
                    verificationIntervalGrams: abc
                    capacityGrams: 6200
                """);
        assertEquals("post.yaml, line 9: scales[0].verificationIntervalGrams: expected a number, was: 'abc'", m);
    }

    @Test
    void textWhereAListBelongs_saysAList() {
        String m = refused("""
                post:
                  id: post-1
                mqtt:
                  url: tcp://127.0.0.1:1883
                scales: scale-1
                """);
        assertTrue(m.startsWith("post.yaml, line 5: scales: expected a list"), m);
    }

    @Test
    void modeTypo_namesTheAllowedModes() {
        String m = refused("""
                post:
                  id: post-1
                mqtt:
                  url: tcp://127.0.0.1:1883
                scales:
                  - id: scale-1
                    serial: {path: /dev/ttyUSB0}
                    mode: STREM
                    accuracyClass: II
                    verificationIntervalGrams: 0.1
                    capacityGrams: 6200
                """);
        assertTrue(m.startsWith("post.yaml, line 8: scales[0].mode: mode must be poll or stream"), m);
    }

    @Test
    void duplicateKeyInABlock_refusedWithBothLines() {
        String m = refused("""
                post:
                  id: post-1
                mqtt:
                  url: tcp://127.0.0.1:1883
                  clientId: a
                  url: tcp://10.0.0.9:1883
                """);
        assertEquals("post.yaml, line 6: mqtt.url: written twice (first at line 4); keep one", m);
    }

    @Test
    void duplicateTopLevelKey_refusedWithBothLines() {
        String m = refused("""
                post:
                  id: post-1
                mqtt:
                  url: tcp://127.0.0.1:1883
                dataDirectory: a
                dataDirectory: b
                """);
        assertEquals("post.yaml, line 6: dataDirectory: written twice (first at line 5); keep one", m);
    }

    @Test
    void duplicateKeyInAListEntry_namesTheEntry() {
        String m = refused("""
                post:
                  id: post-1
                mqtt:
                  url: tcp://127.0.0.1:1883
                xrfAnalyzers:
                  - id: xrf-1
                  - id: xrf-2
                    source: mqtt
                    source: folder
                """);
        assertEquals("post.yaml, line 9: xrfAnalyzers[1].source: written twice (first at line 8); keep one", m);
    }

    @Test
    void passwordOverPlainTcp_warnsNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("post.yaml");
        Files.writeString(file, """
                post:
                  id: post-1
                mqtt:
                  url: tcp://broker.example:1883
                  username: agent
                  password: secret
                """);
        ConfigLoader.Loaded loaded = loader.load(file);
        assertEquals(1, loaded.warnings().size(), loaded.warnings().toString());
        String w = loaded.warnings().get(0);
        assertTrue(w.startsWith(file + ", line 6: mqtt.password: the password is sent in clear text over "
                + "tcp://broker.example:1883"), w);
        assertFalse(w.contains("secret"), "the warning must not repeat the password: " + w);
    }

    @Test
    void noPasswordOverTcp_noWarning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("post.yaml");
        Files.writeString(file, """
                post:
                  id: post-1
                mqtt:
                  url: tcp://127.0.0.1:1883
                """);
        assertEquals(0, loader.load(file).warnings().size());
    }

    @Test
    void aLaneTableThatLowersARedFinding_warnsNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("post.yaml");
        Files.writeString(file, """
                post:
                  id: post-1
                mqtt:
                  url: tcp://127.0.0.1:1883
                assessment:
                  lanes:
                    SAMPLING_REQUIRED: RED
                    MASS_DISCREPANCY: GREEN
                    METAL_MISMATCH: YELLOW
                """);
        List<String> w = loader.load(file).warnings();
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.contains(file + ", line 8: assessment.lanes.MASS_DISCREPANCY: turns a RED finding GREEN: goods "
                + "with this finding are no longer stopped nor even flagged; remove the line unless the national "
                + "policy says so"), w.toString());
        assertTrue(w.stream().anyMatch(x -> x.startsWith(file + ", line 9: assessment.lanes.METAL_MISMATCH: turns a "
                + "RED finding YELLOW")), w.toString());
    }
}
