package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.touchstone.agent.Json;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.ScaleConfig;
import org.touchstone.agent.config.XrfConfig;
import org.touchstone.agent.devices.DeviceContext;
import org.touchstone.agent.devices.DeviceInput;
import org.touchstone.agent.devices.PostDevices;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;

/**
 * {@code touchstone probe --device ID}: one device of the configuration, started exactly as the agent would start
 * it (any scale protocol or transport, any XRF source), its readings and events printed as JSON lines.
 */
final class ConfiguredProbe {

    private final Path config;
    private final String deviceId;
    private final int count;
    private final int timeoutSeconds;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ObjectMapper json = Json.mapper();

    ConfiguredProbe(Path config, String deviceId, int count, int timeoutSeconds, PrintWriter out, PrintWriter err) {
        this.config = config;
        this.deviceId = deviceId;
        this.count = count;
        this.timeoutSeconds = timeoutSeconds;
        this.out = out;
        this.err = err;
    }

    int run() throws InterruptedException {
        ConfigLoader.Loaded loaded;
        try {
            loaded = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            err.println("touchstone probe: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        AgentConfig all = loaded.config();
        List<ScaleConfig> scales = all.scales().stream().filter(s -> s.id().equals(deviceId)).toList();
        List<XrfConfig> analyzers = all.xrfAnalyzers().stream().filter(x -> x.id().equals(deviceId)).toList();
        if (scales.isEmpty() && analyzers.isEmpty()) {
            err.println("touchstone probe: no device '" + deviceId + "' in " + config + "; configured: "
                    + all.scales().stream().map(ScaleConfig::id).toList() + " "
                    + all.xrfAnalyzers().stream().map(XrfConfig::id).toList());
            err.flush();
            return ExitCode.USAGE;
        }
        AgentConfig one = all.withScales(scales).withXrfAnalyzers(analyzers).withScanners(List.of());
        boolean overMqtt = scales.stream().anyMatch(s -> s.transport().equals("mqtt"))
                || analyzers.stream().anyMatch(x -> x.source().equals("mqtt"));
        MqttConnection mqtt = null;
        if (overMqtt) {
            MqttSettings s = all.mqtt().settings(all.post().id(), loaded.baseDirectory());
            mqtt = new MqttConnection(s.withClientId(s.clientId() + "-probe-" + ProcessHandle.current().pid()), null);
            if (!mqtt.startAndAwait(10_000)) {
                mqtt.close();
                err.println("touchstone probe: MQTT broker " + s.url() + " not reachable");
                err.flush();
                return ExitCode.UNAVAILABLE;
            }
        }
        BlockingQueue<ObjectNode> seen = new LinkedBlockingQueue<>();
        DeviceInput events = new DeviceInput() {
            @Override
            public void deviceStatus(String id, String state, String detail) {
                seen.add(json.createObjectNode().put("type", "device").put("deviceId", id).put("state", state)
                        .put("detail", detail == null ? "" : detail));
            }

            @Override
            public void inputRejected(String source, String reason) {
                seen.add(json.createObjectNode().put("type", "rejected").put("source", source).put("reason", reason));
            }
        };
        DeviceContext ctx = new DeviceContext(Clock.systemUTC(), mqtt, new Topics(all.mqtt().topicRoot(), all.post().id()),
                (Reading r) -> seen.add(reading(r)), events, loaded.baseDirectory());
        // Commissioning shows every frame the scale sends, not only the changes the agent journals.
        List<AutoCloseable> started = new PostDevices(org.touchstone.drivers.driver.ScaleDriver.Reporting.EVERY_FRAME)
                .start(one, ctx);
        try {
            int readings = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (count == 0 || readings < count) {
                ObjectNode next = seen.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (System.nanoTime() - deadline > 0) {
                        err.println("touchstone probe: nothing from " + deviceId + " within " + timeoutSeconds + " s");
                        err.flush();
                        return ExitCode.UNAVAILABLE;
                    }
                    continue;
                }
                if (next.path("type").asText().equals("reading")) {
                    readings++;
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                }
                out.println(next);
                out.flush();
            }
            return ExitCode.OK;
        } finally {
            for (AutoCloseable c : started) {
                try {
                    c.close();
                } catch (Exception e) {
                    err.println("touchstone probe: while closing: " + e.getMessage());
                }
            }
            if (mqtt != null) {
                mqtt.close();
            }
        }
    }

    private ObjectNode reading(Reading r) {
        ObjectNode node = json.valueToTree(r);
        ObjectNode o = json.createObjectNode().put("type", "reading").put("kind", r instanceof org.touchstone.drivers.reading.XrfReading ? "xrf" : "weight");
        o.setAll(node);
        return o;
    }
}
