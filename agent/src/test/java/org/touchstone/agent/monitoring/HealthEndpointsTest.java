package org.touchstone.agent.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Agent;
import org.touchstone.agent.Json;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.devices.DeviceContext;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * Health and metrics over real HTTP (the monitoring server of its own, on a free port) for a real agent on a real
 * journal with no broker (port 1) and no drivers: the test speaks for the devices through the agent's own device
 * context. The MQTT side, with a real broker stopped and started, is HealthAndMetricsIT's.
 */
class HealthEndpointsTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<DeviceContext> devices = new AtomicReference<>();
    private Agent agent;
    private Monitoring monitoring;
    private String base;

    @BeforeEach
    void start() throws Exception {
        AgentConfig config = new ConfigLoader().parse("""
                post: {id: health}
                mqtt: {url: "tcp://127.0.0.1:1"}
                scales:
                  - {id: scale-1, serial: {path: /dev/null}, accuracyClass: II, verificationIntervalGrams: 0.1, capacityGrams: 6200}
                xrfAnalyzers:
                  - {id: xrf-1}
                dataDirectory: data
                monitoring: {port: 0, outboxBacklogLimit: 0}
                """, "health.yaml");
        monitoring = Monitoring.of(config, Clock.systemUTC());
        agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(), (cfg, ctx) -> {
            devices.set(ctx);
            return List.of();
        }, List.of(monitoring.events()));
        agent.start();
        base = monitoring.start(agent).orElseThrow().toString().replaceAll("/$", "");
    }

    @AfterEach
    void stop() {
        monitoring.close();
        agent.close();
    }

    @Test
    void readiness_namesEachFailingCheckAndWhy() throws Exception {
        HttpResponse<String> live = get("/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("UP", json(live).path("status").asText());

        HttpResponse<String> ready = get("/health/ready");
        assertEquals(503, ready.statusCode());
        JsonNode r = json(ready);
        assertEquals("DOWN", r.path("status").asText());
        assertEquals("health", r.path("postId").asText());
        // The chain head journaled at start waits in the outbox (no broker): over the test's limit of 0 already.
        assertEquals(List.of("broker", "outbox", "device:scale-1"), failing(r));
        assertEquals("not connected to tcp://127.0.0.1:1; messages wait in the outbox and MQTT instruments are not heard",
                check(r, "broker").path("detail").asText());
        assertEquals("no link state reported yet", check(r, "device:scale-1").path("detail").asText());
        assertEquals("readings come over MQTT: see the broker check", check(r, "device:xrf-1").path("detail").asText());
        assertTrue(check(r, "journal").path("detail").asText().contains("writable"), r::toPrettyString);

        // The scale's driver reports it connected: journaled with its MQTT message, which cannot leave (no broker)
        // and joins the chain head in the outbox.
        devices.get().events().deviceStatus("scale-1", "CONNECTED", "/dev/null open");
        agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
        JsonNode after = json(get("/health/ready"));
        assertEquals(List.of("broker", "outbox"), failing(after));
        assertTrue(check(after, "outbox").path("detail").asText()
                .matches("2 message\\(s\\) waiting, the oldest \\d+ s old: more than monitoring.outboxBacklogLimit \\(0\\)"),
                after::toPrettyString);
        assertEquals("CONNECTED: /dev/null open", check(after, "device:scale-1").path("detail").asText());
    }

    @Test
    void aJournalThatCannotRecord_failsLiveness() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + agent.journalFile());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("DROP TABLE journal");
        }
        agent.setActiveItem("C-1", "1");
        agent.failure().get(10, TimeUnit.SECONDS);
        HttpResponse<String> live = get("/health/live");
        assertEquals(503, live.statusCode(), live.body());
        JsonNode l = json(live);
        assertEquals(List.of("desk"), failing(l));
        assertTrue(check(l, "desk").path("detail").asText().startsWith("the agent stopped deciding: "), l::toPrettyString);
        assertEquals(503, get("/health/ready").statusCode());
    }

    @Test
    void metrics_countWhatTheDevicesSent() throws Exception {
        String post = "post=\"health\"";
        // Two stable weighings with no inspection open (unbound), a garbled frame from the scale's driver, and a
        // garbled command nobody's device sent.
        for (String grams : List.of("1000.02", "245.58")) {
            devices.get().readings().accept(new WeightReading("scale-1", new BigDecimal(grams), WeightUnit.G, true,
                    Instant.now(), null, "S S " + grams + " g"));
        }
        devices.get().events().inputRejected("scale-1 (/dev/null)", "unparseable frame: 'S X'");
        devices.get().events().inputRejected("touchstone/health/cmd/active-item", "not JSON");
        agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);

        HttpResponse<String> m = get("/metrics");
        assertEquals(200, m.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", m.headers().firstValue("Content-Type").orElse(""));
        String text = m.body();
        assertTrue(text.contains("touchstone_readings_total{device=\"scale-1\",kind=\"weight\"," + post + "} 2.0"), text);
        assertTrue(text.contains("touchstone_readings_unbound_total{device=\"scale-1\"," + post + "} 2.0"), text);
        assertTrue(text.contains("touchstone_frames_rejected_total{device=\"scale-1\"," + post + "} 1.0"), text);
        assertTrue(text.contains("touchstone_inputs_rejected_total{" + post + "} 1.0"), text);
        assertTrue(text.contains("touchstone_mqtt_connected{" + post + "} 0.0"), text);
        assertTrue(text.contains("touchstone_device_trust{device=\"scale-1\"," + post + ",state=\"UNKNOWN\"} 1.0"), text);
        assertTrue(text.contains("touchstone_device_state{device=\"scale-1\"," + post + ",state=\"CONNECTED\"} 0.0"), text);
        assertFalse(text.contains("touchstone_device_state{device=\"xrf-1\""), "xrf-1 reads over MQTT: no link state");
        // The desk's queue: its capacity, and nothing coalesced or waited for (two stable readings, never coalesced).
        assertTrue(text.contains("touchstone_desk_queue_capacity_tasks{" + post + "} 4096.0"), text);
        assertTrue(text.contains("touchstone_desk_readings_coalesced_total{" + post + "} 0.0"), text);
        assertTrue(text.contains("touchstone_desk_backpressure_seconds_count{" + post + "} 0\n"), text);
        assertTrue(text.contains("touchstone_desk_backpressure_seconds_sum{" + post + "} 0.0"), text);
        // Nothing left the post (no broker): every journaled message is still waiting, counted in the journal itself.
        long waiting;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + agent.journalFile());
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")) {
            waiting = rs.getLong(1);
        }
        assertTrue(text.contains("touchstone_outbox_backlog_messages{" + post + "} " + (double) waiting), text);
        assertFalse(text.contains("touchstone_outbox_published_messages_total{" + post + "} 1"), text);
    }

    @Test
    void everyMetricTheDocsAndAlertRulesName_isExposed_andEveryExposedOneIsDocumented() throws Exception {
        String text = get("/metrics").body();
        java.util.Set<String> exposed = names(text, java.util.regex.Pattern.compile("^(touchstone_[a-z_]+)[{ ]",
                java.util.regex.Pattern.MULTILINE));
        String docs = java.nio.file.Files.readString(Path.of("..", "docs", "operations.md"));
        String section = docs.substring(docs.indexOf("## Monitoring"), docs.indexOf("## Exit codes"));
        String rules = java.nio.file.Files.readString(Path.of("..", "packaging", "prometheus", "touchstone.rules.yml"));
        java.util.regex.Pattern named = java.util.regex.Pattern.compile("(touchstone_[a-z_]+)");
        // A histogram is documented by its family name; its series add _bucket, _count, _sum and _max.
        java.util.Set<String> families = new java.util.TreeSet<>();
        exposed.forEach(n -> families.add(n.replaceAll("_(bucket|count|sum|max)$", "")
                .replace("touchstone_frame_to_verdict_seconds_", "touchstone_frame_to_verdict_seconds")));
        for (String n : names(section, named)) {
            String family = n.replaceAll("_(bucket|count|sum|max)$", "");
            assertTrue(exposed.contains(n) || families.contains(family), "docs/operations.md names " + n
                    + ", which the agent does not expose; exposed: " + exposed);
        }
        for (String n : names(rules, named)) {
            assertTrue(exposed.contains(n), "the alert rules use " + n + ", which the agent does not expose: " + exposed);
        }
        for (String family : families) {
            assertTrue(section.contains("`" + family + "`"), "docs/operations.md does not describe " + family);
        }
        assertTrue(families.size() >= 20, families::toString);
    }

    private static java.util.Set<String> names(String text, java.util.regex.Pattern p) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void badMonitoringSettings_areRefusedNamingTheField() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () ->
                new ConfigLoader().parse("""
                        post: {id: health}
                        mqtt: {url: "tcp://127.0.0.1:1"}
                        monitoring: {outboxBacklogLimit: -1}
                        """, "bad.yaml"));
        assertTrue(e.getMessage().contains("outboxBacklogLimit must be >= 0"), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    private static List<String> failing(JsonNode report) {
        List<String> out = new java.util.ArrayList<>();
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
}
