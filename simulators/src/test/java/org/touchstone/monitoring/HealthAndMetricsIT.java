package org.touchstone.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Agent;
import org.touchstone.agent.Json;
import org.touchstone.agent.calibration.CheckStandard;
import org.touchstone.agent.calibration.ReferenceWeightSet;
import org.touchstone.agent.calibration.ScaleProcedure;
import org.touchstone.agent.calibration.ScaleVerification;
import org.touchstone.agent.calibration.XrfCheck;
import org.touchstone.agent.calibration.XrfCheckProcedure;
import org.touchstone.agent.calibration.XrfCheckRecord;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.ConsoleConfig;
import org.touchstone.agent.console.Console;
import org.touchstone.agent.devices.PostDevices;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.monitoring.Monitoring;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.OfficersFile;
import org.touchstone.agent.security.PasswordHasher;
import org.touchstone.agent.security.Role;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.sim.broker.MosquittoProcess;
import org.touchstone.sim.calibration.SimulatedScaleBench;
import org.touchstone.sim.calibration.SimulatedXrfBench;
import org.touchstone.sim.scale.Dialects;
import org.touchstone.sim.scale.ScaleSimulator;
import org.touchstone.sim.scale.SimulatedScale;
import org.touchstone.sim.xrf.MqttXrfPublisher;
import org.touchstone.sim.xrf.SimulatedXrfAnalyzer;
import org.touchstone.sim.xrf.XrfSample;

/**
 * Health and metrics scraped over real HTTP while a simulated MT-SICS scale (virtual serial port) and a simulated
 * XRF analyzer (MQTT) drive two inspections through a Mosquitto this test starts, stops and starts again.
 *
 * <p>Expected amounts come from what the test itself did (items placed, shots fired, hostile payloads sent) and
 * from the agent's journal read independently of the metrics (reading and verdict records), never from the
 * metrics code.
 */
class HealthAndMetricsIT {

    private static final Path DEMO_DECLARATIONS = Path.of("..", "config", "declarations", "demo");

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> weighings = new CopyOnWriteArrayList<>();
    private final List<String> shots = new CopyOnWriteArrayList<>();
    private final List<String> deviceStates = new CopyOnWriteArrayList<>();
    private final List<String> declarations = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private MosquittoProcess broker;
    private SimulatedScale physics;
    private ScaleSimulator scale;
    private Agent agent;
    private MqttConnection instruments;
    private MqttXrfPublisher xrf;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // Keep closing the rest.
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void countersMoveByWhatTheInspectionsDid_readinessFollowsTheBrokerTheOutboxAndTheScale() throws Exception {
        String base = startPost(true);

        // Live at once; ready once the broker and the scale are connected.
        assertEquals(200, get(base + "/health/live").statusCode());
        awaitReady(base, true);
        JsonNode ready = json.readTree(get(base + "/health/ready").body());
        assertEquals(Set.of("desk", "broker", "journal", "outbox", "device:scale-1", "device:xrf-1"), names(ready));
        // No login for health and metrics; the console's pages still want one.
        HttpResponse<String> page = get(base + "/inspections");
        assertEquals(303, page.statusCode());
        assertEquals("/login", page.headers().firstValue("Location").orElse(""));

        Map<String, Double> before = scrape(base);
        assertEquals(1.0, value(before, "touchstone_mqtt_connected", Map.of()));
        assertEquals(1.0, value(before, "touchstone_device_state", Map.of("device", "scale-1", "state", "CONNECTED")));
        assertEquals(0.0, value(before, "touchstone_device_state", Map.of("device", "scale-1", "state", "DISCONNECTED")));
        assertEquals(1.0, value(before, "touchstone_device_trust", Map.of("device", "scale-1", "state", "TRUSTED")));
        assertEquals(1.0, value(before, "touchstone_device_trust", Map.of("device", "xrf-1", "state", "TRUSTED")));

        // Three bad payloads on the analyzer's own topic (rejected frames of xrf-1), one for an analyzer nobody
        // configured and one garbled command (inputs rejected), one declaration without items (refused).
        instruments.publish(agent.topics().xrfResult("xrf-1"), "not json at all", 1, false);
        instruments.publish(agent.topics().xrfResult("xrf-1"), "{\"elements\":\"Au\"}", 1, false);
        instruments.publish(agent.topics().xrfResult("xrf-1"), new byte[70_000], 1, false);
        instruments.publish(agent.topics().xrfResult("xrf-9"), "{\"elements\":[]}", 1, false);
        instruments.publish(agent.topics().activeItemCommand(), "{\"declarationId\": 5}", 1, false);
        instruments.publish(agent.topics().declarations(), "{\"declarationId\":\"X\",\"items\":[]}", 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.size() >= 6);

        // The demo's honest consignment (GREEN) and its misdeclared one (RED: FirstInspectionEndToEndIT), two items
        // each, one weighing and three XRF shots per item.
        for (String file : List.of("DEMO-0001-honest.json", "DEMO-0002-misdeclared.json")) {
            instruments.publish(agent.topics().declarations(), Files.readAllBytes(DEMO_DECLARATIONS.resolve(file)), 1,
                    false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> declarations.containsAll(List.of("DEMO-0001", "DEMO-0002")));
        inspect("DEMO-0001", "1", "1000.03", Map.of("Au", 99.993, "Ag", 0.007));
        inspect("DEMO-0001", "2", "245.58", Map.of("Au", 75.15, "Ag", 12.5, "Cu", 12.35));
        inspect("DEMO-0002", "1", "1000.01", Map.of("Au", 91.70, "Ag", 4.20, "Cu", 4.10));
        inspect("DEMO-0002", "2", "612.40", Map.of("Au", 99.55, "Ag", 0.40, "Cu", 0.05));
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.verdict("DEMO-0002").complete());
        assertEquals("GREEN", agent.verdict("DEMO-0001").lane().name());
        assertEquals("RED", agent.verdict("DEMO-0002").lane().name());
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.outboxBacklog() == 0);

