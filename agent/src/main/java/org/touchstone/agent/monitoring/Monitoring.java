package org.touchstone.agent.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.Agent;
import org.touchstone.agent.Json;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.MonitoringConfig;
import org.touchstone.agent.report.AgentEvents;

/**
 * Health and metrics of one agent over HTTP: {@code GET /health/live}, {@code GET /health/ready} (200 or 503, a JSON
 * body naming each check and why it fails) and {@code GET /metrics} (Prometheus text). They need no login: they are
 * read by a supervisor or a scraper, carry no declaration, officer or measurement, and change nothing. They are
 * served on the console's server, or with {@code monitoring.port} on a server of their own (then not on the
 * console's). Like the console, it is made before the agent ({@link #events()} goes among its sinks) and started
 * once the agent runs.
 */
public final class Monitoring implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Monitoring.class);
    /** The paths served; the console lets them through without a session. */
    public static final Set<String> PATHS = Set.of("/health", "/health/live", "/health/ready", "/metrics");
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AgentConfig config;
    private final MonitoringConfig settings;
    private final AgentMetrics metrics;
    private final Health health;
    private final ObjectMapper json = Json.mapper();
    private volatile Agent agent;
    private Javalin own;

    private Monitoring(AgentConfig config, Clock clock) {
        this.config = config;
        this.settings = config.monitoring();
        this.metrics = new AgentMetrics(config, clock);
        this.health = new Health(config, metrics, clock);
    }

    public static Monitoring of(AgentConfig config, Clock clock) {
        return new Monitoring(config, clock);
    }

    /** What the agent must tell the metrics: pass it among the agent's sinks. */
    public AgentEvents events() {
        return metrics;
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    /** Whether the console's server serves health and metrics (no {@code monitoring.port}). */
    public boolean onConsole() {
        return !settings.ownServer();
    }

    /**
     * Attaches to the started agent and, with {@code monitoring.port}, starts the server of its own.
     *
     * @return that server's address, or empty when they are the console's to serve
     */
    public Optional<URI> start(Agent startedAgent) {
        this.agent = startedAgent;
        metrics.attach(startedAgent, config);
        if (!settings.ownServer()) {
            return Optional.empty();
        }
        own = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = 4 * 1024;
            c.jetty.host = settings.bindAddress();
            c.jetty.port = settings.port();
            routes(c.routes);
        });
        own.start();
        String host = settings.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + own.port() + "/");
        log.info("health and metrics on {}health/ready and {}metrics", uri, uri);
        return Optional.of(uri);
    }

    /** Adds the health and metrics routes to a server (the console's, or the own one). */
    public void routes(RoutesConfig r) {
        r.get("/health/live", ctx -> probe(ctx, false));
        r.get("/health/ready", ctx -> probe(ctx, true));
        r.get("/health", ctx -> probe(ctx, true));
        r.get("/metrics", ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape());
        });
    }

    private void probe(Context ctx, boolean readiness) {
        ctx.header("Cache-Control", "no-store");
        Agent a = agent;
        ObjectNode body = json.createObjectNode();
        body.put("postId", config.post().id());
        if (a == null) {
            body.put("status", "DOWN");
            body.putArray("checks").addObject().put("name", "agent").put("ok", false).put("detail", "starting");
            ctx.status(503).contentType("application/json").result(body.toPrettyString());
            return;
        }
        Health.Report report = readiness ? health.ready(a) : health.live(a);
        body.put("status", report.ok() ? "UP" : "DOWN");
        body.put("at", report.at().toString());
        ArrayNode checks = body.putArray("checks");
        for (Health.Check c : report.checks()) {
            checks.addObject().put("name", c.name()).put("ok", c.ok()).put("detail", c.detail());
        }
        if (!report.ok()) {
            ArrayNode failing = body.putArray("failing");
            report.failing().forEach(failing::add);
        }
        ctx.status(report.ok() ? 200 : 503).contentType("application/json").result(body.toPrettyString());
    }

    @Override
    public void close() {
        if (own != null) {
            own.stop();
        }
    }
}
