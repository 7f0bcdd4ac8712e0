package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.AgentCommands;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.command.CommandReply;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.ActiveItemChanged;
import org.touchstone.agent.journal.schema.InputRejected;
import org.touchstone.agent.journal.schema.InspectionClosed;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.report.AgentEvents;

/**
 * The command API (contract 2) on a real agent and journal: every command is answered only once its outcome is
 * journaled, the reply names the record, a refusal says why, and who acted is the actor given, not a payload field.
 */
class AgentCommandsTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.mapper();
    private final Actor officer = new Actor("officer-17", Actor.Channel.IN_PROCESS, "console", true);

    private static final String DECLARATION = """
            {"declarationId": "C-1", "items": [
              {"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
               "netMass": {"value": 1000.0, "unit": "g"}}]}""";

    private static CommandReply reply(java.util.concurrent.CompletableFuture<CommandReply> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private Command.Declare declare(String requestId, String document) {
        return new Command.Declare(requestId, document.getBytes(StandardCharsets.UTF_8), "test");
    }

    private List<JournalRecord> journal() {
        List<JournalRecord> all = new ArrayList<>();
        try (SqliteJournal j = new SqliteJournal(OfflineAgent.journalOf(dir), json, Clock.systemUTC())) {
            j.forEach(all::add);
        }
        return all;
    }

    private JournalRecord record(long seq) {
        return journal().stream().filter(r -> r.seq() == seq).findFirst().orElseThrow();
    }

    @Test
    void declareSelectClose_eachAnsweredWithTheRecordOfItsOutcome() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        try (Agent agent = post.agent) {
            AgentCommands commands = agent.commands();
            CommandReply declared = reply(commands.submit(declare("req-1", DECLARATION), officer));
            assertTrue(declared.accepted(), declared::toString);
            assertEquals("req-1", declared.requestId());
            assertEquals("declare", declared.command());
            assertNull(declared.reason());
            JournalRecord declaration = record(declared.journalSeq());
            assertTrue(declaration.is(RecordType.DECLARATION));
            assertEquals("C-1", declaration.inspectionId());
            assertEquals(declaration.at(), declared.at().toString(), "the reply's time is the record's");

            CommandReply selected = reply(commands.submit(new Command.SelectItem("req-2", "C-1", "1",
                    Weighing.Medium.WATER), officer));
            assertTrue(selected.accepted(), selected::toString);
            ActiveItemChanged bench = new JournalSchema(json).read(record(selected.journalSeq()), ActiveItemChanged.class);
            assertEquals(Weighing.Medium.WATER, bench.medium());
            assertEquals("officer-17", bench.by(), "who acted comes from the actor");
            assertEquals("console", bench.source());

            CommandReply closed = reply(commands.submit(new Command.CloseInspection("req-3", "C-1"), officer));
            assertTrue(closed.accepted(), closed::toString);
            InspectionClosed closure = new JournalSchema(json).read(record(closed.journalSeq()), InspectionClosed.class);
            assertEquals("officer-17", closure.by());
            assertEquals("C-1", record(closed.journalSeq()).inspectionId(), "the closure belongs to its inspection");
            assertEquals(Lane.YELLOW, agent.verdict("C-1").lane(), "closed unmeasured: INCOMPLETE_INSPECTION");
        }
    }

    @Test
    void refusals_sayWhy_andAreJournaledUnderTheSequenceTheReplyNames() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        try (Agent agent = post.agent) {
            AgentCommands commands = agent.commands();
            CommandReply invalid = reply(commands.submit(declare("bad", "{\"declarationId\":\"X\",\"items\":[]}"), officer));
            assertFalse(invalid.accepted());
            assertTrue(invalid.reason().contains("items: must be a non-empty array"), invalid.reason());
            assertTrue(record(invalid.journalSeq()).is(RecordType.DECLARATION_REJECTED));

            assertTrue(reply(commands.submit(declare(null, DECLARATION), officer)).accepted());
            CommandReply again = reply(commands.submit(declare(null, DECLARATION), officer));
            assertFalse(again.accepted());
            assertTrue(again.reason().contains("already under inspection"), again.reason());

            CommandReply noItem = reply(commands.submit(new Command.SelectItem("s-9", "C-1", "9", null), officer));
            assertFalse(noItem.accepted());
            assertEquals("declaration C-1 has no item '9'", noItem.reason());
            InputRejected refused = new JournalSchema(json).read(record(noItem.journalSeq()), InputRejected.class);
            assertEquals("select", refused.command());
            assertEquals("s-9", refused.requestId());
            assertEquals("officer-17", refused.by());

            CommandReply noAlert = reply(commands.submit(new Command.AcknowledgeAlert(null, "offline:C-1", ""), officer));
            assertFalse(noAlert.accepted());
            assertEquals("no alert 'offline:C-1'", noAlert.reason());

            CommandReply notOpen = reply(commands.submit(new Command.CloseInspection(null, "NOPE"), officer));
            assertFalse(notOpen.accepted());
            assertEquals("no open inspection for declaration 'NOPE'", notOpen.reason());
        }
    }

    @Test
    void alertCommands_recordTheActorAsWhoActed_andAnActorWithoutAnOfficerIsRefused() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        try (Agent agent = post.agent) {
            AgentCommands commands = agent.commands();
            assertTrue(reply(commands.submit(declare(null, DECLARATION), officer)).accepted());
            assertTrue(reply(commands.submit(new Command.SelectItem(null, "C-1", "1", null), officer)).accepted());
            post.weigh("612.40");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(Lane.RED, agent.verdict("C-1").lane(), "612.40 g where 1000.0 g were declared");

            CommandReply nobody = reply(commands.submit(new Command.AcknowledgeAlert(null, "offline:C-1", "seen"),
                    Actor.anonymous(Actor.Channel.IN_PROCESS, "command line")));
            assertFalse(nobody.accepted());
            assertTrue(nobody.reason().startsWith("by:"), nobody.reason());

            CommandReply ack = reply(commands.submit(new Command.AcknowledgeAlert("a-1", "offline:C-1", "seen"), officer));
            assertTrue(ack.accepted(), ack::toString);
            Alert acknowledged = new JournalSchema(json).read(record(ack.journalSeq()), Alert.class);
            assertEquals("officer-17", acknowledged.acknowledgement().by());
            CommandReply closed = reply(commands.submit(new Command.CloseAlert("a-2", "offline:C-1",
                    Alert.Outcome.SEIZED, "seal 42"), officer));
            assertTrue(closed.accepted(), closed::toString);
            assertEquals(Alert.Outcome.SEIZED, new JournalSchema(json).read(record(closed.journalSeq()), Alert.class)
                    .closure().outcome());
        }
    }

    @Test
    void aClosedInspection_staysClosedAfterARestart_andItsIdCannotBeDeclaredAgain() throws Exception {
        OfflineAgent first = new OfflineAgent(dir, List.of());
        try (Agent agent = first.agent) {
            assertTrue(reply(agent.commands().submit(declare(null, DECLARATION), officer)).accepted());
            assertTrue(reply(agent.closeInspection("C-1")).accepted());
        }
        List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        OfflineAgent second = new OfflineAgent(dir, List.of(new AgentEvents() {
            @Override
            public void inputRejected(String source, String reason) {
                refused.add(reason);
            }
        }));
        try (Agent agent = second.agent) {
            CommandReply select = reply(agent.setActiveItem("C-1", "1"));
            assertFalse(select.accepted(), "a closed inspection takes no more items");
            assertEquals("no open inspection for declaration 'C-1'", select.reason());
            CommandReply again = reply(agent.commands().submit(declare(null, DECLARATION), officer));
            assertFalse(again.accepted());
            assertTrue(again.reason().contains("was inspected already"), again.reason());
        }
        assertEquals(List.of("no open inspection for declaration 'C-1'"), refused);
    }

    /**
     * The post's tools send commands without a correlation id, and the same bytes may be two commands (item 1, item 2,
     * item 1 again). The broker resends an unacknowledged one with its original packet identifier and DUP set; a new
     * publication of the same bytes comes under an identifier free again. So the third select, cut off by a crash
     * before its commit and resent (DUP), is carried out, and only a resend of the last input journaled under its
     * identifier is recognised.
     */
    @Test
    void aToolsCommandRepeatedByteForByte_cutOffByACrash_isCarriedOut_andOnlyItsOwnResendIsRecognised() throws Exception {
        String twoItems = """
                {"declarationId": "C-2", "items": [
                  {"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
                   "netMass": {"value": 1000.0, "unit": "g"}},
                  {"itemId": "2", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
                   "netMass": {"value": 500.0, "unit": "g"}}]}""";
        OfflineAgent post = new OfflineAgent(dir, List.of());
        try (Agent agent = post.agent) {
            AgentCommands commands = agent.commands();
            assertTrue(reply(commands.submit(declare(null, twoItems), officer)).accepted());
            String topic = "touchstone/offline/cmd/active-item";
            Actor tool = Actor.anonymous(Actor.Channel.MQTT, topic);
            byte[] item1 = "{\"declarationId\": \"C-2\", \"itemId\": \"1\"}".getBytes(StandardCharsets.UTF_8);
            byte[] item2 = "{\"declarationId\": \"C-2\", \"itemId\": \"2\"}".getBytes(StandardCharsets.UTF_8);
            java.util.function.BiFunction<byte[], org.touchstone.drivers.transport.mqtt.MqttConnection.Delivery,
                    java.util.Optional<CommandReply>> select = (bytes, delivery) -> {
                try {
                    String itemId = new String(bytes, StandardCharsets.UTF_8).contains("\"1\"") ? "1" : "2";
                    return commands.submitOnce(new Command.SelectItem(null, "C-2", itemId, null), tool,
                            org.touchstone.agent.mqtt.MqttCommandIntake.commandKey(delivery, null)).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            assertTrue(select.apply(item1, delivery(topic, item1, 1, false)).isPresent());
            assertTrue(select.apply(item2, delivery(topic, item2, 2, false)).isPresent());
            assertTrue(select.apply(item1, delivery(topic, item1, 3, true)).isPresent(),
                    "item 1 selected again, resent after a crash cut it off: a new command, not packet 1 again");
            assertEquals("1", agent.activeItem().itemId());
            assertTrue(select.apply(item1, delivery(topic, item1, 3, true)).isEmpty(),
                    "packet 3 resent once more after its commit: recognised");
            assertTrue(select.apply(item2, delivery(topic, item2, 2, true)).isEmpty(), "packet 2's resend: recognised");
            assertEquals("1", agent.activeItem().itemId(), "the resends changed nothing");

            // A broker that reuses the lowest free identifier (Moquette) gives all three packet 7: a packet
            // identifier is given again only once its last message was acknowledged, so only the last input
            // journaled under it can be resent.
            assertTrue(select.apply(item2, delivery(topic, item2, 7, false)).isPresent());
            assertTrue(select.apply(item1, delivery(topic, item1, 7, false)).isPresent());
            assertTrue(select.apply(item2, delivery(topic, item2, 7, true)).isPresent(),
                    "item 2 again under packet 7, resent after a crash: not the first item-2 select, acknowledged since");
            assertEquals("2", agent.activeItem().itemId());
            assertTrue(select.apply(item2, delivery(topic, item2, 7, true)).isEmpty(), "its own resend: recognised");
        }
    }

    private static org.touchstone.drivers.transport.mqtt.MqttConnection.Delivery delivery(String topic, byte[] payload,
                                                                                       int packetId, boolean duplicate) {
        return new org.touchstone.drivers.transport.mqtt.MqttConnection.Delivery(topic, payload, 1, false, duplicate,
                packetId);
    }
}
