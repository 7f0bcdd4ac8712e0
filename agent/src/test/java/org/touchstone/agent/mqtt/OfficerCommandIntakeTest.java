package org.touchstone.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.Json;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.command.CommandReply;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * What each officer topic's payload becomes: the command with the request's correlation id, the officer taken from
 * the topic (never from a {@code by} in the payload), and a reply on the officer's reply topic, refusals included.
 * The broker-level proof (ACL, a real agent, the CLI) is {@code OfficerTopicsAclIT} in the simulators module.
 */
class OfficerCommandIntakeTest {

    private final Topics topics = new Topics("touchstone", "post-1");
    private final List<Command> commands = new ArrayList<>();
    private final List<Actor> actors = new ArrayList<>();
    private final List<String> replyTopics = new ArrayList<>();
    private final List<JsonNode> replies = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final OfficerCommandIntake intake = new OfficerCommandIntake(topics, Json.mapper(), (command, actor) -> {
        commands.add(command);
        actors.add(actor);
        return CompletableFuture.completedFuture(command instanceof Command.CloseInspection
                ? CommandReply.refused(command, "no open inspection for declaration 'D'", 12, Instant.EPOCH)
                : CommandReply.accepted(command, 11, Instant.EPOCH));
    }, (topic, payload) -> {
        replyTopics.add(topic);
        try {
            replies.add(Json.mapper().readTree(payload));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }, rejected -> {
        refused.add(rejected.by() + " " + rejected.command() + " " + rejected.requestId() + ": " + rejected.reason());
        return CompletableFuture.completedFuture(null);
    });

    private void deliver(String officer, String command, String payload) {
        intake.delivered(new MqttConnection.Delivery(topics.officerCommand(officer, command),
                payload.getBytes(StandardCharsets.UTF_8), 1, false, false, 7));
    }

    @Test
    void select_becomesTheCommand_byTheTopicsOfficer_notThePayloadsBy() {
        deliver("insp-1", "select", "{\"correlationId\": \"c-1\", \"declarationId\": \"D\", \"itemId\": \"2\","
                + " \"medium\": \"water\", \"by\": \"Chief Inspector\"}");
        assertEquals(List.of(new Command.SelectItem("c-1", "D", "2", Weighing.Medium.WATER)), commands);
        assertEquals("insp-1", actors.get(0).officerId());
        assertTrue(actors.get(0).authenticated());
        assertEquals(Actor.Channel.MQTT, actors.get(0).channel());
        assertEquals(List.of("touchstone/post-1/officers/insp-1/reply"), replyTopics);
        JsonNode r = replies.get(0);
        assertEquals("c-1", r.path("correlationId").asText());
        assertEquals("select", r.path("command").asText());
        assertEquals("insp-1", r.path("officerId").asText());
        assertTrue(r.path("accepted").asBoolean());
        assertTrue(r.path("reason").isMissingNode());
        assertEquals(11, r.path("journalSeq").asLong());
    }

    @Test
    void aRefusalByTheAgent_isAnsweredWithItsReason() {
        deliver("insp-1", "close-inspection", "{\"correlationId\": \"c-2\", \"declarationId\": \"D\"}");
        JsonNode r = replies.get(0);
        assertFalse(r.path("accepted").asBoolean());
        assertEquals("no open inspection for declaration 'D'", r.path("reason").asText());
        assertEquals("c-2", r.path("correlationId").asText());
    }

    @Test
    void alertCommands_nameTheAlertByIdOrDeclaration() {
        deliver("sup-1", "alert-close", "{\"correlationId\": \"c-3\", \"declarationId\": \"D\", \"outcome\": \"seized\","
                + " \"note\": \"seal 7\"}");
        deliver("sup-1", "alert-ack", "{\"correlationId\": \"c-4\", \"alertId\": \"post-1:D\"}");
        assertEquals(List.of(new Command.CloseAlert("c-3", "D", Alert.Outcome.SEIZED, "seal 7"),
                new Command.AcknowledgeAlert("c-4", "post-1:D", "")), commands);
    }

    @Test
    void declare_carriesTheDocumentOfItsEnvelope() throws Exception {
        deliver("insp-1", "declare", "{\"correlationId\": \"c-5\", \"declaration\": {\"declarationId\": \"D-9\"}}");
        Command.Declare d = (Command.Declare) commands.get(0);
        assertEquals("D-9", Json.mapper().readTree(d.document()).path("declarationId").asText());
        assertEquals("touchstone/post-1/officers/insp-1/cmd/declare", d.source());
    }

    @Test
    void badPayloads_areRefusedAndAnswered_namingTheField() {
        deliver("insp-1", "select", "{\"declarationId\": \"D\", \"itemId\": \"2\"}");
        deliver("insp-1", "select", "{\"correlationId\": \"c-6\", \"declarationId\": \"D\"}");
        deliver("insp-1", "alert-close", "{\"correlationId\": \"c-7\", \"alertId\": \"A\", \"outcome\": \"LOST\"}");
        deliver("insp-1", "teleport", "{\"correlationId\": \"c-8\"}");
        deliver("insp-1", "select", "not json");
        assertEquals(List.of(), commands);
        assertEquals(List.of("correlationId: required, 1-64 of A-Za-z0-9._-", "itemId: required, a string",
                        "outcome: must be RELEASED, DETAINED, SAMPLED or SEIZED, was 'LOST'",
                        "unknown command 'teleport': one of select, close-inspection, alert-ack, alert-close, declare"),
                replies.subList(0, 4).stream().map(r -> r.path("reason").asText()).toList());
        assertTrue(replies.get(0).path("correlationId").isNull());
        assertEquals("c-7", replies.get(2).path("correlationId").asText());
        assertTrue(replies.get(4).path("reason").asText().startsWith("not valid JSON: line 1"), replies.get(4)::toString);
        assertEquals(5, refused.size(), "each refusal is journaled");
        assertEquals("insp-1 alert-close c-7: outcome: must be RELEASED, DETAINED, SAMPLED or SEIZED, was 'LOST'",
                refused.get(2), "with the officer, the command and the request id");
        assertTrue(replyTopics.stream().allMatch("touchstone/post-1/officers/insp-1/reply"::equals));
    }

    @Test
    void aRepeatedDelivery_isAnsweredWithTheSameReply_notCarriedOutTwice() {
        String payload = "{\"correlationId\": \"c-9\", \"declarationId\": \"D\", \"itemId\": \"1\"}";
        deliver("insp-1", "select", payload);
        deliver("insp-1", "select", payload);
        assertEquals(1, commands.size());
        assertEquals(2, replies.size());
        assertEquals(replies.get(0), replies.get(1));
        deliver("insp-2", "select", payload);  // another officer's c-9 is another request
        assertEquals(2, commands.size());
    }

    @Test
    void officerCommandOf_readsOnlyOfficerCommandTopics() {
        assertEquals(new Topics.OfficerCommandTopic("insp-1", "select"),
                topics.officerCommandOf("touchstone/post-1/officers/insp-1/cmd/select"));
        assertEquals(null, topics.officerCommandOf("touchstone/post-1/officers/insp-1/reply"));
        assertEquals(null, topics.officerCommandOf("touchstone/post-1/officers/insp-1/cmd/select/x"));
        assertEquals(null, topics.officerCommandOf("touchstone/post-2/officers/insp-1/cmd/select"));
    }
}
