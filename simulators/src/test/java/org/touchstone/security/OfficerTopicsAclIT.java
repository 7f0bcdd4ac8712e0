package org.touchstone.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.ActiveItemChanged;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * The shipped post ACL ({@code config/mosquitto/post.acl}) on a real Mosquitto, with a real agent: an officer's
 * identity is the user the broker authenticated, because no one can publish on another officer's command topic,
 * on the declarations topic, on the agent's own {@code cmd/*} topics or on what the agent publishes, nor read another
 * officer's replies.
 *
 * <p>Absence is proved without waiting on a clock: after each forbidden publish the same client publishes a command
 * on its own topic and waits for its reply. One client's messages reach the broker, and from it each subscriber, in
 * order, so had the broker let the forbidden one through, the spy (logged in as the agent, which may read all those
 * topics) and the agent would have had it before the reply came. Positive controls show the topics are live.
 */
class OfficerTopicsAclIT {

    private static final String ROOT = "touchstone/" + AclPost.POST;
    private static final String DECLARATION = """
            {"declarationId": "R-1", "items": [
              {"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
               "netMass": {"value": 1000.0, "unit": "g"}}]}""";

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.mapper();
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private final List<String> declarations = new CopyOnWriteArrayList<>();
    private final List<String> spied = new CopyOnWriteArrayList<>();
    private final List<JsonNode> insp1Replies = new CopyOnWriteArrayList<>();
    private final List<JsonNode> sup1Replies = new CopyOnWriteArrayList<>();
    private final List<String> insp1Saw = new CopyOnWriteArrayList<>();
    private AclPost post;
    private MqttConnection insp1;
    private MqttConnection sup1;
    private int barriers;

    @BeforeEach
    void startPost() throws Exception {
        post = new AclPost(dir, List.of(new AgentEvents() {
            @Override
            public void alertRaised(Alert alert) {
                alerts.add(alert);
            }

            @Override
            public void declarationAccepted(Declaration declaration, String source) {
                declarations.add(declaration.declarationId());
            }
        }));
        MqttConnection spy = post.client(AclPost.AGENT_USER);
        for (String filter : List.of(ROOT + "/officers/+/cmd/#", ROOT + "/declarations", ROOT + "/cmd/#",
                ROOT + "/alerts", ROOT + "/inspections/+/verdict")) {
            spy.subscribe(filter, 1, (t, p) -> spied.add(t + " " + new String(p, StandardCharsets.UTF_8)));
        }
        assertTrue(spy.startAndAwait(10_000), post.broker.log());
        assertTrue(spy.awaitSubscribed(ROOT + "/alerts", 5_000));
        insp1 = post.client("insp-1");
        insp1.subscribe(ROOT + "/officers/insp-1/reply", 1, (t, p) -> insp1Replies.add(json.readTree(p)));
        assertTrue(insp1.startAndAwait(10_000), post.broker.log());
        assertTrue(insp1.awaitSubscribed(ROOT + "/officers/insp-1/reply", 5_000));
        sup1 = post.client("sup-1");
        sup1.subscribe(ROOT + "/officers/sup-1/reply", 1, (t, p) -> sup1Replies.add(json.readTree(p)));
        assertTrue(sup1.startAndAwait(10_000));
        assertTrue(sup1.awaitSubscribed(ROOT + "/officers/sup-1/reply", 5_000));

        // A RED case to act on: 612.40 g weighed where 1000.0 g were declared.
        Actor inspector = new Actor("insp-1", Actor.Channel.IN_PROCESS, "console officer insp-1", true);
        assertTrue(post.agent.commands().submit(new Command.Declare(null, DECLARATION.getBytes(StandardCharsets.UTF_8),
                "test"), inspector).get(10, TimeUnit.SECONDS).accepted());
        assertTrue(post.agent.commands().submit(new Command.SelectItem(null, "R-1", "1", null), inspector)
                .get(10, TimeUnit.SECONDS).accepted());
        post.weigh("612.40");
        post.agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
        assertEquals(Lane.RED, post.agent.verdict("R-1").lane());
    }

    @AfterEach
    void stopPost() throws Exception {
        post.close();
    }

    private void publish(MqttConnection client, String topic, String payload) throws Exception {
        client.publish(topic, payload, 1, false).waitForCompletion(10_000);
    }

