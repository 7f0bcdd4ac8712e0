package org.touchstone.sim.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.touchstone.agent.cli.ExitCode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code touchstone scale-sim}: a simulated scale on its own, speaking any supported protocol on a virtual serial
 * port or a TCP port, so an agent ({@code touchstone run}), a probe or a technician's {@code calibrate scale} can be
 * pointed at it. Loads and faults are typed at its terminal while it runs.
 */
@Command(name = "scale-sim", mixinStandardHelpOptions = true,
        description = {"Run a simulated scale (mt-sics, sartorius-sbi, and, toledo-continuous) on a virtual serial port "
                + "or a TCP port. Type commands while it runs (help lists them): a load in grams, zero, tare, at X Y, "
                + "unplug, replug, silent on|off, garbage TEXT, quit.",
                "Faults from the start: --span-error, --repeatability-sd, --eccentricity, --drift, --split-frames."},
        footer = {"", "Exit codes: 0 stopped, 2 bad option, 3 the port could not be opened.",
                "Example: touchstone scale-sim --protocol and --tcp 4001 --span-error 0.0002"})
public final class ScaleSimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", required = true, description = "mt-sics, sartorius-sbi, and or toledo-continuous.")
    String protocol;

    /** Where the scale is reached. */
    static final class Link {
        @Option(names = "--serial", paramLabel = "PATH", required = true,
                description = "Virtual serial port: the link to create, e.g. /tmp/touchstone/scale-1.")
        Path serial;

        @Option(names = "--tcp", paramLabel = "PORT", required = true,
                description = "TCP port on 127.0.0.1, as a serial device server in raw mode (0: a free port).")
        Integer tcp;
    }

    @ArgGroup(multiplicity = "1")
    Link link;

    @Option(names = "--capacity", defaultValue = "6200", paramLabel = "GRAMS", description = "Max (default: ${DEFAULT-VALUE}).")
    BigDecimal capacityGrams;

    @Option(names = "--e", defaultValue = "0.1", paramLabel = "GRAMS",
            description = "Verification interval e (default: ${DEFAULT-VALUE}).")
    BigDecimal verificationIntervalGrams;

    @Option(names = "--d", defaultValue = "0.01", paramLabel = "GRAMS",
            description = "Display division d, at most e (default: ${DEFAULT-VALUE}).")
    BigDecimal divisionGrams;

    @Option(names = "--serial-number", defaultValue = "SIM-SCALE-0001", description = "Reported serial (default: ${DEFAULT-VALUE}).")
    String serialNumber;

    @Option(names = "--checksum", description = "toledo-continuous: append the checksum byte.")
    boolean checksum;

    @Option(names = "--load", defaultValue = "0", paramLabel = "GRAMS", description = "Load on the pan at start (default: empty).")
    BigDecimal load;

    @Option(names = "--settling", defaultValue = "1500", paramLabel = "MILLIS",
            description = "How long the indication moves after a load change (default: ${DEFAULT-VALUE}).")
    long settlingMillis;

    @Option(names = "--span-error", defaultValue = "0", paramLabel = "RELATIVE",
            description = "Fault: shows this fraction too much of every load (2e-4: 1000.2 g for 1000 g).")
    double spanError;

    @Option(names = "--repeatability-sd", defaultValue = "0", paramLabel = "GRAMS",
            description = "Fault: each loading lands off by a random amount with this standard deviation.")
    double repeatabilitySd;

    @Option(names = "--eccentricity", defaultValue = "0", paramLabel = "RELATIVE",
            description = "Fault: a load at a corner shows this fraction too much (see 'at X Y').")
    double eccentricity;

    @Option(names = "--drift", defaultValue = "0", paramLabel = "GRAMS_PER_SECOND", description = "Fault: the indication creeps.")
    double drift;

    @Option(names = "--split-frames", description = "Fault: write each frame in pieces, as a slow device server does.")
    boolean splitFrames;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (default: until quit or Ctrl-C).")
    Integer durationSeconds;

    /** Where commands are read; tests replace it. */
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private ScaleSimulator simulator;
    private SimulatedScale physics;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (durationSeconds != null && durationSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--duration must be >= 1 second, was: " + durationSeconds);
        }
        try {
            physics = new SimulatedScale(capacityGrams, verificationIntervalGrams, divisionGrams,
                    0.3 * divisionGrams.doubleValue(), Duration.ofMillis(settlingMillis), System::nanoTime, new Random(seed));
            physics.setSpanError(spanError);
            physics.setRepeatabilitySd(repeatabilitySd);
            physics.setEccentricity(eccentricity);
            physics.setDrift(drift);
            physics.setLoad(load);
            physics.settle();
            simulator = new ScaleSimulator(physics, Dialects.forProtocol(protocol, physics, serialNumber, checksum));
            simulator.setSplitFrames(splitFrames);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        String where;
        try {
            if (link.serial != null) {
                Path parent = link.serial.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                simulator.startPty(link.serial);
                where = "virtual serial port " + link.serial;
            } else {
                int port = simulator.startTcp(link.tcp);
                where = "tcp://127.0.0.1:" + port;
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("touchstone scale-sim: cannot open " + (link.serial != null
                    ? "the virtual serial port " + link.serial : "TCP port " + link.tcp) + ": " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        }
        CountDownLatch quit = new CountDownLatch(1);
        Thread hook = new Thread(quit::countDown, "scale-sim-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("scale-sim: " + protocol + " scale on " + where + " (Max " + capacityGrams.toPlainString()
                    + " g, e " + verificationIntervalGrams.toPlainString() + " g, d " + divisionGrams.toPlainString()
                    + " g, serial " + serialNumber + "); type a load in grams, or help");
            out.flush();
            Thread commands = new Thread(() -> readCommands(out, quit), "scale-sim-commands");
            commands.setDaemon(true);
            commands.start();
            if (durationSeconds == null) {
                quit.await();
            } else {
                quit.await(durationSeconds, TimeUnit.SECONDS);
            }
            out.println("scale-sim: stopped after " + simulator.framesWritten() + " frames");
            out.flush();
            return ExitCode.OK;
        } finally {
            simulator.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running.
            }
        }
    }

    private void readCommands(PrintWriter out, CountDownLatch quit) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String answer = command(line.trim());
                if (answer == null) {
                    quit.countDown();
                    return;
                }
                if (!answer.isEmpty()) {
                    out.println("scale-sim: " + answer);
                    out.flush();
                }
            }
            // End of input (started from a script or a service): the scale keeps running until --duration or Ctrl-C.
        } catch (IOException e) {
            out.println("scale-sim: cannot read commands: " + e.getMessage() + "; the scale keeps running");
            out.flush();
        }
    }

    /** Runs one typed command; the answer to print, empty for none, null to quit. */
    String command(String line) throws IOException {
        if (line.isEmpty()) {
            return "";
        }
        String[] w = line.split("\\s+");
        String verb = w[0].toLowerCase(Locale.ROOT);
        try {
            switch (verb) {
                case "quit", "exit" -> {
                    return null;
                }
                case "help" -> {
                    return "commands: <grams> (load on the pan), zero, tare, untare, at X Y (load position, -1..1), "
                            + "unplug, replug, silent on|off, garbage TEXT, status, quit";
                }
                case "zero" -> {
                    return "zero: " + physics.zero();
                }
                case "tare" -> {
                    return "tare: " + physics.tare();
                }
                case "untare" -> {
                    physics.clearTare();
                    return "tare cleared";
                }
                case "at" -> {
                    physics.setLoadPosition(Double.parseDouble(w[1]), Double.parseDouble(w[2]));
                    return "load at x " + w[1] + ", y " + w[2];
                }
                case "unplug" -> {
                    simulator.unplug();
                    return "unplugged";
                }
                case "replug" -> {
                    simulator.replug();
                    return "plugged in again";
                }
                case "silent" -> {
                    boolean on = w.length < 2 || w[1].equalsIgnoreCase("on");
                    simulator.setSilent(on);
                    return on ? "silent: answers nothing" : "answering again";
                }
                case "garbage" -> {
                    String text = line.substring(verb.length()).trim();
                    simulator.injectGarbage((text.isEmpty() ? "\u0000\u00ff#garbage#" : text).getBytes(StandardCharsets.ISO_8859_1));
                    return "garbage sent before the next frame";
                }
                case "status" -> {
                    return "indication " + physics.indication() + ", frames " + simulator.framesWritten()
                            + (simulator.isPluggedIn() ? "" : ", unplugged");
                }
                default -> {
                    BigDecimal grams = new BigDecimal(verb);
                    physics.setLoad(grams);
                    return "load " + grams.toPlainString() + " g";
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return "not understood: '" + line + "' (help lists the commands)";
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "refused: " + e.getMessage();
        }
    }
}
