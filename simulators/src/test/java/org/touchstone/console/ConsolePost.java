package org.touchstone.console;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.touchstone.agent.Agent;
import org.touchstone.agent.Json;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.calibration.CheckStandard;
import org.touchstone.agent.calibration.ReferenceWeightSet;
import org.touchstone.agent.calibration.ScaleProcedure;
import org.touchstone.agent.calibration.ScaleVerification;
import org.touchstone.agent.calibration.ScaleVerificationRecord;
import org.touchstone.agent.calibration.XrfCheck;
import org.touchstone.agent.calibration.XrfCheckProcedure;
import org.touchstone.agent.calibration.XrfCheckRecord;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.ConsoleConfig;
import org.touchstone.agent.console.Console;
import org.touchstone.agent.devices.PostDevices;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.OfficersFile;
import org.touchstone.agent.security.PasswordHasher;
import org.touchstone.agent.security.Role;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.sim.broker.TestBroker;
import org.touchstone.sim.calibration.SimulatedScaleBench;
import org.touchstone.sim.calibration.SimulatedXrfBench;
import org.touchstone.sim.scale.Dialects;
import org.touchstone.sim.scale.ScaleSimulator;
import org.touchstone.sim.scale.SimulatedScale;
import org.touchstone.sim.xrf.MqttXrfPublisher;
import org.touchstone.sim.xrf.SimulatedXrfAnalyzer;

/**
 * A whole post for the console's tests, as the demo runs it: a simulated MT-SICS scale on a virtual serial port,
 * a simulated XRF analyzer over MQTT, the real agent with its console, and three officers (ana inspects, sam
 * supervises, tess is a technician).
 */
final class ConsolePost implements AutoCloseable {

    static final Path DEMO_DECLARATIONS = Path.of("..", "config", "declarations", "demo");
    static final String PASSWORD = "bench password 1";

    final List<AutoCloseable> open = new ArrayList<>();
    final ObjectMapper json = Json.mapper();
    final Events events = new Events();
    final SimulatedScale physics;
    final Agent agent;
    final Console console;
    final MqttXrfPublisher xrf;
    final String postId;

    /** What the test waits on: counts of what the agent journaled. */
    static final class Events implements AgentEvents {
        final List<String> weighings = new CopyOnWriteArrayList<>();
        final List<String> shots = new CopyOnWriteArrayList<>();
        final List<String> deviceStates = new CopyOnWriteArrayList<>();
        volatile org.touchstone.drivers.reading.WeightReading lastWeight;

        @Override
        public void readingReceived(org.touchstone.drivers.reading.Reading reading) {
            if (reading instanceof org.touchstone.drivers.reading.WeightReading w) {
                lastWeight = w;
            }
        }

        /** The scale shows a stable empty pan (below its minimum load of 5 g, 50 e). */
        boolean panEmpty() {
            var w = lastWeight;
            return w != null && w.stable() && w.grams().abs().doubleValue() < 5;
        }

        @Override
        public void weighingRecorded(String declarationId, String itemId, Weighing weighing) {
            weighings.add(declarationId + "/" + itemId);
        }

        @Override
        public void xrfShotRecorded(String declarationId, String itemId, XrfReading shot) {
            shots.add(declarationId + "/" + itemId);
        }

        @Override
        public void deviceStatus(String deviceId, String state, String detail) {
            deviceStates.add(deviceId + ":" + state);
        }
    }

