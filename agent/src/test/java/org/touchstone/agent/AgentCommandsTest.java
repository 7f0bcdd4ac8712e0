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
}
