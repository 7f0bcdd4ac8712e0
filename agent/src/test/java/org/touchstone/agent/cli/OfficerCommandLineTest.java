package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The officer commands' checks that need no broker: {@code declare --check}, a bad item label, no officer named.
 * What needs the broker and the agent is {@code OfficerCliIT} (simulators).
 */
class OfficerCommandLineTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TouchstoneCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void declareCheck_namesTheInvalidFile_sendsNothing_andNeedsNoOfficer() throws Exception {
        Path good = Files.writeString(dir.resolve("good.json"), """
                {"declarationId": "D-1", "items": [
                  {"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
                   "netMass": {"value": 1000.0, "unit": "g"}}]}""");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"declarationId\": \"D-2\", \"items\": []}");
        Run r = run("declare", "--check", good.toString(), bad.toString(), "-c", dir.resolve("none.yaml").toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains(good + ": declaration D-1 is valid (1 item(s))"), r.out());
        assertTrue(r.err().contains(bad + ": invalid:"), r.err());
        assertTrue(r.err().contains("items: must be a non-empty array"), r.err());
        assertEquals(0, run("declare", "--check", good.toString()).exit());
    }

    @Test
    void select_needsDeclarationSlashItem_andAnOfficer() {
        Run label = run("select", "DEMO-0002", "--officer", "insp-1");
        assertEquals(2, label.exit(), label.toString());
        assertTrue(label.err().contains("expected DECLARATION/ITEM, e.g. DEMO-0002/1, was 'DEMO-0002'"), label.err());
        Run nobody = run("close", "DEMO-0002", "--officer", "");
        assertEquals(2, nobody.exit(), nobody.toString());
        assertTrue(nobody.err().contains("name the officer: --officer ID or TOUCHSTONE_OFFICER"), nobody.err());
        Run badId = run("alert", "ack", "DEMO-0002", "--officer", "chief inspector");
        assertEquals(2, badId.exit(), badId.toString());
        assertTrue(badId.err().contains("--officer: id must be 1-64 of"), badId.err());
    }
}
