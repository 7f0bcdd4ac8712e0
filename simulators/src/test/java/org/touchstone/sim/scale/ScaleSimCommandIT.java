package org.touchstone.sim.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.calibration.ScaleProcedure;
import org.touchstone.agent.calibration.ScaleStep;
import org.touchstone.agent.calibration.ScaleVerification;
import org.touchstone.agent.cli.ExitCode;
import org.touchstone.agent.cli.TouchstoneCli;
import picocli.CommandLine;

/**
 * {@code touchstone scale-sim} as a technician uses it: the shipped procedure file
 * {@code config/procedures/scale-verification.yaml} run with {@code calibrate scale --procedure} against the
 * simulated scale on a virtual serial port, loads typed at the simulator's own prompt. A sound scale passes; the
 * same run with a span fault fails, so the pass is not a foregone conclusion.
 */
class ScaleSimCommandIT {

    private static final Path PROCEDURE = Path.of("..", "config", "procedures", "scale-verification.yaml");
    private static final Pattern STEP = Pattern.compile("step (\\d+) of (\\d+): .*");

    @TempDir
    Path dir;

    /** A terminal that hands each line on. */
    private static final class Lines extends Writer {
        final StringBuilder all = new StringBuilder();
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                all.append(buf[i]);
                if (buf[i] == '\n') {
                    lines.add(line.toString().trim());
                    line.setLength(0);
                } else {
                    line.append(buf[i]);
                }
            }
        }

        String next(Pattern wanted) throws InterruptedException {
            while (true) {
                String l = lines.poll(60, TimeUnit.SECONDS);
                if (l == null) {
                    throw new AssertionError("no line matching " + wanted + " within 60 s; so far:\n" + all);
                }
                if (wanted.matcher(l).matches()) {
                    return l;
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

    private int verify(String... faults) throws Exception {
        Path link = dir.resolve("scale-1");
        CommandLine sim = TouchstoneCli.commandLine();
        Lines simOut = new Lines();
        sim.setOut(new PrintWriter(simOut, true));
        StringWriter simErr = new StringWriter();
        sim.setErr(new PrintWriter(simErr, true));
        PipedWriter keyboard = new PipedWriter();
        ScaleSimCommand command = (ScaleSimCommand) sim.getSubcommands().get("scale-sim").getCommand();
        command.in = new BufferedReader(new PipedReader(keyboard));
        String[] args = new String[] {"scale-sim", "--protocol", "mt-sics", "--serial", link.toString(),
                "--settling", "0", "--serial-number", "SIM-IT-1", "--seed", "5"};
        String[] all = new String[args.length + faults.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(faults, 0, all, args.length, faults.length);
        CompletableFuture<Integer> simulator = CompletableFuture.supplyAsync(() -> sim.execute(all));
        simOut.next(Pattern.compile("scale-sim: mt-sics scale on virtual serial port .*"));

        Path config = dir.resolve("post.yaml");
        Files.writeString(config, """
                post: {id: sim-it}
                mqtt: {url: "tcp://127.0.0.1:1"}
                scales:
                  - {id: scale-1, protocol: mt-sics, serial: {path: %s}, pollIntervalMillis: 100, accuracyClass: II,
                     verificationIntervalGrams: 0.1, capacityGrams: 6200}
                dataDirectory: data
                """.formatted(link));
        ScaleProcedure procedure = new ObjectMapper(new YAMLFactory()).readValue(PROCEDURE.toFile(), ScaleProcedure.class);
        List<ScaleStep> steps = new ScaleVerification(new ScaleMetrology(AccuracyClass.II, new BigDecimal("0.1"),
                new BigDecimal("6200")), procedure).steps();

        Lines terminal = new Lines();
        CommandLine calibrate = TouchstoneCli.commandLine();
        calibrate.setOut(new PrintWriter(terminal, true));
        StringWriter err = new StringWriter();
        calibrate.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> calibrate.execute("calibrate", "scale",
                "--device", "scale-1", "--config", config.toString(), "--procedure", PROCEDURE.toString(),
                "--step-timeout", "30"));
        try {
            for (int done = 0; done < steps.size(); done++) {
                Matcher m = STEP.matcher(terminal.next(STEP));
                assertTrue(m.matches());
                int n = Integer.parseInt(m.group(1));
                act(steps, n, keyboard, terminal);
            }
            int exit = run.get(60, TimeUnit.SECONDS);
            System.out.println(terminal.all);
            return exit;
        } finally {
            keyboard.write("quit\n");
            keyboard.flush();
            assertEquals(ExitCode.OK, simulator.get(30, TimeUnit.SECONDS), simOut.all + "\n" + simErr);
        }
    }

    /** What the technician does for step n, typed at the simulator as at a real bench. */
    private static void act(List<ScaleStep> steps, int n, PipedWriter keyboard, Lines terminal) throws Exception {
        ScaleStep step = steps.get(n - 1);
        StringBuilder typed = new StringBuilder();
        switch (step.test()) {
            case ZERO -> typed.append("0\nzero\n");
            case TARE -> {
                if (step.loadGrams() == 0) {
                    typed.append("untare\n").append(plain(step.containerGrams())).append("\ntare\n");
                } else {
                    typed.append(plain(step.containerGrams() + step.loadGrams())).append('\n');
                }
            }
            default -> {
                if (n > 1 && steps.get(n - 2).loadGrams() == step.loadGrams()) {
                    // Lift the weight off, and wait until the command has seen the empty pan.
                    keyboard.write("0\n");
                    keyboard.flush();
                    terminal.next(Pattern.compile("load lifted off; place it again"));
                }
                typed.append("at ").append(step.position().x()).append(' ').append(step.position().y()).append('\n')
                        .append(plain(step.loadGrams())).append('\n');
            }
        }
        keyboard.write(typed.toString());
        keyboard.flush();
    }

    private static String plain(double grams) {
        return BigDecimal.valueOf(grams).stripTrailingZeros().toPlainString();
    }

    @Test
    void shippedScaleProcedure_soundSimulatedScale_passes() throws Exception {
        assertEquals(ExitCode.OK, verify());
    }

    @Test
    void shippedScaleProcedure_scaleShowing1e4TooMuch_fails() throws Exception {
        // +0.62 g at Max 6200 g (still below the overload at Max + 9e), beyond the 0.15 g initial-verification MPE
        // of class II with e = 0.1 g above 2000 e (OIML R 76-1, Table 6).
        assertEquals(ExitCode.FAILED, verify("--span-error", "0.0001"));
    }
}
