package org.touchstone.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract machinery itself: it finds channels by topic and it does refuse what does not fit. */
class MqttContractTest {

    private static final String VERDICT = """
            {"declarationId": "D-1", "lane": "GREEN", "complete": true, "findings": [], "items": [],
             "notTested": [], "assessedAt": "2026-03-14T12:00:00Z", "messageId": "post-1:D-1:verdict:1",
             "postId": "post-1", "revision": 1}""";

    @Test
    void channelOf_concreteTopics_findTheirChannels() throws Exception {
        MqttContract contract = MqttContract.load();
        assertEquals("verdict", contract.channelOf("touchstone/post-1/inspections/D-1/verdict").orElseThrow().name());
        assertEquals("xrfResult", contract.channelOf("touchstone/post-1/xrf/xrf-1/result").orElseThrow().name());
        assertEquals("presence", contract.channelOf("ts/post-9/status").orElseThrow().name());
        assertTrue(contract.channelOf("touchstone/post-1/xrf/a/b/result").isEmpty(), "one level per parameter");
    }

    @Test
    void problems_validVerdict_none() throws Exception {
        assertEquals(List.of(), MqttContract.load().problems("touchstone/post-1/inspections/D-1/verdict", VERDICT));
    }

    @Test
    void problems_unknownLaneOrUndocumentedField_refusedNamingTheSchemaFile() throws Exception {
        MqttContract contract = MqttContract.load();
        List<String> lane = contract.problems("touchstone/post-1/inspections/D-1/verdict",
                VERDICT.replace("\"GREEN\"", "\"BLUE\""));
        assertEquals(1, lane.size(), lane.toString());
        assertTrue(lane.get(0).contains("verdict.schema.json"), lane.get(0));
        List<String> extra = contract.problems("touchstone/post-1/inspections/D-1/verdict",
                VERDICT.replace("\"revision\": 1", "\"revision\": 1, \"colour\": \"green\""));
        assertEquals(1, extra.size(), extra.toString());
        assertTrue(extra.get(0).contains("colour"), extra.get(0));
    }

    @Test
    void problems_xrfResultMissingItsUncertainty_refused() throws Exception {
        List<String> p = MqttContract.load().problems("touchstone/post-1/xrf/xrf-1/result",
                "{\"elements\": [{\"element\": \"Au\", \"percent\": 99.9, \"coverageFactor\": 2}]}");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("uncertainty"), p.get(0));
    }

    @Test
    void problems_topicWithoutChannel_refused() throws Exception {
        List<String> p = MqttContract.load().problems("touchstone/post-1/gossip", "{}");
        assertEquals(1, p.size());
        assertTrue(p.get(0).contains("no channel of docs/mqtt/asyncapi.yaml"), p.get(0));
    }

    @Test
    void riskProfile_asHeadquartersPublishesIt_fits() throws Exception {
        // The README's example profile, read and turned into its retained message by headquarters' own code, and
        // written with the mapper its publisher uses.
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        int at = readme.indexOf("```yaml\nversion: 4\nrules:");
        assertTrue(at > 0, "the README shows a risk profile");
        String yaml = readme.substring(at + "```yaml\n".length(), readme.indexOf("```", at + 7));
        org.touchstone.hq.risk.RiskProfile profile = new org.touchstone.hq.risk.RiskProfileReader().read(yaml, "README.md");
        String payload = org.touchstone.agent.Json.mapper().writeValueAsString(
                profile.message(java.time.Instant.parse("2026-11-28T08:00:00Z")));
        assertEquals(List.of(), MqttContract.load().problems(org.touchstone.hq.risk.RiskProfile.topic("touchstone"), payload));
    }
}
