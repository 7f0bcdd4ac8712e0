package org.touchstone.agent.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.touchstone.agent.Agent;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * The agent's Prometheus metrics (Micrometer): counters fed by the agent's events, which come after the journal
 * commit on the desk thread (so a count never runs ahead of the journal), and gauges read at each scrape from the
 * agent (outbox, journal, broker, devices' states and trust). The names and their meanings are listed in
 * docs/operations.md ("Monitoring"); every series carries the tag {@code post}.
 */
public final class AgentMetrics implements AgentEvents {

    /** Histogram buckets of the frame-to-verdict latency, in seconds. */
    static final List<Duration> LATENCY_BUCKETS = List.of(Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10));
    /** Inspections waiting for a verdict after a reading; past this many the oldest are forgotten. */
    private static final int MAX_PENDING = 10_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final List<String> devices = new ArrayList<>();
    private final Map<String, String> deviceStates = new ConcurrentHashMap<>();
    private final Map<String, String> deviceDetails = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastBoundReading = new ConcurrentHashMap<>();
    private final Timer frameToVerdict;
    private final Counter inputsRejected;

    public AgentMetrics(AgentConfig config, Clock clock) {
        this.clock = clock;
        registry.config().commonTags("post", config.post().id());
        config.scales().forEach(s -> devices.add(s.id()));
        config.xrfAnalyzers().forEach(x -> devices.add(x.id()));
        config.scanners().forEach(s -> devices.add(s.id()));
        frameToVerdict = Timer.builder("touchstone.frame.to.verdict")
                .description("From a reading's arrival at the agent to the verdict it changed, journaled")
                .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
                .register(registry);
        inputsRejected = Counter.builder("touchstone.inputs.rejected")
                .description("Input refused that no configured device sent (commands, MQTT payloads, unknown devices)")
                .register(registry);
        // Link states only for devices with a link of their own: one over MQTT reports none (the broker's is it).
        List<String> linked = new ArrayList<>();
        config.scales().stream().filter(s -> !"mqtt".equals(s.transport())).forEach(s -> linked.add(s.id()));
        config.xrfAnalyzers().stream().filter(x -> !"mqtt".equals(x.source())).forEach(x -> linked.add(x.id()));
        config.scanners().forEach(s -> linked.add(s.id()));
        for (String id : linked) {
            for (DeviceState s : DeviceState.values()) {
                Gauge.builder("touchstone.device.state", () -> s.name().equals(deviceStates.get(id)) ? 1 : 0)
                        .description("1 for the device's current link state, 0 for the others")
                        .tags("device", id, "state", s.name()).register(registry);
            }
        }
        // Every series the configuration implies exists from the start, at 0: a rate or an alert on it works from the
        // first event, and a scrape shows what will be counted.
        for (var scale : config.scales()) {
            registry.counter("touchstone.readings", "device", scale.id(), "kind", "weight");
            registry.counter("touchstone.readings.unbound", "device", scale.id());
            registry.counter("touchstone.frames.rejected", "device", scale.id());
            for (Weighing.Medium medium : Weighing.Medium.values()) {
                registry.counter("touchstone.weighings", "device", scale.id(), "medium", medium.name());
            }
        }
        for (var analyzer : config.xrfAnalyzers()) {
            registry.counter("touchstone.readings", "device", analyzer.id(), "kind", "xrf");
            registry.counter("touchstone.readings.unbound", "device", analyzer.id());
            registry.counter("touchstone.frames.rejected", "device", analyzer.id());
            registry.counter("touchstone.xrf.shots", "device", analyzer.id());
        }
        config.scanners().forEach(s -> registry.counter("touchstone.frames.rejected", "device", s.id()));
        for (Lane lane : Lane.values()) {
            registry.counter("touchstone.verdicts", "lane", lane.name());
            registry.counter("touchstone.alert.revisions", "lane", lane.name());
        }
        registry.counter("touchstone.declarations", "outcome", "accepted");
        registry.counter("touchstone.declarations", "outcome", "refused");
        registry.counter("touchstone.inspections.closed");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The gauges read from the agent at each scrape, once it started. */
    public void attach(Agent agent, AgentConfig config) {
        Gauge.builder("touchstone.mqtt.connected", agent, a -> a.mqttConnected() ? 1 : 0)
                .description("1 while the agent is connected to the MQTT broker").register(registry);
        Gauge.builder("touchstone.agent.deciding", agent, a -> a.deciding() ? 1 : 0)
                .description("1 while the agent decides; 0 once its journal could not record").register(registry);
        Gauge.builder("touchstone.outbox.backlog", agent, Agent::outboxBacklog).baseUnit("messages")
                .description("Messages journaled and not yet acknowledged by the broker").register(registry);
        Gauge.builder("touchstone.outbox.oldest.age", agent, a -> a.outboxOldestUnsent()
                        .map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis()) / 1000.0).orElse(0.0))
                .baseUnit("seconds").description("Age of the oldest message waiting for the broker; 0 when none waits")
                .register(registry);
        FunctionCounter.builder("touchstone.outbox.published", agent, Agent::messagesPublished).baseUnit("messages")
                .description("Messages the broker acknowledged since the agent started").register(registry);
        Gauge.builder("touchstone.journal.size", agent, Agent::journalSizeBytes).baseUnit("bytes")
                .description("The journal's size on disk, with its write-ahead log").register(registry);
        Gauge.builder("touchstone.journal.limit", () -> config.journal().maxSizeMegabytes() * 1048576.0)
                .baseUnit("bytes").description("journal.maxSizeMegabytes: above it the agent reports loudly")
                .register(registry);
        Gauge.builder("touchstone.desk.queue", agent, a -> a.deskLoad().queued()).baseUnit("tasks")
                .description("Tasks waiting for the desk (inputs, commands, device reports)").register(registry);
        Gauge.builder("touchstone.desk.queue.capacity", agent, a -> a.deskLoad().capacity()).baseUnit("tasks")
                .description("Tasks that may wait for the desk before producers wait for room").register(registry);
        Gauge.builder("touchstone.desk.queue.peak", agent, a -> a.deskLoad().peak()).baseUnit("tasks")
                .description("The most tasks that waited for the desk at once since start").register(registry);
        FunctionCounter.builder("touchstone.desk.readings.coalesced", agent, a -> a.deskLoad().coalesced())
                .description("Scale readings in motion replaced by a newer one of the same scale before the desk "
                        + "took them (never a stable reading)").register(registry);
        FunctionTimer.builder("touchstone.desk.backpressure", agent, a -> a.deskLoad().waits(),
                        a -> a.deskLoad().waitedNanos(), TimeUnit.NANOSECONDS)
                .description("Producers (MQTT callbacks, device readers, timers) that waited for room at the desk, "
                        + "and how long in all").register(registry);
        FunctionCounter.builder("touchstone.desk.batch.commits", agent, a -> a.deskLoad().batchCommits())
                .description("Journal commits that took several waiting desk tasks at once (group commit)")
                .register(registry);
        FunctionCounter.builder("touchstone.desk.batched.tasks", agent, a -> a.deskLoad().batchedTasks())
                .baseUnit("tasks").description("Desk tasks committed in those batches").register(registry);
        List<String> calibrated = new ArrayList<>();
        config.scales().forEach(s -> calibrated.add(s.id()));
        config.xrfAnalyzers().forEach(x -> calibrated.add(x.id()));
        for (String id : calibrated) {
            for (TrustState t : TrustState.values()) {
                Gauge.builder("touchstone.device.trust", agent,
                                a -> a.calibrations().trustAt(id, clock.instant()).state() == t ? 1 : 0)
                        .description("1 for the device's current calibration trust, 0 for the others")
                        .tags("device", id, "state", t.name()).register(registry);
            }
        }
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    /** The last link state each device reported ({@code CONNECTED}, {@code SILENT}, ...), if any. */
    public Optional<String> deviceState(String deviceId) {
        return Optional.ofNullable(deviceStates.get(deviceId));
    }

    /** What the device's driver said with its last state ("serial port ... is absent"), or empty. */
    public String deviceDetail(String deviceId) {
        return deviceDetails.getOrDefault(deviceId, "");
    }

    // ---- the agent's events (desk thread, after the journal) ----

    @Override
    public void declarationAccepted(Declaration declaration, String source) {
        registry.counter("touchstone.declarations", "outcome", "accepted").increment();
    }

    @Override
    public void declarationRejected(String source, String reason) {
        registry.counter("touchstone.declarations", "outcome", "refused").increment();
    }

    @Override
    public void readingReceived(Reading reading) {
        registry.counter("touchstone.readings", "device", reading.deviceId(),
                "kind", reading instanceof WeightReading ? "weight" : "xrf").increment();
    }

    @Override
    public void readingUnbound(Reading reading, String reason) {
        registry.counter("touchstone.readings.unbound", "device", reading.deviceId()).increment();
    }

    @Override
    public void inputRejected(String source, String reason) {
        String device = deviceOf(source);
        if (device == null) {
            inputsRejected.increment();
        } else {
            registry.counter("touchstone.frames.rejected", "device", device).increment();
        }
    }

    @Override
    public void weighingRecorded(String declarationId, String itemId, Weighing weighing) {
        registry.counter("touchstone.weighings", "device", weighing.reading().deviceId(),
                "medium", weighing.medium().name()).increment();
        bound(declarationId, weighing.reading().receivedAt());
    }

    @Override
    public void xrfShotRecorded(String declarationId, String itemId, XrfReading shot) {
        registry.counter("touchstone.xrf.shots", "device", shot.deviceId()).increment();
        bound(declarationId, shot.receivedAt());
    }

    @Override
    public void verdictChanged(Verdict verdict, int revision) {
        registry.counter("touchstone.verdicts", "lane", verdict.lane().name()).increment();
        Instant received = lastBoundReading.remove(verdict.declarationId());
        if (received != null) {
            Duration d = Duration.between(received, clock.instant());
            frameToVerdict.record(d.isNegative() ? Duration.ZERO : d);
        }
    }

    @Override
    public void alertRaised(Alert alert) {
        registry.counter("touchstone.alert.revisions", "lane", alert.lane().name()).increment();
    }

    @Override
    public void inspectionClosed(String declarationId, String source) {
        registry.counter("touchstone.inspections.closed").increment();
        lastBoundReading.remove(declarationId);
    }

    @Override
    public void deviceStatus(String deviceId, String state, String detail) {
        if (devices.contains(deviceId)) {
            deviceDetails.put(deviceId, detail == null ? "" : detail);
            deviceStates.put(deviceId, state);
        }
    }

    private void bound(String declarationId, Instant receivedAt) {
        if (lastBoundReading.size() >= MAX_PENDING) {
            lastBoundReading.clear();
        }
        lastBoundReading.put(declarationId, receivedAt);
    }

    /**
     * The configured device an input came from: drivers name it first ({@code scale-1 (/dev/ttyUSB0)}), MQTT
     * sources by their topic ({@code .../xrf/xrf-1/result}). Null for anything else.
     */
    String deviceOf(String source) {
        if (source == null) {
            return null;
        }
        for (String id : devices) {
            if (source.equals(id) || source.startsWith(id + " ") || source.contains("/" + id + "/")
                    || source.endsWith("/" + id)) {
                return id;
            }
        }
        return null;
    }
}
