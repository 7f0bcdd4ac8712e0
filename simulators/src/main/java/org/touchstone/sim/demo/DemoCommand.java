package org.touchstone.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.touchstone.agent.Agent;
import org.touchstone.agent.Json;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.report.ConsoleReport;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.CheckStandard;
import org.touchstone.agent.calibration.ReferenceWeightSet;
import org.touchstone.agent.calibration.ScaleProcedure;
import org.touchstone.agent.calibration.ScaleVerification;
import org.touchstone.agent.calibration.ScaleVerificationRecord;
import org.touchstone.agent.calibration.XrfCheck;
import org.touchstone.agent.calibration.XrfCheckProcedure;
import org.touchstone.agent.calibration.XrfCheckRecord;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.ConsoleConfig;
import org.touchstone.agent.console.Console;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.OfficersFile;
import org.touchstone.agent.security.PasswordHasher;
import org.touchstone.agent.security.Role;
import org.touchstone.agent.devices.PostDevices;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.sim.broker.EmbeddedBroker;
import org.touchstone.sim.scale.Dialects;
import org.touchstone.sim.scale.ScaleSimulator;
import org.touchstone.sim.scale.SimulatedScale;
import org.touchstone.sim.calibration.SimulatedScaleBench;
import org.touchstone.sim.calibration.SimulatedXrfBench;
import org.touchstone.sim.xrf.MqttXrfPublisher;
import org.touchstone.sim.xrf.SimulatedXrfAnalyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code touchstone demo}: a whole post on one machine. An MQTT broker, a simulated MT-SICS scale on a virtual
 * serial port, a simulated XRF analyzer publishing over MQTT, and the real agent; then an honest and a
 * misdeclared consignment go across the bench.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a simulated post: broker, scale on a virtual serial port, XRF over MQTT, the agent, and two "
                + "consignments (one honest, one misdeclared). Ctrl-C stops it.")
