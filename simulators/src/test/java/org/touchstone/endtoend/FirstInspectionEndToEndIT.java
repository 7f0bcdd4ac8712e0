package org.touchstone.endtoend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Agent;
import org.touchstone.agent.Json;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.calibration.CheckStandard;
import org.touchstone.agent.calibration.ReferenceWeightSet;
import org.touchstone.agent.calibration.ScaleProcedure;
import org.touchstone.agent.calibration.ScaleVerification;
import org.touchstone.agent.calibration.ScaleVerificationRecord;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.calibration.XrfCheck;
import org.touchstone.agent.calibration.XrfCheckProcedure;
import org.touchstone.agent.calibration.XrfCheckRecord;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.devices.PostDevices;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.MessageId;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
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
import org.touchstone.sim.xrf.XrfSample;

/**
 * The whole first slice, for real: a simulated MT-SICS scale on a virtual serial port read with jSerialComm, a
 * simulated XRF analyzer publishing over MQTT, declarations from a watched folder and from MQTT, the agent, and an
 * independent MQTT consumer asserting what comes out. Hostile input is thrown at it on the way.
 */
class FirstInspectionEndToEndIT {

    private static final Path DEMO_DECLARATIONS = Path.of("..", "config", "declarations", "demo");

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ObjectMapper json = Json.mapper();
    private final Recorder events = new Recorder();
    private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();
    private final List<JsonNode> verdicts = new CopyOnWriteArrayList<>();
    private final List<String> presence = new CopyOnWriteArrayList<>();
    private ScaleSimulator scale;
    private SimulatedScale physics;
    private Agent agent;
    private MqttConnection instruments;
    private MqttXrfPublisher xrf;
    private String postId;

    @BeforeEach
    void startPost() throws Exception {
        String url = TestBroker.url();
        postId = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Path link = dir.resolve("scale-1");
        physics = SimulatedScale.of(new BigDecimal("6200"), new BigDecimal("0.1"), new BigDecimal("0.01"), 7);
        scale = new ScaleSimulator(physics, Dialects.forProtocol("mt-sics", physics, "SIM-0001", false));
        scale.startPty(link);
        open.add(scale);
        Files.createDirectories(dir.resolve("incoming"));
        String yaml = """
                post:
                  id: %s
                mqtt:
                  url: %s
                scales:
                  - id: scale-1
                    protocol: mt-sics
                    serial:
                      path: %s
                    pollIntervalMillis: 100
                    accuracyClass: II
                    verificationIntervalGrams: 0.1
                    capacityGrams: 6200
                xrfAnalyzers:
                  - id: xrf-1
                declarations:
                  folder: incoming
                dataDirectory: data
                """.formatted(postId, url, link);
        AgentConfig config = new ConfigLoader().parse(yaml, "it.yaml");
        agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(), new PostDevices(), List.of(events));
        agent.useOfficers(OfficerBook.of(List.of(new Officer("officer-17", "Officer 17",
                Set.of(Role.INSPECTOR, Role.SUPERVISOR), new PasswordHasher(PasswordHasher.MINIMUM_ITERATIONS)
                .hash("e2e password 17".toCharArray())))));
        agent.start();
        open.add(0, agent);

