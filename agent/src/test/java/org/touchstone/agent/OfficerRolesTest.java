package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.command.CommandReply;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.InputRejected;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.PasswordHasher;
import org.touchstone.agent.security.Role;

/**
 * The officer's role decides, on the desk, for officers authenticated by the broker (MQTT officer topics): the
 * permission table of {@code Permission} (inspector: declare, select, close, acknowledge, detain, release a YELLOW;
 * supervisor: also release a RED or seize; technician: none of these), with every refusal journaled and answered.
 */
class OfficerRolesTest {

    @TempDir
    Path dir;

    private static final String DECLARATION = """
            {"declarationId": "R-1", "items": [
              {"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
               "netMass": {"value": 1000.0, "unit": "g"}}]}""";

    private static final String HASH = new PasswordHasher().hash("not-used-here".toCharArray());

    private static Actor mqtt(String officerId) {
        return new Actor(officerId, Actor.Channel.MQTT, "touchstone/offline/officers/" + officerId + "/cmd/x", true);
    }

    private static CommandReply reply(java.util.concurrent.CompletableFuture<CommandReply> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void rolesDecide_andEachRefusalSaysWhoMayNotDoWhat() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        try (Agent agent = post.agent) {
            agent.useOfficers(OfficerBook.of(List.of(
                    new Officer("insp-1", "Inspector One", Set.of(Role.INSPECTOR), HASH),
                    new Officer("sup-1", "Supervisor One", Set.of(Role.SUPERVISOR), HASH),
                    new Officer("tech-1", "Technician One", Set.of(Role.TECHNICIAN), HASH))));
            var commands = agent.commands();
            Command.Declare declare = new Command.Declare("d-1", DECLARATION.getBytes(StandardCharsets.UTF_8), "mqtt");

            CommandReply byTechnician = reply(commands.submit(declare, mqtt("tech-1")));
            assertFalse(byTechnician.accepted());
            assertEquals("officer 'tech-1' (technician) may not declare", byTechnician.reason());
            CommandReply byStranger = reply(commands.submit(declare, mqtt("mallory")));
            assertEquals("officer 'mallory' is not in the post's officers file", byStranger.reason());

            assertTrue(reply(commands.submit(declare, mqtt("insp-1"))).accepted());
            assertTrue(reply(commands.submit(new Command.SelectItem("s-1", "R-1", "1", null), mqtt("insp-1"))).accepted());
            post.weigh("612.40");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(Lane.RED, agent.verdict("R-1").lane(), "612.40 g where 1000.0 g were declared");

            CommandReply release = reply(commands.submit(new Command.CloseAlert("c-1", "R-1", Alert.Outcome.RELEASED,
                    ""), mqtt("insp-1")));
            assertFalse(release.accepted());
            assertEquals("officer 'insp-1' (inspector) may not close an alert as RELEASED when its lane is RED"
                    + " (a supervisor's call)", release.reason());
            CommandReply seize = reply(commands.submit(new Command.CloseAlert("c-2", "offline:R-1",
                    Alert.Outcome.SEIZED, "seal 7"), mqtt("sup-1")));
            assertTrue(seize.accepted(), seize::toString);

            List<JournalRecord> all = new ArrayList<>();
            ObjectMapper json = Json.mapper();
            try (SqliteJournal j = new SqliteJournal(OfflineAgent.journalOf(dir), json, Clock.systemUTC())) {
                j.forEach(all::add);
            }
            InputRejected refused = new JournalSchema(json).read(all.stream()
                    .filter(r -> r.seq() == release.journalSeq()).findFirst().orElseThrow(), InputRejected.class);
            assertEquals("insp-1", refused.by());
            assertEquals("c-1", refused.requestId());
            Alert closed = new JournalSchema(json).read(all.stream().filter(r -> r.seq() == seize.journalSeq())
                    .findFirst().orElseThrow(), Alert.class);
            assertEquals("sup-1", closed.closure().by(), "who acted is the authenticated officer");
        }
    }

    @Test
    void withoutAnOfficersFile_officerCommandsOverMqttAreRefused() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        try (Agent agent = post.agent) {
            CommandReply r = reply(agent.commands().submit(new Command.CloseInspection("x-1", "R-1"), mqtt("insp-1")));
            assertFalse(r.accepted());
            assertEquals("the agent has no officers file (security.officersFile): officer commands are refused",
                    r.reason());
        }
    }

    /**
     * Issue 12: a RED after a closed alert raises a new alert. The alert of a 612.40 g weighing (1000.0 g declared)
     * is closed as DETAINED; then three shots show 91.7 % Au where 999.9 was declared, a new RED finding: a new
     * alert {@code offline:R-1:2} is RAISED, and the closed one stays closed.
     */
    @Test
    void aRedAfterAClosedAlert_raisesANewAlert() throws Exception {
        List<Alert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
        OfflineAgent post = new OfflineAgent(dir, List.of(new org.touchstone.agent.report.AgentEvents() {
            @Override
            public void alertRaised(Alert alert) {
                alerts.add(alert);
            }
        }));
        try (Agent agent = post.agent) {
            agent.useOfficers(OfficerBook.of(List.of(new Officer("insp-1", "Inspector One", Set.of(Role.INSPECTOR),
                    HASH))));
            var commands = agent.commands();
            assertTrue(reply(commands.submit(new Command.Declare("d-1", DECLARATION.getBytes(StandardCharsets.UTF_8),
                    "mqtt"), mqtt("insp-1"))).accepted());
            assertTrue(reply(commands.submit(new Command.SelectItem("s-1", "R-1", "1", null), mqtt("insp-1"))).accepted());
            post.weigh("612.40");
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
            CommandReply detained = reply(commands.submit(new Command.CloseAlert("c-1", "R-1", Alert.Outcome.DETAINED,
                    "bay 3"), mqtt("insp-1")));
            assertTrue(detained.accepted(), detained::toString);
            for (int i = 0; i < 3; i++) {
                post.devices().readings().accept(Fixtures.shot("R-1/1", "Au", 91.7, 0.1, 2));
            }
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
            List<String> life = alerts.stream().map(a -> a.alertId() + " " + a.state()).toList();
            assertEquals(List.of("offline:R-1 RAISED", "offline:R-1 CLOSED", "offline:R-1:2 RAISED"),
                    life.subList(0, 3), life::toString);
            assertTrue(life.stream().skip(3).allMatch(l -> l.startsWith("offline:R-1:2 ")), life::toString);
        }
    }
}
