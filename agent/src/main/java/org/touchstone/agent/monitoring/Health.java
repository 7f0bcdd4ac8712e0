package org.touchstone.agent.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.touchstone.agent.Agent;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.MonitoringConfig;
import org.touchstone.agent.config.ScaleConfig;
import org.touchstone.agent.config.XrfConfig;

/**
 * Liveness and readiness, each a list of named checks with the reason a failing one fails.
 *
 * <p>Live: the desk still decides and answers (a restart is the remedy otherwise). Ready: connected to the broker,
 * the journal writable, the outbox under its limits, and every device with a link of its own (serial, TCP, the
 * SciAps API, an export folder) connected; devices whose readings come over MQTT follow the broker check.
 */
public final class Health {

    /** How long the desk may take to answer a liveness probe. */
    static final Duration DESK_ANSWER = Duration.ofSeconds(5);
    /** Below this much free space in the data directory's file system, the journal is not called writable. */
    static final long MIN_FREE_BYTES = 16L * 1024 * 1024;

    /** One check: its name ({@code broker}, {@code journal}, {@code outbox}, {@code device:<id>}), and why. */
    public record Check(String name, boolean ok, String detail) {
    }

    /** The checks of one probe; {@code ok} when every one passed. */
    public record Report(boolean ok, Instant at, List<Check> checks) {
        public List<String> failing() {
            return checks.stream().filter(c -> !c.ok()).map(Check::name).toList();
        }
    }

    private final AgentConfig config;
    private final MonitoringConfig limits;
    private final AgentMetrics metrics;
    private final Clock clock;

    public Health(AgentConfig config, AgentMetrics metrics, Clock clock) {
        this.config = config;
        this.limits = config.monitoring();
        this.metrics = metrics;
        this.clock = clock;
    }

    public Report live(Agent agent) {
        List<Check> checks = new ArrayList<>();
        checks.add(desk(agent));
        return report(checks);
    }

    public Report ready(Agent agent) {
        List<Check> checks = new ArrayList<>();
        checks.add(desk(agent));
        checks.add(agent.mqttConnected()
                ? new Check("broker", true, "connected to " + config.mqtt().url())
                : new Check("broker", false, "not connected to " + config.mqtt().url()
                        + "; messages wait in the outbox and MQTT instruments are not heard"));
        checks.add(safely("journal", () -> journal(agent)));
        checks.add(safely("outbox", () -> outbox(agent)));
        for (ScaleConfig s : config.scales()) {
            checks.add(device(s.id(), !"mqtt".equals(s.transport())));
        }
        for (XrfConfig x : config.xrfAnalyzers()) {
            checks.add(device(x.id(), !"mqtt".equals(x.source())));
        }
        config.scanners().forEach(s -> checks.add(device(s.id(), true)));
        return report(checks);
    }

    /** A check that could not even be made fails with the reason (a broken journal cannot count its outbox). */
    private static Check safely(String name, java.util.function.Supplier<Check> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return new Check(name, false, "cannot check: " + e.getMessage());
        }
    }

    private Report report(List<Check> checks) {
        return new Report(checks.stream().allMatch(Check::ok), clock.instant(), List.copyOf(checks));
    }

    private Check desk(Agent agent) {
        if (!agent.deciding()) {
            return new Check("desk", false, "the agent stopped deciding: " + agent.failure().getNow(null));
        }
        try {
            agent.onDesk(() -> { }).get(DESK_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            return new Check("desk", true, "deciding");
        } catch (TimeoutException e) {
            return new Check("desk", false, "the desk did not answer within " + DESK_ANSWER.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Check("desk", false, "the desk refused work: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check("desk", false, "interrupted");
        }
    }

    private Check journal(Agent agent) {
        Path file = agent.journalFile();
        Path dir = agent.dataDirectory();
        if (!Files.isWritable(file) || !Files.isWritable(dir)) {
            return new Check("journal", false, "cannot write " + (Files.isWritable(dir) ? file : dir));
        }
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return new Check("journal", false, "cannot read the free space of " + dir + ": " + e.getMessage());
        }
        String size = String.format(Locale.ROOT, "%.1f MB of %d MB (journal.maxSizeMegabytes), %.0f MB free on disk",
                agent.journalSizeBytes() / 1048576.0, config.journal().maxSizeMegabytes(), free / 1048576.0);
        if (free < MIN_FREE_BYTES) {
            return new Check("journal", false, "the disk of " + dir + " is nearly full: " + size);
        }
        return new Check("journal", true, file + " writable, " + size);
    }

    private Check outbox(Agent agent) {
        long backlog = agent.outboxBacklog();
        Optional<Instant> oldest = agent.outboxOldestUnsent();
        long age = oldest.map(t -> Math.max(0, Duration.between(t, clock.instant()).toSeconds())).orElse(0L);
        String state = backlog + " message(s) waiting" + (oldest.isPresent() ? ", the oldest " + age + " s old" : "");
        if (backlog > limits.outboxBacklogLimit()) {
            return new Check("outbox", false, state + ": more than monitoring.outboxBacklogLimit ("
                    + limits.outboxBacklogLimit() + ")");
        }
        if (age > limits.outboxAgeLimitSeconds()) {
            return new Check("outbox", false, state + ": older than monitoring.outboxAgeLimitSeconds ("
                    + limits.outboxAgeLimitSeconds() + " s)");
        }
        return new Check("outbox", true, state);
    }

    private Check device(String id, boolean ownLink) {
        String name = "device:" + id;
        if (!ownLink) {
            return new Check(name, true, "readings come over MQTT: see the broker check");
        }
        Optional<String> state = metrics.deviceState(id);
        if (state.isEmpty()) {
            return new Check(name, false, "no link state reported yet");
        }
        String detail = metrics.deviceDetail(id);
        return new Check(name, "CONNECTED".equals(state.get()), state.get() + (detail.isBlank() ? "" : ": " + detail));
    }
}