        // Everything handed to the desk so far is decided (and told) after this barrier; the journal is then read
        // before and after the scrape, since the scale keeps sending readings while it rests.
        agent.onDesk(() -> { }).get();
        Journal j1 = Journal.read(agent.journalFile(), json);
        Map<String, Double> after = scrape(base);
        Journal j2 = Journal.read(agent.journalFile(), json);

        assertEquals(4.0, delta(before, after, "touchstone_weighings_total", Map.of("device", "scale-1", "medium", "AIR")));
        assertEquals(12.0, delta(before, after, "touchstone_xrf_shots_total", Map.of("device", "xrf-1")));
        assertEquals(12.0, delta(before, after, "touchstone_readings_total", Map.of("device", "xrf-1", "kind", "xrf")));
        assertEquals(3.0, delta(before, after, "touchstone_frames_rejected_total", Map.of("device", "xrf-1")));
        assertEquals(2.0, delta(before, after, "touchstone_inputs_rejected_total", Map.of()));
        assertEquals(1.0, delta(before, after, "touchstone_declarations_total", Map.of("outcome", "refused")));
        assertEquals(2.0, delta(before, after, "touchstone_declarations_total", Map.of("outcome", "accepted")));
        double scaleReadings = value(after, "touchstone_readings_total", Map.of("device", "scale-1", "kind", "weight"));
        assertTrue(j1.readings("scale-1") <= scaleReadings && scaleReadings <= j2.readings("scale-1"),
                () -> "scale-1 readings: metric " + scaleReadings + ", journal " + j1.readings("scale-1") + ".."
                        + j2.readings("scale-1"));
        // Verdicts by lane, as the journal's verdict records have them (all of them came after `before`, whose
        // scrape happened before any declaration).
        assertTrue(j1.verdictsByLane().keySet().containsAll(Set.of("GREEN", "RED")), j1.verdictsByLane()::toString);
        for (var lane : j1.verdictsByLane().entrySet()) {
            assertEquals(lane.getValue().doubleValue(), delta(before, after, "touchstone_verdicts_total",
                    Map.of("lane", lane.getKey())), "verdicts in lane " + lane.getKey());
        }
        // One latency per verdict that followed a reading bound to its inspection (journal order).
        assertEquals(j1.verdictsAfterAReading(), delta(before, after, "touchstone_frame_to_verdict_seconds_count",
                Map.of()));
        double slowest = value(after, "touchstone_frame_to_verdict_seconds_max", Map.of());
        double count = value(after, "touchstone_frame_to_verdict_seconds_count", Map.of());
        System.out.printf(java.util.Locale.ROOT, "frame-to-verdict over HTTP scrape: %.0f verdicts, mean %.1f ms,"
                + " max %.1f ms, within 25 ms: %.0f, within 100 ms: %.0f%n", count,
                1000 * value(after, "touchstone_frame_to_verdict_seconds_sum", Map.of()) / count, 1000 * slowest,
                value(after, "touchstone_frame_to_verdict_seconds_bucket", Map.of("le", "0.025")),
                value(after, "touchstone_frame_to_verdict_seconds_bucket", Map.of("le", "0.1")));
        assertTrue(slowest > 0 && slowest < 10, "slowest frame-to-verdict " + slowest + " s");
        assertEquals(j1.verdictsAfterAReading(), value(after, "touchstone_frame_to_verdict_seconds_bucket",
                Map.of("le", "10.0")));
        assertEquals(0.0, value(after, "touchstone_outbox_backlog_messages", Map.of()));
        assertEquals(0.0, value(after, "touchstone_outbox_oldest_age_seconds", Map.of()));
        assertTrue(value(after, "touchstone_outbox_published_messages_total", Map.of()) >= j1.verdicts());
        double size = value(after, "touchstone_journal_size_bytes", Map.of());
        assertTrue(j1.bytes <= size && size <= j2.bytes, () -> "journal size " + size + " vs " + j1.bytes + ".."
                + j2.bytes);
        assertEquals(4096.0 * 1048576, value(after, "touchstone_journal_limit_bytes", Map.of()));

