package org.touchstone.agent.console;

import java.net.URI;
import java.time.Clock;
import org.touchstone.agent.Agent;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.ConsoleConfig;
import org.touchstone.agent.monitoring.Monitoring;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.OfficersFileException;

/**
 * The web console of one agent, from configuration to a listening server. It must hear the agent from its first
 * event, so it is prepared before the agent is made ({@link #events()} goes among the agent's sinks) and started
 * once the agent runs.
 */
public final class Console implements AutoCloseable {

    private final ConfigLoader.Loaded loaded;
    private final ConsoleConfig config;
    private final OfficerBook officers;
    private final Clock clock;
    private final AgentConsoleBackend backend;
    private ConsoleServer server;

    private Console(ConfigLoader.Loaded loaded, ConsoleConfig config, OfficerBook officers, Clock clock) {
        this.loaded = loaded;
        this.config = config;
        this.officers = officers;
        this.clock = clock;
        this.backend = new AgentConsoleBackend(loaded, clock);
    }

    /**
     * The console the configuration asks for, with the officers of {@code security.officersFile}.
     *
     * @throws OfficersFileException when the officers file cannot be used, naming it
     */
    public static Console fromConfig(ConfigLoader.Loaded loaded, Clock clock) throws OfficersFileException {
        var c = loaded.config();
        if (c.console() == null) {
            throw new IllegalArgumentException("the configuration has no console block");
        }
        return new Console(loaded, c.console(), OfficerBook.load(loaded.resolve(c.security().officersFile())), clock);
    }

    /** A console with officers of the caller's (the demo makes its own). */
    public static Console of(ConfigLoader.Loaded loaded, ConsoleConfig config, OfficerBook officers, Clock clock) {
        return new Console(loaded, config, officers, clock);
    }

    /** What the agent must tell the console: pass it among the agent's sinks. */
    public AgentEvents events() {
        return backend;
    }

    /** Starts serving, once the agent has started. */
    public URI start(Agent agent) {
        return start(agent, null);
    }

    /**
     * Starts serving, once the agent has started, with health and metrics too when {@code monitoring} is not null
     * and has no server of its own.
     */
    public URI start(Agent agent, Monitoring monitoring) {
        backend.attach(agent);
        if (agent.officers() == null) {
            agent.useOfficers(officers);
        }
        server = ConsoleServer.start(config, loaded.baseDirectory(), officers, backend, clock,
                ConsoleServer.minimumLoads(loaded.config().scales()),
                monitoring != null && monitoring.onConsole() ? monitoring : null);
        return server.uri();
    }

    public URI uri() {
        return server.uri();
    }

    public ConsoleServer server() {
        return server;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }
}
