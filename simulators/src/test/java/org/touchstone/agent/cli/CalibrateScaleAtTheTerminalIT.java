package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.calibration.ReferenceWeightSet;
import org.touchstone.agent.calibration.ScaleProcedure;
import org.touchstone.agent.calibration.ScaleStep;
import org.touchstone.agent.calibration.ScaleVerification;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.sim.scale.Dialects;
import org.touchstone.sim.scale.ScaleSimulator;
import org.touchstone.sim.scale.SimulatedScale;
import picocli.CommandLine;

/**
 * {@code touchstone calibrate scale} at the terminal, as a technician runs it: the command prompts for each
 * reference weight and reads the live scale over a virtual serial port; the "technician" here is a thread that
 * puts the asked load on the simulated scale and presses Enter.
 */
class CalibrateScaleAtTheTerminalIT {

    private static final Pattern STEP = Pattern.compile("step (\\d+) of (\\d+): .*");

    @TempDir
    Path dir;

    private ScaleSimulator simulator;

    @AfterEach
    void stop() throws IOException {
        if (simulator != null) {
            simulator.close();
        }
    }

    /** Passes each printed line on, and the number of each step prompt to the technician. */
    private static final class Terminal extends Writer {
        final StringBuilder all = new StringBuilder();
        final BlockingQueue<Integer> prompts = new LinkedBlockingQueue<>();
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = buf[i];
                all.append(c);
                if (c == '\n') {
                    Matcher m = STEP.matcher(line.toString().trim());
                    if (m.matches()) {
                        prompts.add(Integer.parseInt(m.group(1)));
                    }
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private int verify(SimulatedScale physics, Terminal terminal, StringWriter err) throws Exception {
        Path link = dir.resolve("scale-1");
        simulator = new ScaleSimulator(physics, Dialects.forProtocol("mt-sics", physics, "SIM-TECH-1", false));
        simulator.startPty(link);
        Path config = dir.resolve("post.yaml");
        Files.writeString(config, """
                post: {id: tech}
                mqtt: {url: "tcp://127.0.0.1:1"}
                scales:
                  - {id: scale-1, serial: {path: %s}, pollIntervalMillis: 100, accuracyClass: II,
                     verificationIntervalGrams: 0.1, capacityGrams: 6200}
                dataDirectory: data
                """.formatted(link));
        List<ScaleStep> steps = new ScaleVerification(new ScaleMetrology(AccuracyClass.II, new BigDecimal("0.1"),
                new BigDecimal("6200")), ScaleProcedure.standard("T. Tester",
                new ReferenceWeightSet("WS-9", "F1", "CAL-9"))).steps();

        CommandLine cli = TouchstoneCli.commandLine();
        cli.setOut(new PrintWriter(terminal, true));
        cli.setErr(new PrintWriter(err, true));
        PipedWriter keyboard = new PipedWriter();
        CalibrateCommand.Scale scale = (CalibrateCommand.Scale) cli.getSubcommands().get("calibrate")
                .getSubcommands().get("scale").getCommand();
        scale.in = new BufferedReader(new PipedReader(keyboard));

        Thread technician = new Thread(() -> {
            try {
                for (int done = 0; done < steps.size(); done++) {
                    Integer n = terminal.prompts.poll(60, TimeUnit.SECONDS);
                    if (n == null) {
                        return;
                    }
                    act(physics, steps.get(n - 1));
                    keyboard.write("\n");
                    keyboard.flush();
                }
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        }, "technician");
        technician.setDaemon(true);
        technician.start();
        int exit = cli.execute("calibrate", "scale", "--device", "scale-1", "--config", config.toString(),
                "--technician", "T. Tester", "--weights", "WS-9,F1,CAL-9", "--step-timeout", "30");
        technician.join(5_000);
        return exit;
    }

    /** What the technician's hands do for a step. */
    private static void act(SimulatedScale physics, ScaleStep step) {
        physics.setLoadPosition(step.position().x(), step.position().y());
        switch (step.test()) {
            case ZERO -> {
                physics.setLoad(BigDecimal.ZERO);
                physics.settle();
                physics.zero();
            }
            case TARE -> {
                if (step.loadGrams() == 0) {
                    physics.setLoad(BigDecimal.valueOf(step.containerGrams()));
                    physics.settle();
                    physics.tare();
                } else {
                    physics.setLoad(BigDecimal.valueOf(step.containerGrams() + step.loadGrams()));
                }
            }
            default -> physics.setLoad(BigDecimal.valueOf(step.containerGrams() + step.loadGrams()));
        }
        physics.settle();
    }

    private static SimulatedScale physics() {
        return new SimulatedScale(new BigDecimal("6200"), new BigDecimal("0.1"), new BigDecimal("0.01"), 0.003,
                Duration.ofMillis(200), System::nanoTime, new Random(21));
    }

    private TrustState trustAfterwards() {
        try (SqliteJournal journal = new SqliteJournal(dir.resolve("data/journal.db"), Json.mapper(), Clock.systemUTC())) {
            return CalibrationBook.read(journal, Json.mapper()).trustAt("scale-1", java.time.Instant.now()).state();
        }
    }

    @Test
    void soundScale_promptedStepByStep_passesAndIsTrusted() throws Exception {
        Terminal terminal = new Terminal();
        StringWriter err = new StringWriter();
        int exit = verify(physics(), terminal, err);
        assertEquals(0, exit, terminal.all + "\n" + err);
        assertTrue(terminal.all.toString().contains("press Enter"), terminal.all.toString());
        assertTrue(terminal.all.toString().contains("scale-1: verification PASSED"), terminal.all.toString());
        assertEquals(TrustState.TRUSTED, trustAfterwards());
    }

    @Test
    void biasedScale_promptedStepByStep_failsAndIsNotTrusted() throws Exception {
        SimulatedScale biased = physics();
        biased.setSpanError(0.0001);  // +0.62 g at Max: beyond the 0.15 g MPE
        Terminal terminal = new Terminal();
        StringWriter err = new StringWriter();
        int exit = verify(biased, terminal, err);
        assertEquals(1, exit, terminal.all + "\n" + err);
        assertTrue(terminal.all.toString().contains("verification FAILED"), terminal.all.toString());
        assertEquals(TrustState.FAILED, trustAfterwards());
    }
}
