package org.touchstone.hostile;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.journal.CheckpointKey;
import org.touchstone.agent.journal.JournalFile;
import org.touchstone.agent.journal.JournalVerifier;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.sim.broker.TestBroker;

/**
 * The agent as it runs at a post ({@code touchstone run}, its own JVM, heap capped at 64 MB) under hostile input on
 * every path at once, through a real broker and a real declarations folder: unprintable numbers, megabyte texts,
 * control and bidi characters, oversized payloads, a stable negative weight, forged officer names. Each must be
 * refused and journaled naming what and where; the process must not run out of memory, its resident memory stays
 * bounded (measured from /proc), and afterwards it still decides an ordinary inspection correctly: 1000.0 g of gold
 * declared, 990.00 g weighed on a class II scale with e = 0.1 g is 10 g short, beyond what scales and rounding
 * explain (1.25 g, the agent's own bound for this case), so RED; 1000.00 g matches.
 */
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 40;
    /** A 64 MB heap, metaspace, code cache, thread stacks, SQLite: well under this. Issue 12 saw 756 MB. */
    private static final long RSS_LIMIT_KB = 400 * 1024;

    @TempDir
    Path dir;

    private Process agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String declaration(String id, String netMass, String extra) {
        return """
                {"declarationId": "%s", "declarant": "Corpus", "items": [{"itemId": "1", "hsCode": "7108.12",
                  "form": "bar", "metal": "Au", "fineness": 999.9, "netMass": {"value": %s, "unit": "g"}%s}]}"""
                .formatted(id, netMass, extra);
    }

    private static String scale(String value, boolean stable) {
        return "{\"value\": " + value + ", \"unit\": \"g\", \"stable\": " + stable + "}";
    }

    @Test
    void everyInputPath_underHostileInput_refusesByName_staysBounded_andStillDecides() throws Exception {
        String url = TestBroker.url();
        String post = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        String base = "touchstone/" + post;
        Path folder = Files.createDirectories(dir.resolve("declarations"));
        Path config = Files.writeString(dir.resolve("touchstone.yaml"), """
                post: {id: %s}
                mqtt: {url: "%s"}
                scales:
                  - {id: gw-scale, transport: mqtt, accuracyClass: II, verificationIntervalGrams: 0.1, capacityGrams: 6200}
                xrfAnalyzers:
                  - {id: xrf-1}
                declarations: {folder: declarations}
                assessment:
                  requireTrustedDevices: false
                dataDirectory: data
                """.formatted(post, url));
        List<String> verdicts = new CopyOnWriteArrayList<>();
        try (MqttConnection client = new MqttConnection(MqttSettings.anonymous(url, post + "-hostile"), null)) {
            client.subscribe(base + "/inspections/+/verdict", 1, d -> verdicts.add(d.topic() + " "
                    + new String(d.payload(), StandardCharsets.UTF_8)));
            List<String> online = new CopyOnWriteArrayList<>();
            client.subscribe(base + "/status", 1, d -> online.add(new String(d.payload(), StandardCharsets.UTF_8)));
            assertTrue(client.startAndAwait(10_000));
            startAgent(config);
            await().atMost(Duration.ofSeconds(60)).until(() -> online.stream().anyMatch(s -> s.contains("online")));
            Path journal = dir.resolve("data/journal.db");
            // The agent's subscriptions may still be on their way: one refused probe shows they are in place.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                send(client, base + "/cmd/close-inspection", "{}");
                return count(journal, "inputRejected", "%close-inspection%") > 0;
            });

            String megabyteText = "x".repeat(900 * 1024);
            String bidi = "Chief \u202EInspector\u2066";
            byte[] tooLarge = new byte[(int) (1.5 * 1024 * 1024)];
            java.util.Arrays.fill(tooLarge, (byte) ' ');
            for (int i = 0; i < ROUNDS; i++) {
                // Declarations over MQTT and in the folder.
                send(client, base + "/declarations", declaration("H-" + i, "1e999999999", ""));
                send(client, base + "/declarations", declaration("B-" + i, "1000.0", ", \"description\": \""
                        + bidi + "\""));
                send(client, base + "/declarations", declaration("M-" + i, "1000.0", ", \"note\": \""
                        + megabyteText + "\""));
                // Each round's oversized payload differs: the agent takes identical bytes as one input, delivered again.
                byte[] round = ("round " + i).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(round, 0, tooLarge, 0, round.length);
                send(client, base + "/declarations", tooLarge);
                Files.writeString(folder.resolve("hostile-" + i + ".json"), declaration("F-" + i, "1e-999999999", ""));
                // Scale readings from the gateway.
                send(client, base + "/scale/gw-scale/weight", scale("\"1e999999999\"", true));
                send(client, base + "/scale/gw-scale/weight", ("{\"value\": \"1\", \"pad\": \"" + "y".repeat(8000)
                        + "\"}").getBytes(StandardCharsets.UTF_8));
                // XRF results.
                send(client, base + "/xrf/xrf-1/result", "{\"testNumber\": \"1\", \"elements\": [{\"element\": "
                        + "\"Au\", \"percent\": 1e999999999}]}");
                send(client, base + "/xrf/xrf-1/result", ("{\"pad\": \"" + "z".repeat(100 * 1024) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
                // Commands with forged, overlong or oversized fields: a forged officer on the tools' topic, a
                // bidi override and a forged log line in an officer's note, an overlong outcome.
                String forged = bidi.replace("\u202E", "\\u202E").replace("\u2066", "\\u2066") + "\\nINFO forged";
                send(client, base + "/cmd/alert-ack", "{\"alertId\": \"a\", \"by\": \"" + forged + "\", \"note\": \"n\"}");
                send(client, base + "/officers/insp-1/cmd/alert-ack", "{\"correlationId\": \"h-ack-" + i
                        + "\", \"alertId\": \"a\", \"note\": \"" + forged + "\"}");
                send(client, base + "/officers/insp-1/cmd/alert-close", "{\"correlationId\": \"h-close-" + i
                        + "\", \"alertId\": \"a\", \"outcome\": \"" + "S".repeat(10_000) + "\"}");
                send(client, base + "/cmd/active-item", ("{\"declarationId\": \"" + "d".repeat(200 * 1024) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            // Everything above is decided before this: the desk takes inputs in order.
            await().atMost(Duration.ofSeconds(120)).until(() -> count(journal, "inputRejected",
                    "%cmd/active-item%exceeds the limit%") >= ROUNDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(journal, "declarationRejected", "%F-%") >= ROUNDS
                    || count(journal, "declarationRejected", "%hostile-%") >= ROUNDS);
            assertTrue(agent.isAlive(), "the agent is still running: " + tail());

            // Refused by name, every one.
            assertEquals(ROUNDS, count(journal, "declarationRejected", "%items[0].netMass.value%out of range%1E+999999999%"));
            assertEquals(ROUNDS, count(journal, "declarationRejected", "%items[0].description%U+202E%"));
            assertEquals(ROUNDS, count(journal, "declarationRejected", "%larger than 1048576 bytes%"));
            assertTrue(count(journal, "declarationRejected", "%hostile-%items[0].netMass.value%out of range%") >= ROUNDS);
            assertEquals(ROUNDS, count(journal, "inputRejected", "%scale/gw-scale/weight%value out of range%"));
            assertEquals(ROUNDS, count(journal, "inputRejected", "%scale/gw-scale/weight%exceeds the limit of 4096%"));
            assertEquals(2 * ROUNDS, count(journal, "inputRejected", "%xrf/xrf-1/result%"));
            assertEquals(ROUNDS, count(journal, "inputRejected", "%/cmd/alert-ack%needs an authenticated officer%"));
            assertEquals(ROUNDS, count(journal, "inputRejected", "%officers/insp-1/cmd/alert-ack%note: contains the "
                    + "control character U+202E%"));
            assertEquals(ROUNDS, count(journal, "inputRejected", "%officers/insp-1/cmd/alert-close%outcome: over 256 characters%"));
            assertEquals(0, count(journal, "declaration", "%"), "nothing hostile opened an inspection");
            String log = Files.readString(dir.resolve("logs/touchstone.log"));
            assertFalse(log.contains("OutOfMemoryError"), "no OutOfMemoryError in the log");
            assertFalse(log.contains("\u202E") || log.contains("\nINFO forged"), "no bidi override or forged line");
            long rssKb = procStatus("VmRSS");
            long peakKb = procStatus("VmHWM");
            System.out.println("HOSTILE: after " + ROUNDS + " rounds (" + 14 * ROUNDS + " hostile inputs): VmRSS "
                    + rssKb / 1024 + " MB, VmHWM " + peakKb / 1024 + " MB, -Xmx64m");
            assertTrue(peakKb < RSS_LIMIT_KB, "peak resident memory " + peakKb / 1024 + " MB");

            // And it still decides: a negative stable load is not a weighing; the ordinary cases are.
            send(client, base + "/declarations", declaration("G-1", "1000.0", ""));
            send(client, base + "/declarations", declaration("G-2", "1000.0", ""));
            send(client, base + "/cmd/active-item", "{\"declarationId\": \"G-1\", \"itemId\": \"1\"}");
            send(client, base + "/scale/gw-scale/weight", scale("\"-500.00\"", true));
            send(client, base + "/scale/gw-scale/weight", scale("\"0.00\"", true));
            send(client, base + "/scale/gw-scale/weight", scale("\"990.00\"", true));
            send(client, base + "/scale/gw-scale/weight", scale("\"0.00\"", true));
            send(client, base + "/cmd/active-item", "{\"declarationId\": \"G-2\", \"itemId\": \"1\"}");
            send(client, base + "/scale/gw-scale/weight", scale("\"1000.00\"", true));
            // The last scale reading decided (journaled), and every verdict journaled reached the broker.
            await().atMost(Duration.ofSeconds(60)).until(() -> count(journal, "reading", "%1000.00%") > 0
                    && lastLane(journal, "G-2") != null);
            await().atMost(Duration.ofSeconds(30)).until(() -> lastLane(journal, "G-1").equals(lane(verdicts, "G-1"))
                    && lastLane(journal, "G-2").equals(lane(verdicts, "G-2")));
            assertEquals("RED", lane(verdicts, "G-1"), "990.00 g against 1000.0 g declared: " + verdicts);
            assertFalse("RED".equals(lane(verdicts, "G-2")), "1000.00 g against 1000.0 g declared: " + verdicts);
            assertEquals(2, count(journal, "weighing", "%"), "990.00 and 1000.00; -500.00 is not a weighing");
            assertEquals(1, count(journal, "readingUnbound", "%negative net weight%"));
            assertTrue(agent.isAlive());
        }
        agent.destroy(); // SIGTERM: a clean stop, with its final checkpoint
        assertTrue(agent.waitFor(60, TimeUnit.SECONDS));
        try (JournalFile j = JournalFile.open(dir.resolve("data/journal.db"))) {
            JournalVerifier.Result r = JournalVerifier.verify(j,
                    CheckpointKey.read(dir.resolve("data/checkpoint.key")), null);
            assertTrue(r.ok(), r.toString());
        }
    }

    /** Publishes with QoS 1 and waits for the broker's acknowledgement (Paho allows few in flight). */
    private static void send(MqttConnection client, String topic, String payload) {
        send(client, topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(MqttConnection client, String topic, byte[] payload) {
        // Paho counts a message in flight a moment past its acknowledgement: when it says too many, try again.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                client.publish(topic, payload, 1, false).waitForCompletion(30_000);
                return true;
            } catch (org.touchstone.drivers.transport.mqtt.MqttPublishException e) {
                if (e.getCause() instanceof org.eclipse.paho.client.mqttv3.MqttException m
                        && m.getReasonCode() == org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_MAX_INFLIGHT) {
                    return false;
                }
                throw e;
            }
        });
    }

    private static String lane(List<String> verdicts, String declarationId) {
        String lane = null;
        for (String v : verdicts) {
            if (v.contains("/inspections/" + declarationId + "/verdict ")) {
                try {
                    lane = JSON.readTree(v.substring(v.indexOf(' ') + 1)).path("lane").asText();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return lane;
    }

    /** The lane of the inspection's last journaled verdict, or null. */
    private static String lastLane(Path journal, String declarationId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + journal + "?mode=ro");
             PreparedStatement s = c.prepareStatement("SELECT json_extract(data, '$.verdict.lane') FROM journal"
                     + " WHERE type = 'verdict' AND inspection = ? ORDER BY seq DESC LIMIT 1")) {
            s.setString(1, declarationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Records of a type whose data matches a LIKE pattern, read from the running agent's journal (read-only). */
    private static long count(Path journal, String type, String like) throws Exception {
        if (!Files.exists(journal)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + journal + "?mode=ro");
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM journal WHERE type = ? AND data LIKE ?")) {
            s.setString(1, type);
            s.setString(2, like);
            try (ResultSet rs = s.executeQuery()) {
                return rs.getLong(1);
            }
        }
    }

    private long procStatus(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + agent.pid() + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + agent.pid() + "/status");
    }

    private void startAgent(Path config) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Files.createDirectories(dir.resolve("logs"));
        // The agent's own logging configuration (not the tests' logback-test.xml on the class path): its pattern
        // is what keeps a message to one bounded line.
        Path logback = Path.of("../agent/src/main/resources/logback.xml").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(logback), logback.toString());
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("java.class.path"),
                "org.touchstone.agent.cli.TouchstoneCli", "run", "--config", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/agent.out").toFile());
        pb.environment().put("TOUCHSTONE_LOG_DIR", dir.resolve("logs").toString());
        agent = pb.start();
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("logs/agent.out"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
