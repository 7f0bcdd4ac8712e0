package org.touchstone.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.cli.TouchstoneCli;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.Command;
import picocli.CommandLine;

/**
 * Every officer command of the command line against a real agent behind the shipped ACL on a real Mosquitto: the
 * CLI logs in as the officer, waits for the agent's reply, prints the reason of a refusal and exits from it (0
 * accepted, 1 refused, 2 usage, 3 broker or agent unreachable).
 */
class OfficerCliIT {

    private static final String DECLARATION = """
            {"declarationId": "%s", "items": [
              {"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
               "netMass": {"value": 1000.0, "unit": "g"}}]}""";

    @TempDir
    Path dir;

    private AclPost post;

    /** What one run of the CLI printed, and its exit code. */
    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void startPost() throws Exception {
        post = new AclPost(dir, List.of());
    }

    @AfterEach
    void stopPost() throws Exception {
        post.close();
    }

    private Run cli(String officer, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-c", post.configFile.toString(), "--officer", officer, "--password-file",
                post.passwordFile(officer).toString(), "--timeout", "5"));
        return run(all);
    }

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TouchstoneCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Path declarationFile(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    /** A RED case R-1 (612.40 g weighed where 1000.0 g were declared), declared by the CLI. */
    private void redCase() throws Exception {
        Run declared = cli("insp-1", "declare", declarationFile("r1.json", DECLARATION.formatted("R-1")).toString());
        assertEquals(0, declared.exit(), declared.toString());
        Run selected = cli("insp-1", "select", "R-1/1");
        assertEquals(0, selected.exit(), selected.toString());
        assertTrue(selected.out().contains("select R-1/1: accepted by the agent (journal record "), selected.out());
        post.weigh("612.40");
        post.agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
        assertEquals(Lane.RED, post.agent.verdict("R-1").lane());
    }

    @Test
    void selectAndClose_refusalsReachTheCli_withTheirReasonAndExit1() throws Exception {
        redCase();
        Run noItem = cli("insp-1", "select", "R-1/9");
        assertEquals(1, noItem.exit(), noItem.toString());
        assertTrue(noItem.err().contains("select R-1/9: refused by the agent: declaration R-1 has no item '9'"), noItem.err());
        Run badLabel = cli("insp-1", "select", "R-1");
        assertEquals(2, badLabel.exit(), badLabel.toString());
        assertTrue(badLabel.err().contains("expected DECLARATION/ITEM"), badLabel.err());
        Run byTechnician = cli("tech-1", "select", "R-1/1", "--water");
        assertEquals(1, byTechnician.exit(), byTechnician.toString());
        assertTrue(byTechnician.err().contains("officer 'tech-1' (technician) may not select items"), byTechnician.err());
        Run closeUnknown = cli("insp-1", "close", "NOPE");
        assertEquals(1, closeUnknown.exit());
        assertTrue(closeUnknown.err().contains("refused by the agent: no open inspection for declaration 'NOPE'"),
                closeUnknown.err());
        Run closed = cli("insp-1", "close", "R-1");
        assertEquals(0, closed.exit(), closed.toString());
        Run closedAgain = cli("insp-1", "close", "R-1");
        assertEquals(1, closedAgain.exit());
        assertTrue(closedAgain.err().contains("no open inspection for declaration 'R-1'"), closedAgain.err());
    }

    @Test
    void alertAckAndClose_byDeclarationId_rolesDecide_andRefusalsReachTheCli() throws Exception {
        redCase();
        Run unknown = cli("insp-1", "alert", "ack", "NOPE");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("refused by the agent: no alert 'NOPE'"), unknown.err());
        Run ack = cli("insp-1", "alert", "ack", "R-1", "--note", "seen at the bench");
        assertEquals(0, ack.exit(), ack.toString());
        Run release = cli("insp-1", "alert", "close", "R-1", "--outcome", "RELEASED");
        assertEquals(1, release.exit(), release.toString());
        assertTrue(release.err().contains("refused by the agent: officer 'insp-1' (inspector) may not close an alert as"
                + " RELEASED when its lane is RED (a supervisor's call)"), release.err());
        Run seize = cli("sup-1", "alert", "close", "post-17:R-1", "--outcome", "SEIZED", "--note", "seal 7");
        assertEquals(0, seize.exit(), seize.toString());
        Run again = cli("sup-1", "alert", "close", "R-1", "--outcome", "SEIZED");
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("alert post-17:R-1 is closed (SEIZED)"), again.err());
    }

    @Test
    void declare_sendsTheValidFiles_namesTheInvalidOne_andTheAgentsRefusals() throws Exception {
        Path good = declarationFile("good.json", DECLARATION.formatted("D-GOOD"));
        Path bad = declarationFile("bad.json", "{\"declarationId\": \"D-BAD\", \"items\": []}");
        Path other = declarationFile("other.json", DECLARATION.formatted("D-OTHER"));
        Run mixed = cli("insp-1", "declare", good.toString(), bad.toString(), other.toString());
        assertEquals(1, mixed.exit(), mixed.toString());
        assertTrue(mixed.err().contains(bad + ": invalid, not sent:"), mixed.err());
        assertTrue(mixed.err().contains("2 of 3 declaration(s) accepted by the agent; not sent (invalid): " + bad),
                mixed.err());
        assertTrue(post.agent.commands().submit(new Command.CloseInspection(null, "D-GOOD"),
                new Actor("sup-1", Actor.Channel.IN_PROCESS, "test", true)).get(10, TimeUnit.SECONDS).accepted(),
                "D-GOOD was declared: it can be closed");
        Run repeated = cli("insp-1", "declare", other.toString());
        assertEquals(1, repeated.exit());
        assertTrue(repeated.err().contains("refused by the agent: declaration D-OTHER is already under inspection"),
                repeated.err());
        Run byTechnician = cli("tech-1", "declare", declarationFile("t.json", DECLARATION.formatted("D-T")).toString());
        assertEquals(1, byTechnician.exit());
        assertTrue(byTechnician.err().contains("officer 'tech-1' (technician) may not declare"), byTechnician.err());
    }

    @Test
    void noBroker_wrongPassword_orNoAgent_exit3_saying_which() throws Exception {
        Path elsewhere = dir.resolve("elsewhere.yaml");
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        Files.writeString(elsewhere, Files.readString(post.configFile).replace(post.broker.url(), "tcp://127.0.0.1:1"));
        long started = System.nanoTime();
        Run noBroker = run(List.of("close", "R-1", "-c", elsewhere.toString(), "--officer", "insp-1", "--password-file",
                post.passwordFile("insp-1").toString()));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(3, noBroker.exit(), noBroker.toString());
        assertTrue(noBroker.err().contains("tcp://127.0.0.1:1"), noBroker.err());
        assertTrue(tookMillis < 10_000, "fails on the first refused attempt, not after the retries: " + tookMillis + " ms");

        Path wrong = dir.resolve("wrong.password");
        Files.writeString(wrong, "guessed\n", StandardCharsets.UTF_8);
        Run badPassword = run(List.of("close", "R-1", "-c", post.configFile.toString(), "--officer", "sup-1",
                "--password-file", wrong.toString()));
        assertEquals(3, badPassword.exit(), badPassword.toString());
        assertTrue(badPassword.err().contains("refused user 'sup-1'"), badPassword.err());

        Run noOfficer = run(List.of("close", "R-1", "-c", post.configFile.toString()));
        assertEquals(2, noOfficer.exit(), noOfficer.toString());
        assertTrue(noOfficer.err().contains("name the officer: --officer ID"), noOfficer.err());

        post.agent.close();
        Run noAgent = cli("insp-1", "close", "R-1");
        assertEquals(3, noAgent.exit(), noAgent.toString());
        assertTrue(noAgent.err().contains("no reply from the agent within 5 s"), noAgent.err());
    }
}