    /** A command on the client's own topic, answered: everything the client published before has been handled. */
    private JsonNode roundTrip(MqttConnection client, String officer, List<JsonNode> replies) throws Exception {
        String id = "barrier-" + (++barriers);
        publish(client, ROOT + "/officers/" + officer + "/cmd/select",
                "{\"correlationId\": \"" + id + "\", \"declarationId\": \"R-1\", \"itemId\": \"1\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream()
                .anyMatch(r -> r.path("correlationId").asText().equals(id)));
        return replies.stream().filter(r -> r.path("correlationId").asText().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void anOfficerCannotCommandAsAnotherOfficer() throws Exception {
        publish(insp1, ROOT + "/officers/sup-1/cmd/alert-close",
                "{\"correlationId\": \"forged-1\", \"alertId\": \"R-1\", \"outcome\": \"SEIZED\"}");
        JsonNode barrier = roundTrip(insp1, "insp-1", insp1Replies);
        assertTrue(barrier.path("accepted").asBoolean(), barrier::toString);

        assertTrue(spied.stream().anyMatch(s -> s.startsWith(ROOT + "/officers/insp-1/cmd/select")),
                "control: the spy sees the officers' command topics: " + spied);
        assertFalse(spied.stream().anyMatch(s -> s.contains("forged-1")), spied::toString);
        roundTrip(sup1, "sup-1", sup1Replies);
        assertFalse(sup1Replies.stream().anyMatch(r -> r.toString().contains("forged-1")), sup1Replies::toString);
        assertTrue(alerts.stream().noneMatch(a -> a.closure() != null), "the alert stays open: " + alerts);

        // Control: the supervisor, on the supervisor's own topic, can seize.
        publish(sup1, ROOT + "/officers/sup-1/cmd/alert-close",
                "{\"correlationId\": \"real-1\", \"alertId\": \"R-1\", \"outcome\": \"SEIZED\", \"note\": \"seal 7\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.stream().anyMatch(a -> a.closure() != null));
        Alert closed = alerts.stream().filter(a -> a.closure() != null).findFirst().orElseThrow();
        assertEquals("sup-1", closed.closure().by());
        assertEquals(Alert.Outcome.SEIZED, closed.closure().outcome());
    }

    @Test
    void anOfficerCannotPublishDeclarationsOrTheAgentsCommandsOrOutputs() throws Exception {
        publish(insp1, ROOT + "/declarations", DECLARATION.replace("R-1", "X-FORGED"));
        publish(insp1, ROOT + "/cmd/alert-close", "{\"alertId\": \"" + AclPost.POST + ":R-1\", \"by\": \"sup-1\","
                + " \"outcome\": \"RELEASED\", \"note\": \"FORGED\"}");
        publish(insp1, ROOT + "/cmd/active-item", "{\"declarationId\": \"R-1\", \"itemId\": \"FORGED\"}");
        publish(insp1, ROOT + "/alerts", "{\"alertId\": \"FORGED\", \"state\": \"CLOSED\"}");
        publish(insp1, ROOT + "/inspections/R-1/verdict", "{\"declarationId\": \"R-1\", \"lane\": \"GREEN\", \"FORGED\": 1}");
        roundTrip(insp1, "insp-1", insp1Replies);

        assertFalse(spied.stream().anyMatch(s -> s.contains("FORGED")), spied::toString);
        assertFalse(declarations.contains("X-FORGED"), declarations::toString);
        assertTrue(alerts.stream().noneMatch(a -> a.closure() != null), alerts::toString);

        // Control: the agent's own tools (logged in as the agent) may use those topics, and the agent takes them.
        MqttConnection tool = post.client(AclPost.AGENT_USER);
        assertTrue(tool.startAndAwait(10_000));
        publish(tool, ROOT + "/declarations", DECLARATION.replace("R-1", "X-TOOL"));
        await().atMost(Duration.ofSeconds(10)).until(() -> declarations.contains("X-TOOL"));
    }

    @Test
    void whoActedIsTheTopicsOfficer_neverThePayloadsBy_andRepliesGoOnlyToTheirOfficer() throws Exception {
        MqttConnection nosy = post.client("insp-1");
        nosy.subscribe(ROOT + "/officers/sup-1/reply", 1, (t, p) -> insp1Saw.add(t));
        nosy.subscribe(ROOT + "/officers/insp-1/reply", 1, (t, p) -> insp1Saw.add(t));
        assertTrue(nosy.startAndAwait(10_000));
        assertTrue(nosy.awaitSubscribed(ROOT + "/officers/insp-1/reply", 5_000));

        publish(insp1, ROOT + "/officers/insp-1/cmd/select", "{\"correlationId\": \"as-sup\", \"declarationId\": \"R-1\","
                + " \"itemId\": \"1\", \"by\": \"sup-1\"}");
        JsonNode supReply = roundTrip(sup1, "sup-1", sup1Replies);
        assertTrue(supReply.path("accepted").asBoolean());
        // insp-1's second connection, subscribed to both reply topics, then sees its own reply but not sup-1's.
        roundTrip(insp1, "insp-1", insp1Replies);
        await().atMost(Duration.ofSeconds(10)).until(() -> insp1Saw.size() >= 2);
        assertTrue(insp1Saw.stream().allMatch((ROOT + "/officers/insp-1/reply")::equals), insp1Saw::toString);

        // Refused on the desk from the officer's role, and answered with the reason.
        publish(insp1, ROOT + "/officers/insp-1/cmd/alert-close",
                "{\"correlationId\": \"rel-1\", \"alertId\": \"R-1\", \"outcome\": \"RELEASED\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> insp1Replies.stream()
                .anyMatch(r -> r.path("correlationId").asText().equals("rel-1")));
        JsonNode refused = insp1Replies.stream().filter(r -> r.path("correlationId").asText().equals("rel-1"))
                .findFirst().orElseThrow();
        assertFalse(refused.path("accepted").asBoolean());
        assertEquals("officer 'insp-1' (inspector) may not close an alert as RELEASED when its lane is RED"
                + " (a supervisor's call)", refused.path("reason").asText());

        post.agent.close();
        List<ActiveItemChanged> selections = new ArrayList<>();
        try (SqliteJournal j = new SqliteJournal(dir.resolve("data/journal.db"), json, Clock.systemUTC())) {
            JournalSchema schema = new JournalSchema(json);
            j.forEach((JournalRecord r) -> {
                if (r.is(RecordType.ACTIVE_ITEM)) {
                    selections.add(schema.read(r, ActiveItemChanged.class));
                }
            });
        }
        ActiveItemChanged asSup = selections.stream()
                .filter(s -> s.source().equals(ROOT + "/officers/insp-1/cmd/select")).findFirst().orElseThrow();
        assertEquals("insp-1", asSup.by(), "the payload's by is not who acted");
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker() throws Exception {
        MqttConnection impostor = post.client("sup-1", "guessed");
        impostor.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> impostor.lastConnectFailure().isPresent());
        assertFalse(impostor.isConnected());
        assertTrue(impostor.lastConnectFailure().orElseThrow().contains("refused user 'sup-1'"),
                impostor.lastConnectFailure()::toString);
    }
}
