package org.touchstone.sim.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.touchstone.agent.cli.ExitCode;
import org.touchstone.agent.cli.TouchstoneCli;
import picocli.CommandLine;

/** The demo's options are checked before anything starts (no broker, no port, no agent). */
class DemoCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"-5", "0"})
    void duration_notPositive_refusedBeforeStarting(String seconds) {
        CommandLine cli = TouchstoneCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(ExitCode.USAGE, cli.execute("demo", "--duration", seconds));
        assertTrue(err.toString().startsWith("--duration must be a whole number of seconds >= 1, was: " + seconds),
                err.toString());
    }

    @Test
    void duration_notANumber_refused() {
        CommandLine cli = TouchstoneCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(ExitCode.USAGE, cli.execute("demo", "--duration", "soon"));
        assertTrue(err.toString().contains("'soon'"), err.toString());
    }
}