        // The broker goes away: not ready, naming the broker; still live.
        broker.stop();
        JsonNode down = awaitReady(base, false);
        assertTrue(failing(down).contains("broker"), down::toPrettyString);
        assertTrue(check(down, "broker").path("detail").asText().contains("not connected to " + broker.url()));
        assertEquals(200, get(base + "/health/live").statusCode());
        assertEquals(0.0, value(scrape(base), "touchstone_mqtt_connected", Map.of()));

        // The scale's cable is pulled meanwhile: its state change waits in the outbox (limit 0 in this post).
        scale.unplug();
        await().atMost(Duration.ofSeconds(20)).until(() -> deviceStates.contains("scale-1:DISCONNECTED"));
        agent.onDesk(() -> { }).get(); // every sink, the metrics too, has been told (they are told in turn)
        JsonNode worse = awaitReady(base, false);
        assertEquals(Set.of("broker", "outbox", "device:scale-1"), Set.copyOf(failing(worse)), worse::toPrettyString);
        assertTrue(check(worse, "device:scale-1").path("detail").asText().startsWith("DISCONNECTED: "),
                worse::toPrettyString);
        assertTrue(check(worse, "outbox").path("detail").asText().contains("more than monitoring.outboxBacklogLimit (0)"),
                worse::toPrettyString);
        Map<String, Double> offline = scrape(base);
        assertTrue(value(offline, "touchstone_outbox_backlog_messages", Map.of()) >= 1);
        assertEquals(1.0, value(offline, "touchstone_device_state", Map.of("device", "scale-1", "state", "DISCONNECTED")));
        assertEquals(0.0, value(offline, "touchstone_device_state", Map.of("device", "scale-1", "state", "CONNECTED")));

