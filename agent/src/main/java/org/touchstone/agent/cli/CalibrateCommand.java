package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.touchstone.agent.Json;
import org.touchstone.agent.calibration.CalibrationAbortedException;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.calibration.CalibrationRecord;
import org.touchstone.agent.calibration.ControlChartPicture;
import org.touchstone.agent.calibration.ScaleBench;
import org.touchstone.agent.calibration.ScaleProcedure;
import org.touchstone.agent.calibration.ScaleStep;
import org.touchstone.agent.calibration.ScaleVerification;
import org.touchstone.agent.calibration.ScaleVerificationRecord;
import org.touchstone.agent.calibration.XrfBench;
import org.touchstone.agent.calibration.XrfCheck;
import org.touchstone.agent.calibration.XrfCheckProcedure;
import org.touchstone.agent.calibration.XrfCheckRecord;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.ScaleConfig;
import org.touchstone.agent.config.XrfConfig;
import org.touchstone.agent.devices.DeviceContext;
import org.touchstone.agent.devices.DeviceInput;
import org.touchstone.agent.devices.PostDevices;
import org.touchstone.agent.devices.ScaleDrivers;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.ScaleDriver;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.protocol.xrfjson.XrfJsonCodec;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code touchstone calibrate}: a technician's scale verification or XRF check-standard run, at the terminal
 * against the live device or from a procedure file, stored in the post's journal; and the device's history with
 * its control chart.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Verify a scale, check an XRF analyzer with reference materials, or report a device's history.",
        subcommands = {CalibrateCommand.Scale.class, CalibrateCommand.Xrf.class, CalibrateCommand.Report.class})
public final class CalibrateCommand {

