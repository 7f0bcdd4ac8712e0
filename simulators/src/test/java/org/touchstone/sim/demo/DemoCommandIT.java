package org.touchstone.sim.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.cli.TouchstoneCli;

/** The README's first command, run in-process as a newcomer would run it (own embedded broker, no network). */
class DemoCommandIT {

    @TempDir
    Path dir;

    @Test
    void demo_once_showsAGreenAndARedConsignmentOnScreenAndOnMqtt() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = TouchstoneCli.commandLine().execute("demo", "--once", "--duration", "120",
                    "--config", "../config/demo.yaml", "--declarations", "../config/declarations/demo");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.println(out);
        assertEquals(0, exit, out);
        assertTrue(out.matches("(?s).*LANE GREEN\\s+DEMO-0001.*"), "green lane on screen");
        assertTrue(out.matches("(?s).*LANE RED\\s+DEMO-0002.*"), "red lane on screen");
        assertTrue(out.contains("MQTT  touchstone/post-demo/inspections/DEMO-0001/verdict: lane GREEN"), "green on MQTT");
        assertTrue(out.contains("MQTT  touchstone/post-demo/alerts: alert post-demo:DEMO-0002 RAISED revision 1, lane RED"),
                "red alert on MQTT");
        assertTrue(out.contains("FINENESS_BELOW_DECLARED") && out.contains("MASS_DISCREPANCY"), "both findings shown");
        assertTrue(!out.contains("post-demo:DEMO-0001"), "no alert for the honest consignment");
        assertTrue(out.contains("demo stopped"));
        // The console's address, on a line of its own, before the first consignment crosses the bench.
        java.util.regex.Matcher console = java.util.regex.Pattern.compile("(?m)^console: http://127\\.0\\.0\\.1:\\d+/$")
                .matcher(out);
        assertTrue(console.find(), "the console's address is printed");
        assertTrue(console.start() < out.indexOf("--- consignment DEMO-0001"), "before the first consignment");
    }
}
