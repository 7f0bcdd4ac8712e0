package org.touchstone.agent;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.devices.DeviceContext;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * A real agent on a real journal in a test folder, with no broker (port 1: it works offline, its messages wait in
 * the outbox) and no device drivers: the test hands readings in through the agent's own device context.
 */
final class OfflineAgent {

    private final AtomicReference<DeviceContext> devices = new AtomicReference<>();
    final Agent agent;

    OfflineAgent(Path dir, List<AgentEvents> sinks) throws Exception {
        AgentConfig config = new ConfigLoader().parse("""
                post: {id: offline}
                mqtt: {url: "tcp://127.0.0.1:1"}
                scales:
                  - {id: scale-1, serial: {path: /dev/null}, accuracyClass: II, verificationIntervalGrams: 0.1, capacityGrams: 6200}
                xrfAnalyzers:
                  - {id: xrf-1}
                assessment:
                  requireTrustedDevices: false   # these tests are about the agent's plumbing, not calibration
                dataDirectory: data
                """, "offline.yaml");
        agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(), (cfg, ctx) -> {
            devices.set(ctx);
            return List.of();
        }, sinks);
        agent.start();
    }

    void weigh(String grams) {
        devices.get().readings().accept(new WeightReading("scale-1", new BigDecimal(grams), WeightUnit.G, true,
                Instant.now(), null, "S S " + grams + " g"));
    }

    DeviceContext devices() {
        return devices.get();
    }

    static Path journalOf(Path dir) {
        return dir.resolve("data/journal.db");
    }
}
