package org.touchstone.sim.scale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.protocol.mtsics.MtSicsCommand;
import org.touchstone.drivers.protocol.mtsics.MtSicsFormat;
import org.touchstone.drivers.protocol.LineFramer;
import org.touchstone.drivers.transport.pty.PseudoTerminal;
import org.touchstone.drivers.reading.WeightUnit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An MT-SICS balance on a virtual serial port: serves a {@link SimulatedScale} on a {@link PseudoTerminal} linked
 * at a fixed path, answering each command line with the bytes {@link MtSicsFormat} writes, the same writer whose
 * output the agent's parser reads.
 *
 * <p>Fault switches: {@link #unplug()} / {@link #replug()} (the port disappears and comes back at the same path),
 * {@link #setSilent(boolean)} (commands go unanswered), {@link #injectGarbageBeforeNextAnswer(byte[])}.
 */
public final class MtSicsScaleSimulator implements AutoCloseable {

    /** How long {@code S}, {@code Z} and {@code T} wait for a stable weight before answering {@code I}. */
    public static final Duration STABILITY_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(MtSicsScaleSimulator.class);
    private static final String UNIT = WeightUnit.G.symbol();

    private final SimulatedScale scale;
    private final Path link;
    private final String serialNumber;
    private final String model;
    private final AtomicLong commandsAnswered = new AtomicLong();
    private volatile boolean silent;
    private volatile byte[] garbage;
    private PseudoTerminal pty;
    private Thread reader;

    /**
     * @param scale        the physics to serve
     * @param link         where the port appears, e.g. {@code /tmp/touchstone/scale-1}
     * @param serialNumber what I4 and {@code @} answer
     * @param model        the type I2 reports
     */
    public MtSicsScaleSimulator(SimulatedScale scale, Path link, String serialNumber, String model) {
        this.scale = Objects.requireNonNull(scale, "scale must not be null");
        this.link = Objects.requireNonNull(link, "link must not be null");
        if (serialNumber == null || serialNumber.isBlank() || serialNumber.contains("\"")) {
            throw new IllegalArgumentException("serialNumber must be text without quotes, was: " + serialNumber);
        }
        if (model == null || model.isBlank() || model.contains("\"")) {
            throw new IllegalArgumentException("model must be text without quotes, was: " + model);
        }
        this.serialNumber = serialNumber;
        this.model = model;
    }

    /** Creates the port at the link path and starts answering. */
    public synchronized void start() throws IOException {
        if (pty != null) {
            throw new IllegalStateException("simulator at " + link + " already plugged in");
        }
        PseudoTerminal terminal = PseudoTerminal.open();
        try {
            terminal.linkAt(link);
        } catch (IOException e) {
            terminal.close();
            throw e;
        }
        pty = terminal;
        Thread t = new Thread(() -> serve(terminal), "sim-mtsics-" + link.getFileName());
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    /** Pulls the cable: the port closes (the client sees a disconnect) and the link disappears. */
    public synchronized void unplug() throws IOException {
        PseudoTerminal terminal = pty;
        Thread t = reader;
        pty = null;
        reader = null;
        if (terminal != null) {
            terminal.close();
        }
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Plugs back in: a new pseudo-terminal behind the same link path. */
    public void replug() throws IOException {
        start();
    }

    public synchronized boolean isPluggedIn() {
        return pty != null;
    }

    public void setLoad(BigDecimal grams) {
        scale.setLoad(grams);
    }

    public SimulatedScale scale() {
        return scale;
    }

    public Path link() {
        return link;
    }

    /** While silent, commands are read and ignored, like a balance in a menu or with its interface off. */
    public void setSilent(boolean silent) {
        this.silent = silent;
    }

    /** Sends these bytes, with no line end, just before the next answer: line noise on the cable. */
    public void injectGarbageBeforeNextAnswer(byte[] bytes) {
        garbage = bytes.clone();
    }

    public long commandsAnswered() {
        return commandsAnswered.get();
    }

    @Override
    public void close() throws IOException {
        unplug();
    }

    private void serve(PseudoTerminal terminal) {
        InputStream in = terminal.masterInput();
        OutputStream out = terminal.masterOutput();
        List<String> lines = new ArrayList<>();
        LineFramer framer = new LineFramer(lines::add);
        byte[] buffer = new byte[256];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                framer.feed(buffer, 0, n);
                for (String line : lines) {
                    if (line.isEmpty() || silent) {
                        continue;
                    }
                    byte[] answer = answer(line, terminal);
                    byte[] noise = garbage;
                    if (noise != null) {
                        garbage = null;
                        out.write(noise);
                    }
                    out.write(answer);
                    out.flush();
                    commandsAnswered.incrementAndGet();
                }
                lines.clear();
            }
        } catch (IOException e) {
            if (!terminal.isClosed()) {
                LOG.warn("simulated balance at {} stopped: {}", link, e.getMessage());
            }
        }
    }

    /** One MT-SICS answer, exactly as a balance would print it. */
    byte[] answer(String line, PseudoTerminal terminal) {
        Optional<MtSicsCommand> parsed = MtSicsCommand.parse(line);
        if (parsed.isEmpty()) {
            return MtSicsFormat.generalError("ES");
        }
        MtSicsCommand command = parsed.get();
        switch (command.name()) {
            case "SI":
                return weightAnswer(scale.indication(), false);
            case "S":
                return weightAnswer(waitForStable(terminal), true);
            case "Z":
                waitForStable(terminal);
                return MtSicsFormat.status("Z", status(scale.zero()));
            case "T": {
                waitForStable(terminal);
                SimulatedScale.Outcome outcome = scale.tare();
                return outcome == SimulatedScale.Outcome.DONE
                        ? MtSicsFormat.tare("T", "S", scale.tareGrams(), UNIT)
                        : MtSicsFormat.status("T", status(outcome));
            }
            case "TA":
                return tareQuery(command);
            case "TAC":
                scale.clearTare();
                return MtSicsFormat.status("TAC", "A");
            case "@":
                // @ resets the balance and, per MT-SICS, answers in I4 format rather than with "@".
                scale.clearTare();
                return MtSicsFormat.identity("I4", List.of(serialNumber));
            case "I2":
                return MtSicsFormat.identity("I2", List.of(model + " Touchstone-Sim "
                        + scale.capacityGrams().setScale(scale.divisionGrams().scale(), java.math.RoundingMode.DOWN)
                        .toPlainString() + " " + UNIT));
            case "I4":
                return MtSicsFormat.identity("I4", List.of(serialNumber));
            default:
                return MtSicsFormat.generalError("ES");
        }
    }

    private byte[] tareQuery(MtSicsCommand command) {
        List<String> p = command.parameters();
        if (p.isEmpty()) {
            return MtSicsFormat.tare("TA", "A", scale.tareGrams(), UNIT);
        }
        if (p.size() == 2 && WeightUnit.fromSymbol(p.get(1)).orElse(null) == WeightUnit.G) {
            try {
                scale.setTare(new BigDecimal(p.get(0)));
                return MtSicsFormat.tare("TA", "A", scale.tareGrams(), UNIT);
            } catch (IllegalArgumentException e) {
                return MtSicsFormat.status("TA", "L");
            }
        }
        return MtSicsFormat.status("TA", "L");
    }

    private static byte[] weightAnswer(SimulatedScale.Indication indication, boolean stableRequired) {
        switch (indication.condition()) {
            case OVERLOAD: return MtSicsFormat.status("S", "+");
            case UNDERLOAD: return MtSicsFormat.status("S", "-");
            default:
        }
        if (stableRequired && !indication.stable()) {
            return MtSicsFormat.status("S", "I");
        }
        return MtSicsFormat.weight(indication.stable(), indication.netGrams(), UNIT);
    }

    /** Waits up to {@link #STABILITY_TIMEOUT} for the scale to rest, as S, Z and T do on a real balance. */
    private SimulatedScale.Indication waitForStable(PseudoTerminal terminal) {
        long deadline = System.nanoTime() + STABILITY_TIMEOUT.toNanos();
        while (!scale.isStable() && System.nanoTime() - deadline < 0 && !terminal.isClosed()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return scale.indication();
    }

    private static String status(SimulatedScale.Outcome outcome) {
        switch (outcome) {
            case DONE: return "A";
            case OVERLOAD: return "+";
            case UNDERLOAD: return "-";
            default: return "I";
        }
    }
}