    /** Options every subcommand shares. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
                description = "Post configuration (default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--device", required = true, description = "The device id, as configured.")
        String device;

        /** Where prompts are answered; tests replace it. */
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        final ObjectMapper json = Json.mapper();
        final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule());
        PrintWriter out;
        ConfigLoader.Loaded loaded;

        @Override
        public final Integer call() {
            out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                loaded = new ConfigLoader().load(config);
                requireConfiguredDevice();
                return run();
            } catch (ConfigException | IllegalArgumentException | IOException | MalformedInputException e) {
                err.println("touchstone calibrate: " + e.getMessage());
                err.flush();
                return ExitCode.USAGE;
            } catch (CalibrationAbortedException e) {
                err.println("touchstone calibrate: aborted, nothing recorded: " + e.getMessage());
                err.flush();
                return ExitCode.UNAVAILABLE;
            } finally {
                out.flush();
            }
        }

        abstract int run() throws IOException, MalformedInputException;

        /** A device id the configuration does not name is a mistake to say, not an empty history to print. */
        void requireConfiguredDevice() {
            List<String> ids = new java.util.ArrayList<>();
            loaded.config().scales().forEach(s -> ids.add(s.id()));
            loaded.config().xrfAnalyzers().forEach(x -> ids.add(x.id()));
            if (!ids.contains(device)) {
                throw new IllegalArgumentException("--device " + device + ": no such device in " + config
                        + (ids.isEmpty() ? " (it configures none)" : "; configured: " + String.join(", ", ids)));
            }
        }

        Path journalFile() {
            return loaded.resolve(loaded.config().dataDirectory()).resolve("journal.db");
        }

        /** Stores a record in the journal the agent reads (safe while the agent runs). */
        void store(CalibrationRecord record) {
            try (SqliteJournal journal = new SqliteJournal(journalFile(), json, Clock.systemUTC())) {
                long seq = new CalibrationBook(json).append(journal, record);
                out.println("recorded as journal record " + seq + " in " + journalFile() + "; a running agent applies"
                        + " it within a few seconds");
            }
        }

        void prompt(String text, boolean interactive) {
            out.println(text + (interactive ? ", then press Enter (q to abort)" : ""));
            out.flush();
            if (interactive) {
                try {
                    String line = in.readLine();
                    if (line == null || line.trim().equalsIgnoreCase("q")) {
                        throw new CalibrationAbortedException("stopped by the technician");
                    }
                } catch (IOException e) {
                    throw new CalibrationAbortedException("cannot read the terminal: " + e.getMessage());
                }
            }
        }

        JsonNode procedureFile(Path file) throws IOException {
            ObjectMapper reader = file.toString().endsWith(".json") ? json : yaml;
            JsonNode node = reader.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(file + ": a procedure file is a YAML or JSON object");
            }
            return node;
        }
    }

    /** {@code touchstone calibrate scale}. */
    @Command(name = "scale", mixinStandardHelpOptions = true,
            description = {"Verify a scale with reference weights (OIML R 76 / EURAMET cg-18 style): zero, errors of",
                    "indication, repeatability, eccentricity, tare. Reads the live scale; stop the agent first if the",
                    "scale is on a serial port (a TCP device server may allow a second connection)."})
    static final class Scale extends Base {
        @Option(names = "--procedure", paramLabel = "FILE",
                description = "Procedure file (YAML or JSON): runs without prompts; with 'indications' the scale is not read.")
        Path procedure;

        @Option(names = "--technician", description = "Who performs it (when there is no procedure file).")
        String technician;

        @Option(names = "--weights", paramLabel = "ID,CLASS,CERTIFICATE",
                description = "Reference weight set (when there is no procedure file), e.g. WS-7,F1,CAL-2026-0117.")
        String weights;

        @Option(names = "--step-timeout", defaultValue = "120", paramLabel = "SECONDS",
                description = "Give up when a step does not settle near its load (default: ${DEFAULT-VALUE}).")
        int stepTimeoutSeconds;

        @Override
        int run() throws IOException {
            ScaleConfig scale = loaded.config().scales().stream().filter(s -> s.id().equals(device)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no scale '" + device + "' in " + config));
            ScaleProcedure p;
            List<Double> indications = null;
            if (procedure != null) {
                ObjectNode node = (ObjectNode) procedureFile(procedure);
                if (node.has("indications")) {
                    indications = new ArrayList<>();
                    for (JsonNode i : node.remove("indications")) {
                        indications.add(i.asDouble());
                    }
                }
                p = yaml.treeToValue(node, ScaleProcedure.class);
            } else {
                if (technician == null || weights == null) {
                    throw new IllegalArgumentException("give --technician and --weights, or a --procedure file");
                }
                String[] w = weights.split(",");
                if (w.length != 3) {
                    throw new IllegalArgumentException("--weights must be ID,CLASS,CERTIFICATE, was: " + weights);
                }
                p = ScaleProcedure.standard(technician, new org.touchstone.agent.calibration.ReferenceWeightSet(
                        w[0].trim(), w[1].trim(), w[2].trim()));
            }
            ScaleVerification v = new ScaleVerification(scale.metrology(), p);
            out.println("verification of " + device + " (class " + scale.accuracyClass() + ", e "
                    + scale.verificationIntervalGrams().toPlainString() + " g, Max " + scale.capacityGrams().toPlainString()
                    + " g) by " + v.procedure().technician() + " with weights " + v.procedure().weights().id() + " ("
                    + v.procedure().weights().weightClass() + ", certificate " + v.procedure().weights().certificate() + ")");
            ScaleVerificationRecord record;
            if (indications != null) {
                record = v.evaluate(device, null, indications, Instant.now());
            } else {
                record = live(scale, v, procedure == null);
            }
            ScaleVerification.describe(record).forEach(out::println);
            out.println(device + ": verification " + (record.passed() ? "PASSED" : "FAILED: " + record.failures())
                    + "; next due " + record.nextDue().toString().substring(0, 10));
            store(record);
            return record.passed() ? ExitCode.OK : ExitCode.FAILED;
        }

        private ScaleVerificationRecord live(ScaleConfig scale, ScaleVerification v, boolean interactive) {
            BlockingQueue<WeightReading> readings = new LinkedBlockingQueue<>();
            ScaleDriver driver = new ScaleDriver(device, ScaleDrivers.transport(scale),
                    scale.codec(), scale.scaleMode(),
                    Duration.ofMillis(scale.pollIntervalMillis()), Clock.systemUTC(), new DeviceListener() {
                        @Override
                        public void readingReceived(Reading reading) {
                            if (reading instanceof WeightReading w) {
                                readings.add(w);
                            }
                        }

                        @Override
                        public void deviceStateChanged(DeviceEvent event) {
                            out.println("  (" + device + " " + event.state() + ": " + event.detail() + ")");
                        }

                        @Override
                        public void frameRejected(FrameError error) {
                        }
                    });
            driver.start();
            try {
                double e = scale.verificationIntervalGrams().doubleValue();
                List<ScaleStep> steps = v.steps();
                int[] n = {0};
                ScaleBench bench = step -> {
                    n[0]++;
                    readings.clear();
                    prompt("step " + n[0] + " of " + steps.size() + ": " + step.instruction(), interactive);
                    // Without prompts, a step with the same load as the one before (a repeatability placing, the next
                    // eccentricity position) counts only once the load was lifted off: otherwise the same resting
                    // indication would be read again and any scale would look repeatable and centred. (At the
                    // terminal the technician's Enter says the load was placed again.)
                    boolean liftOff = !interactive && n[0] > 1 && steps.get(n[0] - 2).loadGrams() == step.loadGrams()
                            && step.loadGrams() > 0;
                    return settled(readings, step.loadGrams(), e, liftOff);
                };
                return v.run(device, null, bench, Clock.systemUTC()).withSerialNumber(driver.serialNumber().orElse(null));
            } finally {
                driver.close();
            }
        }

        /** Waits for two stable indications in a row within e of each other and near the expected load. */
        private double settled(BlockingQueue<WeightReading> readings, double expected, double e, boolean liftOff) {
            double window = Math.max(0.05 * expected, 50 * e);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(stepTimeoutSeconds);
            Double previous = null;
            boolean lifted = !liftOff;
            try {
                while (System.nanoTime() < deadline) {
                    WeightReading r = readings.poll(200, TimeUnit.MILLISECONDS);
                    if (r == null) {
                        continue;
                    }
                    double g = r.grams().doubleValue();
                    if (!lifted) {
                        if (Math.abs(g - expected) > window) {
                            lifted = true;
                            out.println("  load lifted off; place it again");
                            out.flush();
                        }
                        continue;
                    }
                    if (!r.stable() || Math.abs(g - expected) > window) {
                        previous = null;
                        continue;
                    }
                    if (previous != null && Math.abs(previous - g) <= e) {
                        out.println("  read " + r.grams().toPlainString() + " g");
                        return g;
                    }
                    previous = g;
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new CalibrationAbortedException("no stable indication near " + expected + " g within "
                    + stepTimeoutSeconds + " s");
        }
    }

    /** {@code touchstone calibrate xrf}. */
    @Command(name = "xrf", mixinStandardHelpOptions = true,
            description = {"Check an XRF analyzer with certified reference materials: each certified element within",
                    "2·sqrt(u_meas² + u_cert²) of its certified value, and no Westgard rule broken on its control charts.",
                    "Reads the next results from the analyzer's configured source (not a watched folder)."})
    static final class Xrf extends Base {
        @Option(names = "--procedure", paramLabel = "FILE", required = true,
                description = "Procedure file (YAML or JSON) naming the CRMs; with 'results' the analyzer is not read.")
        Path procedure;

        @Option(names = "--interactive", description = "Wait for Enter before each shot.")
        boolean interactive;

        @Option(names = "--shot-timeout", defaultValue = "300", paramLabel = "SECONDS",
                description = "Give up when no result arrives for this long (default: ${DEFAULT-VALUE}).")
        int shotTimeoutSeconds;

        @Override
        int run() throws IOException, MalformedInputException {
            XrfConfig xrf = loaded.config().xrfAnalyzers().stream().filter(x -> x.id().equals(device)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no XRF analyzer '" + device + "' in " + config));
            ObjectNode node = (ObjectNode) procedureFile(procedure);
            JsonNode results = node.remove("results");
            XrfCheckProcedure p = yaml.treeToValue(node, XrfCheckProcedure.class);
            XrfCheck check = new XrfCheck(p);
            List<XrfCheckRecord> history;
            try (SqliteJournal journal = new SqliteJournal(journalFile(), json, Clock.systemUTC())) {
                history = CalibrationBook.read(journal, json).xrfHistory(device);
            }
            out.println("check-standard run on " + device + " by " + p.technician() + ": " + p.standards().size()
                    + " reference material(s), " + p.shotsPerStandard() + " shot(s) each");
            XrfCheckRecord record;
            if (results != null) {
                List<XrfReading> readings = new ArrayList<>();
                XrfJsonCodec codec = new XrfJsonCodec();
                int i = 0;
                for (JsonNode r : results) {
                    readings.add(codec.decode(json.writeValueAsBytes(r), procedure + ", results[" + i++ + "]", device,
                            Instant.now()));
                }
                record = check.evaluate(device, readings, history, Instant.now());
            } else {
                record = live(loaded.config(), xrf, check, history);
            }
            XrfCheck.describe(record).forEach(out::println);
            out.println(device + ": check-standard run " + (record.passed() ? "PASSED" : "FAILED: " + record.failures())
                    + "; next due " + record.nextDue().toString().substring(0, 10));
            store(record);
            return record.passed() ? ExitCode.OK : ExitCode.FAILED;
        }

        private XrfCheckRecord live(AgentConfig cfg, XrfConfig xrf, XrfCheck check, List<XrfCheckRecord> history) {
            if (xrf.source().equals("folder")) {
                throw new IllegalArgumentException(device + " is read from a watched folder, which the agent owns;"
                        + " put the CRM results in the procedure file's 'results' instead");
            }
            BlockingQueue<XrfReading> results = new LinkedBlockingQueue<>();
            Topics topics = new Topics(cfg.mqtt().topicRoot(), cfg.post().id());
            // A client id of its own: sharing the agent's would push the running agent off the broker.
            MqttSettings settings = cfg.mqtt().settings(cfg.post().id(), loaded.baseDirectory());
            MqttConnection mqtt = new MqttConnection(settings.withClientId(settings.clientId() + "-calibrate-"
                    + ProcessHandle.current().pid()), null);
            List<AutoCloseable> started = new ArrayList<>();
            try {
                AgentConfig only = new AgentConfig(cfg.post(), cfg.mqtt(), List.of(), List.of(xrf), cfg.declarations(),
                        cfg.assessment(), cfg.journal(), cfg.dataDirectory());
                started.addAll(PostDevices.startXrf(only, new DeviceContext(Clock.systemUTC(), mqtt, topics, r -> {
                    if (r instanceof XrfReading x && x.deviceId().equals(device)) {
                        results.add(x);
                    }
                }, new DeviceInput() {
                    @Override
                    public void inputRejected(String source, String reason) {
                        out.println("  (refused from " + source + ": " + reason + ")");
                    }
                }, loaded.baseDirectory())));
                mqtt.start();
                if (xrf.source().equals("mqtt")) {
                    try {
                        if (!mqtt.awaitSubscribed(topics.xrfResultFilter(), 15_000)) {
                            throw new CalibrationAbortedException("MQTT broker " + settings.url() + " not reachable");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CalibrationAbortedException("interrupted");
                    }
                }
                XrfBench bench = (standard, shot, shots) -> {
                    results.clear();
                    prompt("place " + standard.id() + " (" + standard.description() + ") on the analyzer and run test "
                            + shot + " of " + shots, interactive);
                    try {
                        XrfReading r = results.poll(shotTimeoutSeconds, TimeUnit.SECONDS);
                        if (r == null) {
                            throw new CalibrationAbortedException("no result from " + device + " within "
                                    + shotTimeoutSeconds + " s");
                        }
                        out.println("  result " + r.testNumber() + " received");
                        return r;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CalibrationAbortedException("interrupted");
                    }
                };
                return check.run(device, bench, history, Clock.systemUTC());
            } finally {
                for (AutoCloseable c : started) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // Closing the rest matters more.
                    }
                }
                mqtt.close();
            }
        }
    }

    /** {@code touchstone calibrate report}. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Print a device's calibration history and write its control chart as a PNG picture.")
    static final class Report extends Base {
        @Option(names = "--out", paramLabel = "FILE.png",
                description = "Where to write the chart (default: <device>-calibration.png in the current folder).")
        Path picture;

        @Override
        int run() throws IOException {
            List<CalibrationRecord> history;
            CalibrationBook book;
            if (!java.nio.file.Files.exists(journalFile())) {
                out.println(device + ": UNKNOWN - no journal yet at " + journalFile() + ", so no calibration records");
                return ExitCode.OK;
            }
            try (SqliteJournal journal = new SqliteJournal(journalFile(), json, Clock.systemUTC())) {
                book = CalibrationBook.read(journal, json);
                history = book.history(device);
            }
            out.println(device + ": " + book.trustAt(device, Instant.now()).state() + " - "
                    + book.trustAt(device, Instant.now()).reason());
            if (history.isEmpty()) {
                out.println("no calibration records for " + device);
                return ExitCode.OK;
            }
            for (CalibrationRecord r : history) {
                out.println(r.performedAt() + "  " + (r instanceof ScaleVerificationRecord ? "verification" : "check run")
                        + " by " + r.technician() + ": " + (r.passed() ? "PASSED" : "FAILED (" + r.failures() + ")")
                        + ", next due " + r.nextDue().toString().substring(0, 10));
                List<String> lines = r instanceof ScaleVerificationRecord s ? ScaleVerification.describe(s)
                        : XrfCheck.describe((XrfCheckRecord) r);
                lines.forEach(l -> out.println("    " + l));
            }
            Path png = picture != null ? picture : Path.of(device + "-calibration.png");
            if (history.get(history.size() - 1) instanceof ScaleVerificationRecord s) {
                ControlChartPicture.scale(s, png);
            } else {
                ControlChartPicture.xrf(device, book.xrfHistory(device), png);
            }
            out.println("chart written to " + png.toAbsolutePath());
            return ExitCode.OK;
        }
    }
}
