package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.command.CommandReply;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.declaration.DeclarationRejectedException;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.drivers.reading.Reading;

/**
 * Hostile values where they enter: a declaration's numbers and texts (each refused naming the field, quickly and
 * without expanding the number), a stable negative weight (not a weighing), and command fields; after each, the
 * same agent still decides the ordinary case correctly. The reference case: 1000.0 g of gold declared, 990.00 g
 * weighed on a class II scale with e = 0.1 g: 10 g short, far beyond the 1.25 g the scales and rounding explain
 * (the agent's own wording in ChainTamperTest's run), so RED.
 */
class HostileValuesTest {

    @TempDir
    Path dir;

    private static String declaration(String id, String item) {
        return """
                {"declarationId": "%s", "declarant": "Corpus", "items": [{"itemId": "1", "hsCode": "7108.12",
                  "form": "bar", "metal": "Au", "fineness": 999.9, %s}]}""".formatted(id, item);
    }

    private static final String GOOD_MASS = "\"netMass\": {\"value\": 1000.0, \"unit\": \"g\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "netMass 1e999999999|\"netMass\": {\"value\": 1e999999999, \"unit\": \"g\"}|items[0].netMass.value|out of range",
            "netMass 1e-999999999|\"netMass\": {\"value\": 1e-999999999, \"unit\": \"g\"}|items[0].netMass.value|out of range",
            "netMass 2e8 g|\"netMass\": {\"value\": 200000000, \"unit\": \"g\"}|items[0].netMass.value|out of range",
            "gross mass 1e999999999|\"netMass\": {\"value\": 1000.0, \"unit\": \"g\"}, \"grossMass\": {\"value\": 1e999999999, \"unit\": \"g\"}|items[0].grossMass.value|out of range",
            "value 1e999999999|\"netMass\": {\"value\": 1000.0, \"unit\": \"g\"}, \"value\": {\"amount\": 1e999999999, \"currency\": \"USD\"}|items[0].value.amount|out of range",
            "pieces 10^7|\"netMass\": {\"value\": 1000.0, \"unit\": \"g\"}, \"pieces\": 10000000|items[0].pieces|from 1 to 1000000",
            "description with a line break|\"netMass\": {\"value\": 1000.0, \"unit\": \"g\"}, \"description\": \"bar\\nINFO forged log line\"|items[0].description|control character U+000A",
            "description with a bidi override|\"netMass\": {\"value\": 1000.0, \"unit\": \"g\"}, \"description\": \"bar \u202Egpj.exe\"|items[0].description|control character U+202E",
            "description with an isolate|\"netMass\": {\"value\": 1000.0, \"unit\": \"g\"}, \"description\": \"bar \u2067x\"|items[0].description|control character U+2067",
    })
    void aHostileDeclarationValue_isRefusedNamingTheField(String name, String item, String path, String reason)
            throws Exception {
        DeclarationReader reader = new DeclarationReader();
        DeclarationRejectedException e = assertThrows(DeclarationRejectedException.class, () -> reader.read(
                declaration("H-1", item).getBytes(StandardCharsets.UTF_8), "test"));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals(path) && p.reason().contains(reason)),
                e.problems().toString());
        assertTrue(e.problems().toString().length() < 2000, "the reasons quote the input briefly");
        // The same reader still reads an ordinary declaration.
        assertEquals("H-2", reader.read(declaration("H-2", GOOD_MASS).getBytes(StandardCharsets.UTF_8), "t")
                .declarationId());
    }

    @Test
    void aFinenessOfOneInABillionDigits_andAnOverlongDeclarant_areRefused() {
        DeclarationReader reader = new DeclarationReader();
        String hostile = """
                {"declarationId": "H-3", "declarant": "%s", "items": [{"itemId": "1", "hsCode": "7108.12",
                  "form": "bar", "metal": "Au", "fineness": 1e-999999999, "netMass": {"value": 1000.0, "unit": "g"}}]}"""
                .formatted("x".repeat(10_000));
        DeclarationRejectedException e = assertThrows(DeclarationRejectedException.class,
                () -> reader.read(hostile.getBytes(StandardCharsets.UTF_8), "test"));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals("items[0].fineness")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals("declarant")
                && p.reason().contains("longer than 256 characters")), e.problems().toString());
    }

    @Test
    void aStableNegativeNetWeight_isNotAWeighing_andTheNextLoadIsDecided() throws Exception {
        List<String> unbound = new CopyOnWriteArrayList<>();
        List<String> weighings = new CopyOnWriteArrayList<>();
        OfflineAgent post = new OfflineAgent(dir, List.of(new AgentEvents() {
            @Override
            public void readingUnbound(Reading reading, String reason) {
                unbound.add(reason);
            }

            @Override
            public void weighingRecorded(String declarationId, String itemId, Weighing w) {
                weighings.add(w.reading().value().toPlainString());
            }
        }));
        try (Agent agent = post.agent) {
            Path file = Files.writeString(dir.resolve("d.json"), declaration("N-1", GOOD_MASS));
            assertTrue(agent.submitDeclaration(file).get(10, TimeUnit.SECONDS).accepted());
            agent.setActiveItem("N-1", "1").get(10, TimeUnit.SECONDS);
            post.weigh("-500.00");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), weighings, "a tared-under-load scale's -500 g is not a weighing");
            assertTrue(unbound.stream().anyMatch(r -> r.contains("negative net weight (-500.00 g)")), unbound.toString());
            post.weigh("990.00");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(List.of("990.00"), weighings);
            assertEquals(Lane.RED, agent.verdict("N-1").lane());
        }
    }

    @Test
    void hostileCommandFields_areRefusedWithTheirReason_andTheAgentGoesOn() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        try (Agent agent = post.agent) {
            assertThrows(IllegalArgumentException.class, () -> new Actor("Chief\nInspector", Actor.Channel.MQTT, "t", true));
            assertThrows(IllegalArgumentException.class, () -> new Actor("Chief \u202EInspector",
                    Actor.Channel.MQTT, "t", true));
            assertThrows(IllegalArgumentException.class, () -> new Actor("x".repeat(65), Actor.Channel.MQTT, "t", true));
            IllegalArgumentException note = assertThrows(IllegalArgumentException.class,
                    () -> new Command.AcknowledgeAlert(null, "a-1", "n".repeat(10 * 1024 * 1024)));
            assertTrue(note.getMessage().startsWith("note: longer than 2000 characters"), note.getMessage());
            assertEquals("seen at the bench ok", new Command.AcknowledgeAlert(null, "a-1", "seen at the bench\nok").note(),
                    "a line break in a note becomes a space");
            assertThrows(IllegalArgumentException.class, () -> new Command.CloseInspection(null, "C\u2066-1"));
            // Through the console's path, a refused field is a refusal, not a failure.
            java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> agent.acknowledgeAlertAs("officer-1", "a-1", "bad \u202E note").get(10, TimeUnit.SECONDS));
            assertTrue(refused.getCause().getMessage().contains("U+202E"), refused.getCause().getMessage());
            Path file = Files.writeString(dir.resolve("d.json"), declaration("K-1", GOOD_MASS));
            CommandReply accepted = agent.submitDeclaration(file).get(10, TimeUnit.SECONDS);
            assertTrue(accepted.accepted(), accepted.toString());
            agent.setActiveItem("K-1", "1").get(10, TimeUnit.SECONDS);
            post.weigh("990.00");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(Lane.RED, agent.verdict("K-1").lane());
        }
    }
}
