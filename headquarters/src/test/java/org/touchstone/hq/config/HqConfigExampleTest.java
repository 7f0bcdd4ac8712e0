package org.touchstone.hq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;

class HqConfigExampleTest {

    @Test
    void theShippedExample_reads() throws Exception {
        Path file = Path.of("..", "config", "hq.yaml");
        HqConfig c = new ConfigLoader().parse(Files.readString(file), file.toString(), HqConfig.class);
        assertEquals("hq-1", c.instanceId());
        assertEquals("touchstone-hq-hq-1", c.clientId());
        assertEquals("touchstone-hq", c.shareGroup());
        assertEquals(8090, c.view().port());
        assertEquals("/etc/touchstone-hq/officers.yaml", c.view().officersFile());
        assertEquals(15, c.view().darkAfterMinutes());
        assertEquals(500, c.ingest().maxBatch());
    }

    @Test
    void aWrongValue_namesTheFileTheLineAndTheField() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().parse("""
                instanceId: hq-1
                broker: {url: "tcp://127.0.0.1:1883"}
                database:
                  url: jdbc:postgresql://127.0.0.1:5432/hq
                  poolSize: 1
                """, "hq.yaml", HqConfig.class));
        assertTrue(e.getMessage().startsWith("hq.yaml, line 5: database.poolSize: poolSize must be 2..64, was: 1"),
                e.getMessage());
    }

    @Test
    void aWrongViewValue_namesTheLineAndTheField() {
        String base = """
                instanceId: hq-1
                broker: {url: "tcp://127.0.0.1:1883"}
                database: {url: "jdbc:postgresql://127.0.0.1:5432/hq"}
                view:
                """;
        ConfigException language = assertThrows(ConfigException.class, () -> new ConfigLoader().parse(base
                + "  officersFile: officers.yaml\n  language: de\n", "hq.yaml", HqConfig.class));
        assertTrue(language.getMessage().startsWith("hq.yaml, line 6: view.language: language must be one of [en, fr],"
                + " was: 'de'"), language.getMessage());
        ConfigException officers = assertThrows(ConfigException.class, () -> new ConfigLoader().parse(base
                + "  port: 8090\n", "hq.yaml", HqConfig.class));
        assertTrue(officers.getMessage().contains("officersFile is required in view"), officers.getMessage());
    }
}
