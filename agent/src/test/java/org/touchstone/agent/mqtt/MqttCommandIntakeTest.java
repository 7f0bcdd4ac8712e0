package org.touchstone.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.Json;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.command.CommandReply;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * What each command topic's payload becomes: the command, the actor (the topic as origin, no officer), or a refusal
 * naming the field; alert commands, which need an authenticated officer, are refused here. The end-to-end test sends them over a broker.
 */
class MqttCommandIntakeTest {

    private final Topics topics = new Topics("touchstone", "post-1");
    private final List<Command> commands = new ArrayList<>();
    private final List<Actor> actors = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final MqttCommandIntake intake = new MqttCommandIntake(topics, Json.mapper(), (command, actor) -> {
        commands.add(command);
        actors.add(actor);
        return CompletableFuture.completedFuture(CommandReply.accepted(command, 1, Instant.EPOCH));
    }, (source, reason) -> {
        refused.add(source + ": " + reason);
        return CompletableFuture.completedFuture(null);
    });
    private int acknowledged;

    private void deliver(String topic, String payload) {
        intake.delivered(new MqttConnection.Delivery(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false, false, 7,
                () -> acknowledged++));
    }

    @Test
    void aCommand_isAcknowledgedOnlyWhenItsOutcomeIsJournaled() {
        CompletableFuture<CommandReply> journaled = new CompletableFuture<>();
        List<org.touchstone.agent.journal.InputKey> keys = new ArrayList<>();
        MqttCommandIntake waiting = new MqttCommandIntake(topics, Json.mapper(), new org.touchstone.agent.command.AgentCommands() {
            @Override
            public CompletableFuture<CommandReply> submit(Command command, Actor actor) {
                throw new AssertionError("a broker's command goes through submitOnce");
            }

            @Override
            public CompletableFuture<java.util.Optional<CommandReply>> submitOnce(Command command, Actor actor,
                    org.touchstone.agent.journal.InputKey key) {
                keys.add(key);
                return journaled.thenApply(java.util.Optional::of);
            }
        }, (source, reason) -> CompletableFuture.completedFuture(null));
        int[] acks = {0};
        waiting.delivered(new MqttConnection.Delivery(topics.closeInspectionCommand(),
                "{\"declarationId\": \"D-1\", \"correlationId\": \"c-7\"}".getBytes(StandardCharsets.UTF_8), 1, false,
                false, 3, () -> acks[0]++));
        assertEquals(0, acks[0], "not acknowledged before the journal commit");
        journaled.complete(CommandReply.accepted(new Command.CloseInspection(null, "D-1"), 1, Instant.EPOCH));
        assertEquals(1, acks[0], "acknowledged once after it");
        assertEquals("touchstone/post-1/cmd/close-inspection id:c-7", keys.get(0).key(), "recognised by its correlation id");
        assertTrue(keys.get(0).check());
    }

    @Test
    void aCommandWithoutAnId_isLookedUpOnlyWhenTheBrokerMarksItRedelivered() {
        byte[] select = "{\"declarationId\": \"D-1\", \"itemId\": \"1\"}".getBytes(StandardCharsets.UTF_8);
        String topic = topics.activeItemCommand();
        assertEquals(false, MqttCommandIntake.commandKey(new MqttConnection.Delivery(topic, select, 1, false, false, 1),
                null).check(), "the same item may be selected again");
        org.touchstone.agent.journal.InputKey dup = MqttCommandIntake.commandKey(
                new MqttConnection.Delivery(topic, select, 1, false, true, 1), null);
        assertTrue(dup.check());
        // The SHA-256 of the payload bytes, computed independently with sha256sum, compared with the last input
        // journaled under the packet identifier the broker resends it under.
        assertEquals(topic + " sha256:" + sha256sum(select), dup.key());
        assertEquals(1, dup.packetId());
        assertTrue(dup.latestOnly());
        org.touchstone.agent.journal.InputKey retained = MqttCommandIntake.commandKey(
                new MqttConnection.Delivery(topic, select, 1, true, false, 9), null);
        assertTrue(retained.check(), "a retained message is the same message at every delivery");
        assertFalse(retained.latestOnly());
        assertEquals(topic + " sha256:" + sha256sum(select), retained.key());
    }

