package org.touchstone.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.Json;
import org.touchstone.agent.assessment.Finding;
import org.touchstone.agent.assessment.FindingCode;
import org.touchstone.agent.assessment.ItemAssessment;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.MassResult;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.journal.schema.DeviceStatus;

/** What headquarters needs beside the decision: the declaration block of a verdict and a device's trust. */
class OutboxMessagesTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:15:30Z");
    private final ObjectMapper json = Json.mapper();
    private final Topics topics = new Topics("touchstone", "post-7");

    @Test
    void aVerdictCarriesWhatThePostKnewOfTheDeclaration() throws Exception {
        Declaration declaration = new DeclarationReader().read("""
                {"declarationId": "D-1", "declarant": "Quick Forwarding SARL", "originCountry": "ML",
                 "items": [
                   {"itemId": "1", "hsCode": "7108.12", "description": "Fine gold bar", "form": "bar", "metal": "Au",
                    "fineness": 999.9, "pieces": 1, "netMass": {"value": 2, "unit": "ozt"}},
                   {"itemId": "2", "hsCode": "7403.11", "description": "Copper cathode", "form": "other",
                    "pieces": 1, "netMass": {"value": 1.5, "unit": "kg"}}]}
                """.getBytes(StandardCharsets.UTF_8), "test");
        OutboxMessages messages = new OutboxMessages(topics, json, Map.of("D-1", declaration)::get, null);
        JsonNode m = render(messages.verdict(verdict("D-1"), 3).body());

        JsonNode block = m.path("declaration");
        assertEquals("Quick Forwarding SARL", block.path("declarant").asText());
        assertEquals("ML", block.path("originCountry").asText());
        assertEquals(2, block.path("items").size());
        assertEquals("Au", block.path("items").get(0).path("metal").asText());
        assertEquals("7108.12", block.path("items").get(0).path("hsCode").asText());
        // 2 troy ounces: 2 x 31.1034768 g (the troy ounce's definition, NIST SP 811 appendix B).
        assertEquals(62.2069536, block.path("items").get(0).path("netMassGrams").asDouble(), 1e-9);
        assertFalse(block.path("items").get(1).has("metal"), "a base-metal item names no precious metal");
        assertEquals(1500.0, block.path("items").get(1).path("netMassGrams").asDouble(), 1e-9);
        assertEquals("post-7:12:0", m.path("messageId").asText());
        assertEquals(3, m.path("revision").asInt());
    }

    @Test
    void aVerdictWhoseDeclarationIsNoLongerHeldGoesWithoutTheBlock() throws Exception {
        JsonNode m = render(new OutboxMessages(topics, json, id -> null, null).verdict(verdict("D-9"), 1).body());
        assertFalse(m.has("declaration"));
        assertEquals("D-9", m.path("declarationId").asText());
    }

    @Test
    void aVerdictMessageIsTheVerdictsOwnFieldsPlusTheEnvelope_nothingLostByTheOnePassSerialisation() throws Exception {
        Verdict verdict = new Verdict("D-2", Lane.RED, true,
                List.of(new Finding(FindingCode.MASS_DISCREPANCY, "1", Lane.RED, "measured 990.0 g, declared 1000 g",
                        Map.of("measuredGrams", 990.0, "declaredGrams", 1000.0))),
                List.of(new ItemAssessment("1", new MassResult(1000, 990, 5, 5, 0.1, 0, 0, 0, 5, List.of("r1"),
                        List.of("scale-1"), List.of(), List.of()), null, 0, List.of("3 XRF shots"))),
                List.of("only the surface was analysed"), AT);
        JsonNode m = render(new OutboxMessages(topics, json, id -> null, null).verdict(verdict, 2).body());

        // The expectation is the verdict as Jackson's own tree of it, built apart from the message's serialiser.
        com.fasterxml.jackson.databind.node.ObjectNode expected = json.valueToTree(verdict);
        expected.put("messageId", "post-7:12:0");
        expected.put("postId", "post-7");
        expected.put("revision", 2);
        assertEquals(expected, m);
    }

    @Test
    void aDeviceStatusCarriesTheDevicesTrustAtThatMoment() throws Exception {
        Instant due = Instant.parse("2027-01-01T00:00:00Z");
        OutboxMessages messages = new OutboxMessages(topics, json, id -> null,
                (deviceId, when) -> new DeviceTrust(deviceId, when.equals(AT) ? TrustState.CHECK_DUE : TrustState.FAILED,
                        "verification due", due));
        JsonNode m = render(messages.deviceStatus(new DeviceStatus("scale-1", "CONNECTED", ""), AT).body());
        assertEquals("CHECK_DUE", m.path("trust").path("state").asText(), "the trust at the status's own moment");
        assertEquals("verification due", m.path("trust").path("reason").asText());
        assertEquals(due.toString(), m.path("trust").path("nextDue").asText());

        JsonNode journal = render(messages.deviceStatus(new DeviceStatus("journal", "FULL", "over 4 GiB"), AT).body());
        assertTrue(journal.path("trust").isMissingNode(), "the journal is not a calibrated device");
    }

    private static Verdict verdict(String declarationId) {
        return new Verdict(declarationId, Lane.GREEN, true, List.of(), List.of(), List.of(), AT);
    }

    private JsonNode render(org.touchstone.agent.journal.OutboxMessage.Body body) throws Exception {
        return json.readTree(body.render("post-7:12:0"));
    }
}
