package org.touchstone.hq;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Agent;
import org.touchstone.agent.Json;
import org.touchstone.agent.assessment.Selectivity;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.devices.PostDevices;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.DeclarationAccepted;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.hq.risk.RiskProfile;
import org.touchstone.hq.risk.RiskProfilePublisher;
import org.touchstone.hq.risk.RiskProfileReader;
import org.touchstone.hq.store.Database;
import org.touchstone.sim.broker.ExternalTools;
import org.touchstone.sim.broker.MosquittoProcess;

/**
 * Headquarters' risk profile applied at a post, on real parts: hq's reader and publisher (recording in the real
 * PostgreSQL) put the analysts' YAML, retained, on a real Mosquitto; a real agent connected to it receives it and
 * decides under it. A declaration from the profiled origin comes out on the post's verdict topic RED from the
 * declaration alone, naming the profile and rule; one from elsewhere is assessed as without any profile. A bad
 * profile published after it is refused, journaled, and the post keeps the good one.
 */
class RiskProfileAtPostIT {

    private static final String PROFILE = """
            version: 3
            rules:
              - id: ml-gold
                match: {originCountry: ML}
                minXrfShotsPerItem: 5
                minimumLane: RED
                reason: gold declared from Mali, national risk assessment 2026
            """;

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.mapper();