    ConsolePost(Path dir, ConsoleConfig consoleConfig, boolean withScale) throws Exception {
        String url = TestBroker.url();
        postId = "console-" + UUID.randomUUID().toString().substring(0, 8);
        Path link = dir.resolve("scale-1");
        physics = SimulatedScale.of(new BigDecimal("6200"), new BigDecimal("0.1"), new BigDecimal("0.01"), 11);
        if (withScale) {
            ScaleSimulator scale = new ScaleSimulator(physics, Dialects.forProtocol("mt-sics", physics, "SIM-0001", false));
            scale.startPty(link);
            open.add(scale);
        }
        String yaml = """
                post:
                  id: %s
                mqtt:
                  url: %s
                %s
                xrfAnalyzers:
                  - id: xrf-1
                    model: simulated handheld XRF
                dataDirectory: data
                """.formatted(postId, url, withScale ? """
                scales:
                  - id: scale-1
                    protocol: mt-sics
                    serial:
                      path: %s
                    pollIntervalMillis: 150
                    accuracyClass: II
                    verificationIntervalGrams: 0.1
                    capacityGrams: 6200
                """.formatted(link) : "");
        AgentConfig config = new ConfigLoader().parse(yaml, "console-it.yaml");
        ConfigLoader.Loaded loaded = new ConfigLoader.Loaded(config, dir);
        Path officersFile = dir.resolve("officers.yaml");
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.MINIMUM_ITERATIONS);
        OfficersFile.write(officersFile, List.of(
                new Officer("ana", "Ana Diallo", Set.of(Role.INSPECTOR), hasher.hash(PASSWORD.toCharArray())),
                new Officer("sam", "Sam Traoré", Set.of(Role.SUPERVISOR), hasher.hash(PASSWORD.toCharArray())),
                new Officer("tess", "Tess Okafor", Set.of(Role.TECHNICIAN), hasher.hash(PASSWORD.toCharArray()))));
        console = Console.of(loaded, consoleConfig, OfficerBook.load(officersFile), Clock.systemUTC());
        agent = new Agent(loaded, Clock.systemUTC(), new PostDevices(), List.of(events, console.events()));
        agent.start();
        open.add(0, agent);
        console.start(agent);
        open.add(0, console);
        MqttConnection instruments = new MqttConnection(MqttSettings.anonymous(url, postId + "-instruments"), null);
        if (!instruments.startAndAwait(10_000)) {
            throw new IllegalStateException("broker " + url + " not reachable");
        }
        open.add(0, instruments);
        xrf = new MqttXrfPublisher(new SimulatedXrfAnalyzer("xrf-1", new Random(11), Clock.systemUTC()), instruments,
                agent.topics().xrfResult("xrf-1"));
        await().atMost(Duration.ofSeconds(10)).until(agent::mqttConnected);
        if (withScale) {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.deviceStates.contains("scale-1:CONNECTED"));
        }
    }

    /** A technician's commissioning, as the demo does it: both instruments checked and trusted. */
    void commission() throws Exception {
        agent.recordCalibration(verifyScale()).get();
        XrfCheckRecord check = new XrfCheck(new XrfCheckProcedure("Tess Okafor", List.of(
                CheckStandard.fineGold("AU-9999"), CheckStandard.gold18k("AU-750")), 1, 1, false, null))
                .run("xrf-1", new SimulatedXrfBench(new SimulatedXrfAnalyzer("xrf-1", new Random(70), Clock.systemUTC())),
                        List.of(), Clock.systemUTC());
        if (!check.passed()) {
            throw new IllegalStateException(String.join("\n", XrfCheck.describe(check)));
        }
        agent.recordCalibration(check).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.calibrations().trustAt("scale-1", Instant.now()).trusted()
                && agent.calibrations().trustAt("xrf-1", Instant.now()).trusted());
    }

    /** A verification of the simulated scale with reference weights, as it is now. */
    ScaleVerificationRecord verifyScale() {
        return new ScaleVerification(new org.touchstone.agent.metrology.ScaleMetrology(
                org.touchstone.agent.metrology.AccuracyClass.II, new BigDecimal("0.1"), new BigDecimal("6200")),
                ScaleProcedure.standard("Tess Okafor", new ReferenceWeightSet("WS-IT", "F1", "CAL-IT-1")))
                .run("scale-1", "SIM-0001", new SimulatedScaleBench(physics, s -> { }), Clock.systemUTC());
    }

    /** The journal record with this sequence number, read from the journal file itself. */
    JsonNode journalRecord(long seq, RecordType type) throws Exception {
        try (SqliteJournal j = new SqliteJournal(agent.journalFile(), json, Clock.systemUTC())) {
            for (JournalRecord r : j.records(type, seq - 1)) {
                if (r.seq() == seq) {
                    return json.readTree(r.data());
                }
            }
        }
        throw new AssertionError("the journal holds no " + type + " record #" + seq);
    }

    String base() {
        return console.uri().toString().replaceAll("/$", "");
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // Keep closing the rest.
            }
        }
    }
}