public final class DemoCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: run until Ctrl-C).")
    Integer durationSeconds;

    @Option(names = "--config", defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/demo.yaml",
            description = "Demo post configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--declarations", defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/declarations/demo",
            description = "Folder of the demo's declarations (default: ${DEFAULT-VALUE}).")
    Path declarations;

    @Option(names = "--broker", paramLabel = "URL",
            description = "Use this MQTT broker (tcp://host:port) instead of starting an embedded one.")
    String brokerUrl;

    @Option(names = "--once", description = "Stop as soon as the scenario is complete (for unattended runs).")
    boolean once;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the instruments' noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--console-port", defaultValue = "0",
            description = "Port of the web console on 127.0.0.1 (default: any free port; the demo prints the address).")
    int consolePort;

    private final PrintStream out = System.out;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        if (durationSeconds != null && durationSeconds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--duration must be a whole number of seconds >= 1, was: " + durationSeconds
                            + " (leave it out to run until Ctrl-C, or use --once)");
        }
        ConfigLoader.Loaded loaded;
        try {
            loaded = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            System.err.println("touchstone demo: " + e.getMessage()
                    + " (run the demo from the repository's top folder, or pass --config)");
            return 2;
        }
        if (!Files.isDirectory(declarations)) {
            System.err.println("touchstone demo: declarations folder not found: " + declarations);
            return 2;
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread shutdownHook = new Thread(() -> {
            stop();
            done.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread scenario = new Thread(() -> {
            try {
                run(loaded);
                if (once) {
                    say("demo scenario complete");
                    done.countDown();
                } else {
                    say("demo scenario complete; the agent keeps running. Ctrl-C to stop.");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (!stopping.get()) {
                    System.err.println("touchstone demo: " + e.getMessage());
                    failed.set(true);
                    done.countDown();
                }
            }
        }, "demo-scenario");
        scenario.setDaemon(true);
        scenario.start();
        boolean timedOut = durationSeconds == null ? awaitForever(done) : !done.await(durationSeconds, TimeUnit.SECONDS);
        if (timedOut) {
            say("stopping after " + durationSeconds + " s");
        }
        scenario.interrupt();
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Ctrl-C: the hook is running.
        }
        return failed.get() ? 1 : 0;
    }

    private static boolean awaitForever(CountDownLatch done) throws InterruptedException {
        done.await();
        return false;
    }

    private void run(ConfigLoader.Loaded loaded) throws Exception {
        String url = brokerUrl;
        if (url == null) {
            EmbeddedBroker broker = EmbeddedBroker.start();
            resources.add(0, broker);
            url = broker.url();
            say("embedded MQTT broker on " + url);
        }
        Path dir = Files.createTempDirectory("touchstone-demo-");
        Path link = dir.resolve("scale-1");
        AgentConfig base = loaded.config();
        var scaleConfig = base.scales().get(0);
        SimulatedScale physics = SimulatedScale.of(scaleConfig.capacityGrams(), scaleConfig.verificationIntervalGrams(),
                new BigDecimal("0.01"), seed);
        ScaleSimulator scale = new ScaleSimulator(physics, Dialects.forProtocol("mt-sics", physics, "SIM-XS6202-0001",
                false));
        scale.startPty(link);
        resources.add(0, scale);
        say("simulated MT-SICS scale on virtual serial port " + link);

        // One data folder per run: the demo reuses its declaration ids, a real post never does.
        String runFolder = base.dataDirectory() + "/" + java.time.LocalDateTime.now().withNano(0).toString().replace(':', '-');
        AgentConfig demoConfig = base.withMqttUrl(url).withScales(List.of(scaleConfig.withSerialPath(link.toString())))
                .withDataDirectory(runFolder);
        Progress progress = new Progress();
        ConfigLoader.Loaded demoLoaded = new ConfigLoader.Loaded(demoConfig, loaded.baseDirectory());
        // The demo's officers, with passwords made for this run; a real post's come from `touchstone officer add`.
        Path officersFile = demoLoaded.resolve(runFolder).resolve("officers.yaml");
        Map<String, String> passwords = demoOfficers(officersFile);
        Console console = Console.of(demoLoaded, ConsoleConfig.local(consolePort), OfficerBook.load(officersFile),
                Clock.systemUTC());
        org.touchstone.agent.monitoring.Monitoring monitoring = org.touchstone.agent.monitoring.Monitoring.of(demoConfig,
                Clock.systemUTC());
        Agent agent = new Agent(demoLoaded, Clock.systemUTC(), new PostDevices(),
                List.of(new ConsoleReport(out), progress, console.events(), monitoring.events()));
        agent.start();
        resources.add(0, agent);
        monitoring.start(agent);
        resources.add(0, monitoring);
        java.net.URI consoleUri = console.start(agent, monitoring);
        resources.add(0, console);
        out.println("console: " + consoleUri);
        out.println("health and metrics: " + consoleUri + "health/ready, " + consoleUri + "metrics");
        say("log in to the console as inspector / " + passwords.get("inspector") + ", supervisor / "
                + passwords.get("supervisor") + " or technician / " + passwords.get("technician")
                + " (officers of this run: " + officersFile + ")");

        MqttConnection instruments = new MqttConnection(MqttSettings.anonymous(url, "demo-instruments-" + seed), null);
        resources.add(0, instruments);
        MqttConnection monitor = new MqttConnection(MqttSettings.anonymous(url, "demo-monitor-" + seed), null);
        resources.add(0, monitor);
        ObjectMapper json = Json.mapper();
        monitor.subscribe(agent.topics().alerts(), 1, (topic, payload) -> {
            JsonNode a = json.readTree(payload);
            say(String.format(Locale.ROOT, "MQTT  %s: alert %s %s revision %d, lane %s", topic, a.path("alertId").asText(),
                    a.path("state").asText(), a.path("revision").asInt(), a.path("lane").asText()));
        });
        monitor.subscribe(agent.topics().verdict("+"), 1, (topic, payload) -> {
            JsonNode v = json.readTree(payload);
            if (!"PENDING".equals(v.path("lane").asText())) {
                say(String.format(Locale.ROOT, "MQTT  %s: lane %s, %d finding(s)", topic, v.path("lane").asText(),
                        v.path("findings").size()));
            }
        });
        java.util.Map<String, JsonNode> replies = new java.util.concurrent.ConcurrentHashMap<>();
        monitor.subscribe(agent.topics().officerReply("inspector"), 1, (topic, payload) -> {
            JsonNode r = json.readTree(payload);
            replies.put(r.path("correlationId").asText(""), r);
        });
        int selections = 0;
        if (!instruments.startAndAwait(10_000) || !monitor.startAndAwait(10_000)) {
            throw new IllegalStateException("MQTT broker " + url + " not reachable");
        }
        waitFor(agent::mqttConnected, 10_000, "the agent's MQTT connection");
        if (!monitor.awaitSubscribed(agent.topics().officerReply("inspector"), 10_000)) {
            throw new IllegalStateException("MQTT broker " + url + " did not take the subscription to the officer's replies");
        }
        SimulatedXrfAnalyzer xrfPhysics = new SimulatedXrfAnalyzer("xrf-1", new Random(seed), Clock.systemUTC());
        MqttXrfPublisher xrf = new MqttXrfPublisher(xrfPhysics, instruments, agent.topics().xrfResult("xrf-1"));
        say("simulated XRF analyzer publishing on " + xrf.topic());
        waitFor(progress::scaleConnected, 10_000, "the scale to connect");
        commission(agent, scaleConfig.id(), scaleConfig.metrology(), physics, xrfPhysics);

        for (DemoScenario.Consignment c : DemoScenario.standard().consignments()) {
            say("--- consignment " + c.declarationId() + ": " + c.story());
            agent.submitDeclaration(declarations.resolve(c.declarationFile())).get();
            for (DemoScenario.TrueItem item : c.items()) {
                String label = c.declarationId() + "/" + item.itemId();
                // As the inspector's tablet would: the inspector's own command topic, answered once journaled.
                String correlationId = "demo-select-" + (++selections);
                instruments.publish(agent.topics().officerCommand("inspector", "select"), String.format(
                        "{\"correlationId\":\"%s\",\"declarationId\":\"%s\",\"itemId\":\"%s\"}", correlationId,
                        c.declarationId(), item.itemId()), 1, false);
                waitFor(() -> replies.containsKey(correlationId), 5_000, "the agent's reply to selecting " + label);
                JsonNode reply = replies.get(correlationId);
                say("SIM   inspector selects " + label + ": " + (reply.path("accepted").asBoolean()
                        ? "accepted, journal record " + reply.path("journalSeq").asLong()
                        : "refused: " + reply.path("reason").asText()));
                waitFor(() -> label.equals(String.valueOf(agent.activeItem())), 5_000, "the bench to take item " + label);
                say("SIM   item " + label + " on the scale (truth: " + item.truth() + ")");
                int weighingsBefore = progress.weighings;
                physics.setLoad(item.trueGrams());
                waitFor(() -> progress.weighings > weighingsBefore, 15_000, "a stable weighing of " + label);
                int shotsBefore = progress.shots;
                for (int shot = 0; shot < 3; shot++) {
                    xrf.shoot(item.surface(), 10.0, label);
                    Thread.sleep(400);
                }
                waitFor(() -> progress.shots >= shotsBefore + 3, 10_000, "the XRF shots of " + label);
                physics.setLoad(BigDecimal.ZERO);
                waitFor(() -> !progress.loadOnPan(), 15_000, "the pan to be empty");
            }
            Verdict v = agent.verdict(c.declarationId());
            say("--- consignment " + c.declarationId() + " done: lane " + (v == null ? "none" : v.lane()));
        }
        say("journal: " + agent.journalFile() + "; try: ./touchstone journal verify --journal " + agent.journalFile()
                + " and ./touchstone journal export --journal " + agent.journalFile() + " --inspection DEMO-0002 --out /tmp");
    }

    /**
     * Commissions the post's instruments as a technician would before the first consignment: a short verification
     * of the scale with reference weights, and a check-standard run on the XRF analyzer. The records go to the
     * agent's journal; without them every lane would stay short of GREEN.
     */
    private void commission(Agent agent, String scaleId, ScaleMetrology metrology, SimulatedScale physics,
                            SimulatedXrfAnalyzer xrfPhysics) throws Exception {
        say("--- commissioning: the technician verifies " + scaleId + " and checks xrf-1 with reference materials");
        ScaleProcedure procedure = new ScaleProcedure("demo technician",
                new ReferenceWeightSet("WS-DEMO", "F1", "CAL-DEMO-001"), List.of(new BigDecimal("500"),
                new BigDecimal("2000"), metrology.capacityGrams()), new BigDecimal("2000"), 3, null, null, null, 365,
                "short commissioning verification");
        ScaleVerificationRecord scale = new ScaleVerification(metrology, procedure).run(scaleId, "SIM-XS6202-0001",
                new SimulatedScaleBench(physics, step -> say("TECH  " + step)), Clock.systemUTC());
        ScaleVerification.describe(scale).forEach(l -> say("TECH    " + l));
        say("TECH  " + scaleId + " verification " + (scale.passed() ? "PASSED" : "FAILED: " + scale.failures())
                + ", next due " + scale.nextDue().toString().substring(0, 10));
        agent.recordCalibration(scale).get();
        XrfCheckProcedure check = new XrfCheckProcedure("demo technician", List.of(CheckStandard.fineGold("AU-9999"),
                CheckStandard.gold18k("AU-750"), CheckStandard.sterlingSilver("AG-925")), 1, 1, false,
                "commissioning check-standard run");
        XrfCheckRecord xrf = new XrfCheck(check).run("xrf-1", new SimulatedXrfBench(xrfPhysics, 30,
                step -> say("TECH  " + step), r -> r), agent.calibrations().xrfHistory("xrf-1"), Clock.systemUTC());
        XrfCheck.describe(xrf).forEach(l -> say("TECH    " + l));
        say("TECH  xrf-1 check-standard run " + (xrf.passed() ? "PASSED" : "FAILED: " + xrf.failures())
                + ", next due " + xrf.nextDue().toString().substring(0, 10));
        agent.recordCalibration(xrf).get();
        say("TECH  trust: " + scaleId + " " + agent.calibrations().trustAt(scaleId, java.time.Instant.now()).state()
                + ", xrf-1 " + agent.calibrations().trustAt("xrf-1", java.time.Instant.now()).state());
    }

    /** Writes this run's officers, one per role, and returns their passwords. */
    static Map<String, String> demoOfficers(Path file) throws java.io.IOException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        PasswordHasher hasher = new PasswordHasher();
        Map<String, String> passwords = new java.util.LinkedHashMap<>();
        List<Officer> officers = new ArrayList<>();
        for (Role role : new Role[] {Role.INSPECTOR, Role.SUPERVISOR, Role.TECHNICIAN}) {
            StringBuilder pw = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                pw.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            passwords.put(role.text(), pw.toString());
            officers.add(new Officer(role.text(), "Demo " + role.text(), java.util.Set.of(role),
                    hasher.hash(pw.toString().toCharArray())));
        }
        OfficersFile.write(file, officers);
        return passwords;
    }

    /** Follows the agent's events so the scenario can pace itself like an inspector would. */
    private static final class Progress implements AgentEvents {
        volatile int weighings;
        volatile int shots;
        volatile boolean connected;
        volatile long lastWeighingNanos;

        @Override
        public void weighingRecorded(String declarationId, String itemId, Weighing weighing) {
            weighings++;
            lastWeighingNanos = System.nanoTime();
        }

        @Override
        public void xrfShotRecorded(String declarationId, String itemId, XrfReading shot) {
            shots++;
        }

        @Override
        public void deviceStatus(String deviceId, String state, String detail) {
            connected = "CONNECTED".equals(state);
        }

        boolean scaleConnected() {
            return connected;
        }

        boolean loadOnPan() {
            // The simulator settles in 1.5 s; give the unloaded pan 2.5 s before the next item goes on.
            return System.nanoTime() - lastWeighingNanos < TimeUnit.MILLISECONDS.toNanos(2500);
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, long timeoutMillis, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeoutMillis + " ms");
            }
            Thread.sleep(50);
        }
    }

    private void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable r : new ArrayList<>(resources)) {
            try {
                r.close();
            } catch (Exception e) {
                System.err.println("touchstone demo: while stopping: " + e);
            }
        }
        resources.clear();
        say("demo stopped");
    }

    private void say(String text) {
        out.printf(Locale.ROOT, "%s  %s%n", LocalTime.now().format(TIME), text);
        out.flush();
    }
}