        // Cable and broker back: ready again, the outbox drained.
        scale.replug();
        broker.restart();
        JsonNode back = awaitReady(base, true);
        assertEquals("UP", back.path("status").asText());
        Map<String, Double> again = scrape(base);
        assertEquals(1.0, value(again, "touchstone_mqtt_connected", Map.of()));
        assertEquals(0.0, value(again, "touchstone_outbox_backlog_messages", Map.of()));
    }

    @Test
    void withoutAConsole_monitoringPortServesHealthAndMetricsAlone() throws Exception {
        String base = startPost(false);
        awaitReady(base, true);
        assertEquals(200, get(base + "/health/live").statusCode());
        HttpResponse<String> metrics = get(base + "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals(1.0, value(parse(metrics.body()), "touchstone_mqtt_connected", Map.of()));
        assertEquals(404, get(base + "/inspections").statusCode(), "no console pages on the monitoring server");
    }

    /** Starts broker, scale, agent (with the console serving health and metrics, or a monitoring port alone). */
    private String startPost(boolean withConsole) throws Exception {
        broker = MosquittoProcess.in(dir.resolve("broker")).start();
        String url = broker.url();
        String postId = "mon-" + UUID.randomUUID().toString().substring(0, 8);
        Path link = dir.resolve("scale-1");
        physics = SimulatedScale.of(new BigDecimal("6200"), new BigDecimal("0.1"), new BigDecimal("0.01"), 7);
        scale = new ScaleSimulator(physics, Dialects.forProtocol("mt-sics", physics, "SIM-0001", false));
        scale.startPty(link);
        open.add(scale);
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
                dataDirectory: data
                monitoring:
                  outboxBacklogLimit: 0
                %s
                """.formatted(postId, url, link, withConsole ? "" : "  port: 0");
        AgentConfig config = new ConfigLoader().parse(yaml, "monitoring-it.yaml");
        ConfigLoader.Loaded loaded = new ConfigLoader.Loaded(config, dir);
        Monitoring monitoring = Monitoring.of(config, Clock.systemUTC());
        Console console = null;
        if (withConsole) {
            Path officersFile = dir.resolve("officers.yaml");
            OfficersFile.write(officersFile, List.of(new Officer("ana", "Ana Diallo", Set.of(Role.INSPECTOR),
                    new PasswordHasher(PasswordHasher.MINIMUM_ITERATIONS).hash("bench password 1".toCharArray()))));
            console = Console.of(loaded, ConsoleConfig.local(0), OfficerBook.load(officersFile), Clock.systemUTC());
        }
        List<AgentEvents> sinks = new ArrayList<>(List.of(new Recorder(), monitoring.events()));
        if (console != null) {
            sinks.add(console.events());
        }
        agent = new Agent(loaded, Clock.systemUTC(), new PostDevices(), sinks);
        agent.start();
        open.add(0, agent);
        var own = monitoring.start(agent);
        open.add(0, monitoring);
        String base;
        if (console != null) {
            base = console.start(agent, monitoring).toString().replaceAll("/$", "");
            open.add(0, console);
        } else {
            base = own.orElseThrow().toString().replaceAll("/$", "");
        }
        instruments = new MqttConnection(MqttSettings.anonymous(url, postId + "-instruments"), null);
        assertTrue(instruments.startAndAwait(10_000), "instruments connect to " + url);
        open.add(0, instruments);
        xrf = new MqttXrfPublisher(new SimulatedXrfAnalyzer("xrf-1", new Random(7), Clock.systemUTC()), instruments,
                agent.topics().xrfResult("xrf-1"));
        await().atMost(Duration.ofSeconds(10)).until(agent::mqttConnected);
        await().atMost(Duration.ofSeconds(10)).until(() -> deviceStates.contains("scale-1:CONNECTED"));
        commission();
        return base;
    }

    /** Both instruments checked by a technician, as the demo does: trusted. */
    private void commission() throws Exception {
        agent.recordCalibration(new ScaleVerification(new ScaleMetrology(AccuracyClass.II, new BigDecimal("0.1"),
                new BigDecimal("6200")), ScaleProcedure.standard("IT technician", new ReferenceWeightSet("WS-IT", "F1",
                "CAL-IT-1"))).run("scale-1", "SIM-0001", new SimulatedScaleBench(physics, s -> { }), Clock.systemUTC()))
                .get();
        XrfCheckRecord check = new XrfCheck(new XrfCheckProcedure("IT technician", List.of(
                CheckStandard.fineGold("AU-9999"), CheckStandard.gold18k("AU-750")), 1, 1, false, null))
                .run("xrf-1", new SimulatedXrfBench(new SimulatedXrfAnalyzer("xrf-1", new Random(70), Clock.systemUTC())),
                        List.of(), Clock.systemUTC());
        assertTrue(check.passed(), () -> String.join("\n", XrfCheck.describe(check)));
        agent.recordCalibration(check).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.calibrations().trustAt("scale-1", Instant.now()).trusted()
                && agent.calibrations().trustAt("xrf-1", Instant.now()).trusted());
    }

    private void inspect(String declarationId, String itemId, String grams, Map<String, Double> surface) throws Exception {
        String label = declarationId + "/" + itemId;
        instruments.publish(agent.topics().activeItemCommand(),
                "{\"declarationId\":\"" + declarationId + "\",\"itemId\":\"" + itemId + "\"}", 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> label.equals(String.valueOf(agent.activeItem())));
        int w = weighings.size();
        physics.setLoad(new BigDecimal(grams));
        await().atMost(Duration.ofSeconds(10)).until(() -> weighings.size() > w);
        int s = shots.size();
        for (int i = 0; i < 3; i++) {
            xrf.shoot(XrfSample.homogeneous(surface), 10.0, label);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> shots.size() >= s + 3);
        physics.setLoad(BigDecimal.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(physics::isStable);
        long answered = scale.framesWritten();
        await().atMost(Duration.ofSeconds(5)).until(() -> scale.framesWritten() >= answered + 2);
    }

    // ---- HTTP ----

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls /health/ready until it answers 200 (ready) or 503 (not), and returns that body. */
    private JsonNode awaitReady(String base, boolean ready) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> r = get(base + "/health/ready");
            last[0] = json.readTree(r.body());
            assertEquals(r.statusCode() == 200, "UP".equals(last[0].path("status").asText()), r::body);
            return r.statusCode() == (ready ? 200 : 503);
        });
        return last[0];
    }

    private static Set<String> names(JsonNode report) {
        Set<String> out = new java.util.HashSet<>();
        report.path("checks").forEach(c -> out.add(c.path("name").asText()));
        return out;
    }

    private static List<String> failing(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("checks").forEach(c -> {
            if (!c.path("ok").asBoolean()) {
                out.add(c.path("name").asText());
            }
        });
        return out;
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode c : report.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + report.toPrettyString());
    }

    // ---- Prometheus text, parsed here (the test's own reading of the exposition format) ----

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Map<String, Double> scrape(String base) throws Exception {
        HttpResponse<String> r = get(base + "/metrics");
        assertEquals(200, r.statusCode(), r::body);
        return parse(r.body());
    }

    /** Each sample keyed by its name and sorted labels, {@code name{a=x,b=y}}. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.strip());
            assertTrue(m.matches(), "a Prometheus sample line: " + line);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.put(key(m.group(1), labels), Double.parseDouble(m.group(4)));
        }
        return out;
    }

    private static String key(String name, Map<String, String> labels) {
        return name + labels;
    }

    /** A sample's value; every sample carries the post's tag, which the caller leaves out. 0 for an absent counter. */
    private double value(Map<String, Double> samples, String name, Map<String, String> labels) {
        Map<String, String> all = new TreeMap<>(labels);
        all.put("post", agent.topics().postId());
        Double v = samples.get(key(name, all));
        if (v == null && !name.endsWith("_total") && !name.endsWith("_count") && !name.endsWith("_bucket")) {
            throw new AssertionError("no sample " + key(name, all) + " in the scrape");
        }
        return v == null ? 0 : v;
    }

    private double delta(Map<String, Double> before, Map<String, Double> after, String name, Map<String, String> labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    /** What the journal file holds, read with a journal of the test's own. */
    private record Journal(long bytes, List<JournalRecord> records, ObjectMapper json) {
        static Journal read(Path file, ObjectMapper json) {
            try (SqliteJournal j = new SqliteJournal(file, json, Clock.systemUTC())) {
                List<JournalRecord> all = new ArrayList<>();
                j.forEach(all::add);
                return new Journal(j.sizeBytes(), all, json);
            }
        }

        long readings(String device) {
            return records.stream().filter(r -> r.is(RecordType.READING)).map(this::tree)
                    .filter(t -> device.equals(t.path("weight").path("deviceId").asText())
                            || device.equals(t.path("xrf").path("deviceId").asText())).count();
        }

        long verdicts() {
            return records.stream().filter(r -> r.is(RecordType.VERDICT)).count();
        }

        Map<String, Integer> verdictsByLane() {
            Map<String, Integer> out = new TreeMap<>();
            records.stream().filter(r -> r.is(RecordType.VERDICT))
                    .forEach(r -> out.merge(tree(r).path("verdict").path("lane").asText(), 1, Integer::sum));
            return out;
        }

        /** Verdict records with a weighing or shot of their inspection since the inspection's previous verdict. */
        double verdictsAfterAReading() {
            Map<String, Boolean> readingSinceVerdict = new HashMap<>();
            int n = 0;
            for (JournalRecord r : records) {
                if (r.inspectionId() == null) {
                    continue;
                }
                if (r.is(RecordType.WEIGHING) || r.is(RecordType.XRF_SHOT)) {
                    readingSinceVerdict.put(r.inspectionId(), true);
                } else if (r.is(RecordType.VERDICT)) {
                    if (readingSinceVerdict.getOrDefault(r.inspectionId(), false)) {
                        n++;
                    }
                    readingSinceVerdict.put(r.inspectionId(), false);
                }
            }
            return n;
        }

        private JsonNode tree(JournalRecord r) {
            try {
                return json.readTree(r.data());
            } catch (Exception e) {
                throw new AssertionError("journal record " + r.seq() + " is not JSON", e);
            }
        }
    }

    private final class Recorder implements AgentEvents {
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
        public void weighingRecorded(String declarationId, String itemId, Weighing w) {
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
}