    @Test
    void aMatchingDeclaration_carriesTheRuleAndItsLane_anotherIsUnchanged() throws Exception {
        ExternalTools.require("mosquitto");
        try (TestDatabase db = TestDatabase.create();
             MosquittoProcess broker = MosquittoProcess.in(dir.resolve("broker")).start();
             Database hq = Database.open(db.config(), "risk-it")) {
            RiskProfile profile = new RiskProfileReader().read(PROFILE, "profile.yaml");
            new RiskProfilePublisher(hq.dataSource(), MqttSettings.anonymous(broker.url(), "hq-risk-it"), "touchstone")
                    .publish(profile, Instant.parse("2026-12-01T08:00:00Z"));

            AgentConfig config = new ConfigLoader().parse("""
                    post: {id: post-risk}
                    mqtt: {url: "%s"}
                    dataDirectory: data
                    """.formatted(broker.url()), "post.yaml");
            List<String> refused = new CopyOnWriteArrayList<>();
            AgentEvents events = new AgentEvents() {
                @Override
                public void inputRejected(String source, String reason) {
                    refused.add(source + ": " + reason);
                }
            };
            Map<String, JsonNode> verdicts = new ConcurrentHashMap<>();
            Path journalFile;
            try (Agent agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(), new PostDevices(),
                    List.of(events));
                 MqttConnection watcher = new MqttConnection(MqttSettings.anonymous(broker.url(), "risk-watcher"), null)) {
                watcher.subscribe("touchstone/post-risk/inspections/+/verdict", 1, (topic, payload) ->
                        verdicts.put(topic.split("/")[3], json.readTree(payload)));
                assertTrue(watcher.startAndAwait(10_000));
                agent.start();
                journalFile = agent.journalFile();
                // The retained profile reaches the post when it subscribes.
                await().atMost(Duration.ofSeconds(15)).until(() -> agent.riskProfile().isPresent());
                assertEquals(3, agent.riskProfile().orElseThrow().version());

                agent.submitDeclaration(declaration("R-ML", "ML")).get();
                agent.submitDeclaration(declaration("R-GH", "GH")).get();
                await().atMost(Duration.ofSeconds(15)).until(() -> verdicts.containsKey("R-ML")
                        && verdicts.containsKey("R-GH"));

                JsonNode ml = verdicts.get("R-ML");
                assertEquals("RED", ml.path("lane").asText(), ml.toString());
                JsonNode finding = ml.path("findings").get(0);
                assertEquals("RISK_PROFILE", finding.path("code").asText(), ml.toString());
                assertEquals("RED", finding.path("severity").asText());
                assertEquals(3, finding.path("evidence").path("profileVersion").asInt());
                assertEquals("ml-gold", finding.path("evidence").path("ruleId").asText());
                assertTrue(finding.path("message").asText().contains("risk profile 3, rule ml-gold applies"
                        + " (originCountry ML): at least 5 XRF shots per item, lane at least RED. Reason: gold declared"
                        + " from Mali"), finding.toString());

                // Nothing measured yet and no rule: PENDING, no finding, as a post without profiles decides.
                JsonNode gh = verdicts.get("R-GH");
                assertEquals("PENDING", gh.path("lane").asText(), gh.toString());
                assertEquals(0, gh.path("findings").size(), gh.toString());

                // A bad profile, retained over the good one: refused whole, journaled, version 3 kept.
                byte[] bad = ("{\"messageId\": \"hq:risk-profiles:4\", \"version\": 4, \"issuedAt\":"
                        + " \"2026-12-02T08:00:00Z\", \"rules\": [{\"id\": \"x\", \"match\": {\"originCountry\": \"GH\"},"
                        + " \"minimumLane\": \"GREEN\", \"reason\": \"r\"}]}").getBytes(StandardCharsets.UTF_8);
                watcher.publish("touchstone/hq/risk-profiles", bad, 1, true).waitForCompletion(10_000);
                await().atMost(Duration.ofSeconds(15)).until(() -> refused.stream()
                        .anyMatch(r -> r.contains("risk-profiles")));
                assertEquals("touchstone/hq/risk-profiles: risk profile version 4 refused,"
                        + " 1 problem(s): rules[0].minimumLane: 'GREEN' must be YELLOW or RED; the post keeps"
                        + " version 3", refused.get(0));
                assertEquals(3, agent.riskProfile().orElseThrow().version());
            }

            // The journal keeps the version and the rules each inspection opened under.
            try (SqliteJournal journal = new SqliteJournal(journalFile, json, Clock.systemUTC())) {
                JournalSchema schema = new JournalSchema(json);
                DeclarationAccepted ml = accepted(journal, schema, "R-ML");
                assertEquals(3L, ml.riskProfileVersion());
                assertEquals(List.of("ml-gold"), ml.riskRules().stream().map(Selectivity::ruleId).toList());
                assertEquals(5, ml.riskRules().get(0).minXrfShotsPerItem());
                DeclarationAccepted gh = accepted(journal, schema, "R-GH");
                assertEquals(3L, gh.riskProfileVersion());
                assertTrue(gh.riskRules().isEmpty());
                // The evidence package says which rules the decision was made under.
                JsonNode evidence = org.touchstone.agent.evidence.EvidencePackage.build(journal, "R-ML", "post-risk", json,
                        Instant.now());
                assertEquals(3, evidence.path("riskProfile").path("version").asInt(), evidence.toString());
                assertEquals("ml-gold", evidence.path("riskProfile").path("rules").get(0).path("ruleId").asText());
                JsonNode other = org.touchstone.agent.evidence.EvidencePackage.build(journal, "R-GH", "post-risk", json,
                        Instant.now()).path("riskProfile");
                assertEquals(3, other.path("version").asInt(), "the profile held, though no rule matched");
                assertEquals(0, other.path("rules").size());
                assertTrue(other.path("rules").isArray());
                assertTrue(journal.records(RecordType.INPUT_REJECTED, 0).stream()
                        .anyMatch(r -> r.data().contains("'GREEN' must be YELLOW or RED")));
            }
            assertFalse(Files.readString(dir.resolve("data").resolve("risk-profile.json")).contains("GREEN"),
                    "the post kept the good profile on disk");
        }
    }

    private Path declaration(String id, String origin) throws Exception {
        Path file = dir.resolve(id + ".json");
        Files.writeString(file, """
                {"declarationId": "%s", "declarant": "Sahel Metals", "originCountry": "%s",
                 "items": [{"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
                            "netMass": {"value": 1000.0, "unit": "g"}}]}""".formatted(id, origin));
        return file;
    }

    private static DeclarationAccepted accepted(SqliteJournal journal, JournalSchema schema, String id) {
        JournalRecord r = journal.records(id).stream().filter(x -> x.is(RecordType.DECLARATION)).findFirst()
                .orElseThrow();
        return schema.read(r, DeclarationAccepted.class);
    }
}