    private static String sha256sum(byte[] bytes) {
        try {
            Process p = new ProcessBuilder("sha256sum").start();
            p.getOutputStream().write(bytes);
            p.getOutputStream().close();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split(" ")[0];
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void closeInspection_becomesTheCommand_fromTheTopic() {
        deliver(topics.closeInspectionCommand(), "{\"declarationId\": \"DEMO-0002\"}");
        assertEquals(List.of(new Command.CloseInspection(null, "DEMO-0002")), commands);
        assertEquals(Actor.Channel.MQTT, actors.get(0).channel());
        assertEquals("touchstone/post-1/cmd/close-inspection", actors.get(0).origin());
        assertEquals(null, actors.get(0).officerId(), "the topic carries no identity");
    }

    @Test
    void closeInspection_withoutItsId_isRefusedNamingWhatIsExpected() {
        deliver(topics.closeInspectionCommand(), "{\"declaration\": \"DEMO-0002\"}");
        deliver(topics.closeInspectionCommand(), "{\"declarationId\": 5}");
        deliver(topics.closeInspectionCommand(), "not json");
        assertEquals(List.of(), commands);
        assertEquals(3, refused.size());
        assertEquals("touchstone/post-1/cmd/close-inspection: expected {\"declarationId\": \"...\"}", refused.get(0));
        assertTrue(refused.get(2).contains("not valid JSON"), refused::toString);
        assertEquals(3, acknowledged, "a refusal is acknowledged once journaled, or the broker would resend it forever");
    }

    @Test
    void activeItem_withMedium_becomesSelect_andAWrongMediumIsRefused() {
        deliver(topics.activeItemCommand(), "{\"declarationId\": \"D\", \"itemId\": \"2\", \"medium\": \"water\"}");
        deliver(topics.activeItemCommand(), "{\"declarationId\": \"D\", \"itemId\": \"2\", \"medium\": \"oil\"}");
        assertEquals(List.of(new Command.SelectItem(null, "D", "2", Weighing.Medium.WATER)), commands);
        assertEquals(List.of("touchstone/post-1/cmd/active-item: medium: must be \"air\" or \"water\", was 'oil'"), refused);
    }

    @Test
    void alertCommands_onThePostsToolTopics_areRefused_namingTheOfficerTopic_evenWithABy() {
        deliver(topics.alertCloseCommand(), "{\"alertId\": \"post-1:D\", \"by\": \"Chief Inspector\", "
                + "\"outcome\": \"RELEASED\", \"correlationId\": \"c-1\"}");
        deliver(topics.alertAcknowledgeCommand(), "{\"alertId\": \"post-1:D\", \"by\": \"officer 17\"}");
        assertEquals(List.of(), commands, "a name in a payload is a claim, not an identity: nothing is carried out");
        assertEquals(List.of("touchstone/post-1/cmd/alert-close: alert-close needs an authenticated officer: publish it "
                        + "on touchstone/post-1/officers/<officer>/cmd/alert-close with the officer's own broker account "
                        + "(a \"by\" in the payload is not an identity)",
                "touchstone/post-1/cmd/alert-ack: alert-ack needs an authenticated officer: publish it on "
                        + "touchstone/post-1/officers/<officer>/cmd/alert-ack with the officer's own broker account "
                        + "(a \"by\" in the payload is not an identity)"), refused);
        assertEquals(2, acknowledged, "each refusal is acknowledged once journaled");
    }

    @Test
    void aDeclaration_isHandedOnAsItsBytes() {
        deliver(topics.declarations(), "{\"declarationId\": \"D\"}");
        Command.Declare d = assertInstanceOf(Command.Declare.class, commands.get(0));
        assertEquals("{\"declarationId\": \"D\"}", new String(d.document(), StandardCharsets.UTF_8));
        assertEquals(topics.declarations(), d.source());
    }
}