        MqttConnection consumer = new MqttConnection(MqttSettings.anonymous(url, postId + "-hq"), null);
        consumer.subscribe(agent.topics().alerts(), 1, (t, p) -> alerts.add(json.readTree(p)));
        consumer.subscribe(agent.topics().verdict("+"), 1, (t, p) -> verdicts.add(json.readTree(p)));
        consumer.subscribe(agent.topics().status(), 1, (t, p) -> presence.add(json.readTree(p).path("state").asText()));
        assertTrue(consumer.startAndAwait(10_000), "consumer connects to " + url);
        open.add(0, consumer);
        instruments = new MqttConnection(MqttSettings.anonymous(url, postId + "-instruments"), null);
        assertTrue(instruments.startAndAwait(10_000));
        open.add(0, instruments);
        xrf = new MqttXrfPublisher(new SimulatedXrfAnalyzer("xrf-1", new Random(7), Clock.systemUTC()), instruments,
                agent.topics().xrfResult("xrf-1"));
        await().atMost(Duration.ofSeconds(10)).until(agent::mqttConnected);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.deviceStates.contains("scale-1:CONNECTED"));
        // A technician commissions both instruments from another process, as `touchstone calibrate` would: the
        // records go into the agent's journal, and the agent picks them up while it runs.
        calibrateScale(PASSED);
        try (SqliteJournal technician = new SqliteJournal(agent.journalFile(), json, Clock.systemUTC())) {
            XrfCheckRecord check = new XrfCheck(new XrfCheckProcedure("IT technician", List.of(
                    CheckStandard.fineGold("AU-9999"), CheckStandard.gold18k("AU-750")), 1, 1, false, null))
                    .run("xrf-1", new SimulatedXrfBench(new SimulatedXrfAnalyzer("xrf-1", new Random(70),
                            Clock.systemUTC())), List.of(), Clock.systemUTC());
            assertTrue(check.passed(), () -> String.join("\n", XrfCheck.describe(check)));
            new CalibrationBook(json).append(technician, check);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.calibrations().trustAt("scale-1", Instant.now()).trusted()
                && agent.calibrations().trustAt("xrf-1", Instant.now()).trusted());
    }

    private static final boolean PASSED = true;

    /** Verifies the simulated scale with reference weights and journals the record as a separate process would. */
    private ScaleVerificationRecord calibrateScale(boolean expectPass) {
        try (SqliteJournal technician = new SqliteJournal(agent.journalFile(), json, Clock.systemUTC())) {
            ScaleVerificationRecord r = new ScaleVerification(new ScaleMetrology(AccuracyClass.II,
                    new BigDecimal("0.1"), new BigDecimal("6200")), ScaleProcedure.standard("IT technician",
                    new ReferenceWeightSet("WS-IT", "F1", "CAL-IT-1"))).run("scale-1", "SIM-0001",
                    new SimulatedScaleBench(physics, s -> { }), Clock.systemUTC());
            assertEquals(expectPass, r.passed(), () -> String.join("\n", ScaleVerification.describe(r)));
            new CalibrationBook(json).append(technician, r);
            return r;
        }
    }

    @AfterEach
    void stopPost() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // Keep closing the rest.
            }
        }
    }

    @Test
    void honestConsignmentGoesGreen_misdeclaredOneRaisesOneRedAlert_hostileInputIsRefusedAndTheAgentCarriesOn()
            throws Exception {
        // Headquarters sees the post online (a retained status, with "offline" as the agent's last will).
        await().atMost(Duration.ofSeconds(10)).until(() -> presence.contains("online"));

        // Hostile and malformed input first: each is refused with a reason naming where it came from.
        instruments.publish(agent.topics().xrfResult("xrf-1"), "not json at all", 1, false);
        instruments.publish(agent.topics().xrfResult("xrf-1"), "{\"elements\":\"Au\"}", 1, false);
        instruments.publish(agent.topics().xrfResult("xrf-1"), new byte[70_000], 1, false);
        instruments.publish(agent.topics().xrfResult("xrf-9"), "{\"elements\":[]}", 1, false);
        instruments.publish(agent.topics().activeItemCommand(), "{\"declarationId\": 5}", 1, false);
        instruments.publish(agent.topics().declarations(), "{\"declarationId\":\"X\",\"items\":[]}", 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.rejected.size() >= 6);
        assertTrue(events.rejected.stream().anyMatch(r -> r.contains("/xrf/xrf-1/result") && r.contains("not valid JSON")),
                events.rejected::toString);
        assertTrue(events.rejected.stream().anyMatch(r -> r.contains("elements: must be an array")), events.rejected::toString);
        assertTrue(events.rejected.stream().anyMatch(r -> r.contains("exceeds the limit")), events.rejected::toString);
        assertTrue(events.rejected.stream().anyMatch(r -> r.contains("no XRF analyzer 'xrf-9'")), events.rejected::toString);
        assertTrue(events.rejected.stream().anyMatch(r -> r.contains("items: must be a non-empty array")),
                events.rejected::toString);

        // The honest consignment arrives over MQTT, the misdeclared one through the watched folder.
        instruments.publish(agent.topics().declarations(),
                Files.readAllBytes(DEMO_DECLARATIONS.resolve("DEMO-0001-honest.json")), 1, false);
        Files.copy(DEMO_DECLARATIONS.resolve("DEMO-0002-misdeclared.json"), dir.resolve("incoming/DEMO-0002.json"));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.declarations.containsAll(List.of("DEMO-0001", "DEMO-0002")));

        inspect("DEMO-0001", "1", "1000.03", Map.of("Au", 99.993, "Ag", 0.007));
        inspect("DEMO-0001", "2", "245.58", Map.of("Au", 75.15, "Ag", 12.5, "Cu", 12.35));
        inspect("DEMO-0002", "1", "1000.01", Map.of("Au", 91.70, "Ag", 4.20, "Cu", 4.10));
        inspect("DEMO-0002", "2", "612.40", Map.of("Au", 99.55, "Ag", 0.40, "Cu", 0.05));

        await().atMost(Duration.ofSeconds(10)).until(() -> lastVerdict("DEMO-0001") != null
                && lastVerdict("DEMO-0002") != null && lastVerdict("DEMO-0002").path("complete").asBoolean());
        JsonNode honest = lastVerdict("DEMO-0001");
        assertEquals("GREEN", honest.path("lane").asText(), honest::toPrettyString);
        assertTrue(honest.path("complete").asBoolean());
        assertEquals(0, honest.path("findings").size());
        assertTrue(honest.path("notTested").toString().contains("XRF reads only the surface"));

        // The inspector closes the honest inspection over MQTT: journaled under its id, shown, and a second closure
        // is refused with the reason. Nothing was missing, so the decision stays GREEN.
        instruments.publish(agent.topics().closeInspectionCommand(), "{\"declarationId\": \"DEMO-0001\"}", 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.closed.contains("DEMO-0001"));
        instruments.publish(agent.topics().closeInspectionCommand(), "{\"declarationId\": \"DEMO-0001\"}", 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.rejected.stream()
                .anyMatch(r -> r.contains("cmd/close-inspection") && r.contains("no open inspection for declaration 'DEMO-0001'")));
        try (SqliteJournal copy = new SqliteJournal(agent.journalFile(), json, Clock.systemUTC())) {
            assertEquals(1, copy.records("DEMO-0001").stream().filter(r -> r.is(RecordType.INSPECTION_CLOSED)).count());
        }
        assertEquals("GREEN", agent.verdict("DEMO-0001").lane().name());

        JsonNode red = lastVerdict("DEMO-0002");
        assertEquals("RED", red.path("lane").asText());
        Set<String> findings = new HashSet<>();
        red.path("findings").forEach(f -> findings.add(f.path("code").asText() + "/" + f.path("itemId").asText()));
        assertEquals(Set.of("FINENESS_BELOW_DECLARED/1", "MASS_DISCREPANCY/2"), findings);
        JsonNode mass = red.path("findings").findValues("evidence").stream()
                .filter(e -> e.has("direction")).findFirst().orElseThrow();
        assertEquals("EXCESS", mass.path("direction").asText());
        assertEquals(612.40, mass.path("measuredGrams").asDouble(), 0.05);

        // One alert per inspection, updated under its stable id; none for the honest consignment.
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.stream()
                .anyMatch(a -> a.path("verdict").path("complete").asBoolean()));
        Set<String> alertIds = alerts.stream().map(a -> a.path("alertId").asText()).collect(Collectors.toSet());
        assertEquals(Set.of(postId + ":DEMO-0002"), alertIds);
        assertEquals("RAISED", alerts.get(0).path("state").asText());
        List<Integer> revisions = alerts.stream().map(a -> a.path("revision").asInt()).toList();
        assertEquals(revisions.stream().sorted().distinct().toList(), revisions, "revisions arrive in order, once each");

        // Journal before telling: every alert that reached MQTT was created by an alert record of the journal, whose
        // sequence number its message id carries (<post>:<seq>:<index>).
        List<JournalRecord> journal = new ArrayList<>();
        try (SqliteJournal copy = new SqliteJournal(agent.journalFile(), json, Clock.systemUTC())) {
            copy.forEach(journal::add);
        }
        Set<String> journaledAlerts = journal.stream().filter(e -> e.is(RecordType.ALERT))
                .map(e -> MessageId.of(postId, e.seq(), 0)).collect(Collectors.toSet());
        for (JsonNode a : alerts) {
            assertTrue(journaledAlerts.contains(a.path("messageId").asText()), "journaled: " + a.path("messageId"));
        }
        assertTrue(journal.stream().filter(e -> e.is(RecordType.READING)).count() >= 12);
        assertFalse(events.unbound.stream().anyMatch(u -> u.contains("xrf-1")), events.unbound::toString);

        // A forged officer on the post's tools topic is refused; the officer answers on the officer's own topic
        // (the broker's ACL ties it to the officer's account): acknowledged, then closed as seized; a made-up
        // outcome is refused.
        String alertId = postId + ":DEMO-0002";
        instruments.publish(agent.topics().alertCloseCommand(),
                "{\"alertId\":\"" + alertId + "\",\"by\":\"Chief Inspector\",\"outcome\":\"RELEASED\"}", 1, false);
        instruments.publish(agent.topics().officerCommand("officer-17", "alert-ack"), "{\"correlationId\":\"e2e-1\","
                + "\"alertId\":\"" + alertId + "\",\"note\":\"held at bay 3\"}", 1, false);
        instruments.publish(agent.topics().officerCommand("officer-17", "alert-close"), "{\"correlationId\":\"e2e-2\","
                + "\"alertId\":\"" + alertId + "\",\"outcome\":\"BURNED\"}", 1, false);
        instruments.publish(agent.topics().officerCommand("officer-17", "alert-close"), "{\"correlationId\":\"e2e-3\","
                + "\"alertId\":\"" + alertId + "\",\"outcome\":\"SEIZED\",\"note\":\"seal TS-0042\"}", 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.stream().anyMatch(a -> a.path("state").asText().equals("CLOSED")));
        JsonNode closed = alerts.get(alerts.size() - 1);
        assertEquals(alertId, closed.path("alertId").asText());
        assertEquals("SEIZED", closed.path("closure").path("outcome").asText());
        assertEquals("officer-17", closed.path("acknowledgement").path("by").asText());
        assertEquals("officer-17", closed.path("closure").path("by").asText());
        assertTrue(events.rejected.stream().anyMatch(r -> r.contains("cmd/alert-close")
                && r.contains("needs an authenticated officer")), events.rejected::toString);
        assertFalse(alerts.stream().anyMatch(a -> a.toString().contains("Chief Inspector")
                || a.path("closure").path("outcome").asText().equals("RELEASED")), "the forged closure did nothing");
        assertTrue(alerts.stream().anyMatch(a -> a.path("state").asText().equals("ACKNOWLEDGED")));
        assertTrue(events.rejected.stream().anyMatch(r -> r.contains("outcome: must be RELEASED, DETAINED, SAMPLED or SEIZED")),
                events.rejected::toString);
        assertTrue(Files.readString(agent.dataDirectory().resolve("alerts.jsonl")).contains("seal TS-0042"),
                "every alert revision is in the alert file");
    }

    @Test
    void scaleThatFailsItsVerification_itsReadingsNoLongerGiveGreen_andTheDeviceIsNamed() throws Exception {
        physics.setSpanError(5e-5);
        calibrateScale(!PASSED);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                agent.calibrations().trustAt("scale-1", Instant.now()).state() == TrustState.FAILED);
        // The scale still weighs an honest kilobar within tolerance; it is the trust that is gone.
        physics.setSpanError(0);
        instruments.publish(agent.topics().declarations(),
                Files.readAllBytes(DEMO_DECLARATIONS.resolve("DEMO-0001-honest.json")), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.declarations.contains("DEMO-0001"));
        inspect("DEMO-0001", "1", "1000.03", Map.of("Au", 99.993, "Ag", 0.007));
        inspect("DEMO-0001", "2", "245.58", Map.of("Au", 75.15, "Ag", 12.5, "Cu", 12.35));
        await().atMost(Duration.ofSeconds(10)).until(() -> lastVerdict("DEMO-0001") != null
                && lastVerdict("DEMO-0001").path("complete").asBoolean());
        JsonNode v = lastVerdict("DEMO-0001");
        assertEquals("YELLOW", v.path("lane").asText(), v::toPrettyString);
        Set<String> findings = new HashSet<>();
        v.path("findings").forEach(f -> findings.add(f.path("code").asText() + "/" + f.path("itemId").asText()));
        assertEquals(Set.of("INCOMPLETE_INSPECTION/1", "INCOMPLETE_INSPECTION/2"), findings);
        JsonNode evidence = v.path("findings").get(0).path("evidence");
        assertEquals("scale-1", evidence.path("devicesNeedingCheck").get(0).asText(), evidence::toPrettyString);
        assertEquals("FAILED", evidence.path("devices").get(0).path("trust").asText());
        assertTrue(v.path("findings").get(0).path("message").asText().contains("Check scale-1"));
    }

    private void inspect(String declarationId, String itemId, String grams, Map<String, Double> surface) throws Exception {
        String label = declarationId + "/" + itemId;
        instruments.publish(agent.topics().activeItemCommand(),
                "{\"declarationId\":\"" + declarationId + "\",\"itemId\":\"" + itemId + "\"}", 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> label.equals(String.valueOf(agent.activeItem())));
        int weighings = events.weighings.size();
        physics.setLoad(new BigDecimal(grams));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.weighings.size() > weighings);
        String[] last = events.weighings.get(events.weighings.size() - 1).split("=");
        assertEquals(label, last[0]);
        // The simulated balance rests with noise of 0.3 d (d = 0.01 g): a weighing lands within a few d of the truth.
        assertEquals(Double.parseDouble(grams), Double.parseDouble(last[1]), 0.03, "weighing of " + label);
        int shots = events.shots.size();
        for (int i = 0; i < 3; i++) {
            xrf.shoot(XrfSample.homogeneous(surface), 10.0, label);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> events.shots.size() >= shots + 3);
        // Unload and let the driver see the empty pan, so the next item starts a new weighing.
        physics.setLoad(BigDecimal.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(physics::isStable);
        long answered = scale.framesWritten();
        await().atMost(Duration.ofSeconds(5)).until(() -> scale.framesWritten() >= answered + 2);
    }

    private JsonNode lastVerdict(String declarationId) {
        JsonNode last = null;
        for (JsonNode v : verdicts) {
            if (v.path("declarationId").asText().equals(declarationId)) {
                last = v;
            }
        }
        return last;
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("journal line is not JSON: " + line, e);
        }
    }

    /** Records what the agent reports, after journaling. */
    private static final class Recorder implements AgentEvents {
        final List<String> rejected = new CopyOnWriteArrayList<>();
        final List<String> unbound = new CopyOnWriteArrayList<>();
        final List<String> weighings = new CopyOnWriteArrayList<>();
        final List<String> shots = new CopyOnWriteArrayList<>();
        final Set<String> declarations = Collections.synchronizedSet(new HashSet<>());
        final Set<String> deviceStates = Collections.synchronizedSet(new HashSet<>());
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public void inspectionClosed(String declarationId, String source) {
            closed.add(declarationId);
        }

        @Override
        public void declarationAccepted(org.touchstone.agent.declaration.Declaration d, String source) {
            declarations.add(d.declarationId());
        }

        @Override
        public void declarationRejected(String source, String reason) {
            rejected.add(source + ": " + reason);
        }

        @Override
        public void inputRejected(String source, String reason) {
            rejected.add(source + ": " + reason);
        }

        @Override
        public void readingUnbound(org.touchstone.drivers.reading.Reading reading, String reason) {
            unbound.add(reading.deviceId() + ": " + reason);
        }

        @Override
        public void weighingRecorded(String declarationId, String itemId, Weighing w) {
            weighings.add(declarationId + "/" + itemId + "=" + w.reading().value().toPlainString());
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
}
