package org.touchstone.agent.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.ArrayList;
import org.touchstone.agent.Agent;
import org.touchstone.agent.console.Console;
import org.touchstone.agent.monitoring.Monitoring;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.report.ConsoleReport;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.OfficersFileException;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.devices.PostDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code touchstone run}: the agent as it runs at a post, until stopped. It exits 0 when stopped, and
 * {@value #JOURNAL_FAILED} when the journal could not record: the agent then takes no input any more, and a
 * supervisor (systemd {@code Restart=on-failure}) should start it again.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the agent with a configuration file until Ctrl-C.",
        footer = {"", "Exit codes: 0 stopped, 2 bad configuration, 3 the console's or monitoring's port is taken,",
                "4 another agent runs on this data directory, 5 the journal could not record (restart the agent)."})
public final class RunCommand implements Callable<Integer> {

    /** The exit code when the agent stopped deciding because its journal failed. */
    static final int JOURNAL_FAILED = ExitCode.JOURNAL_FAILED;

    @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() throws Exception {
        ConfigLoader.Loaded loaded;
        try {
            loaded = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            System.err.println("touchstone: " + e.getMessage());
            return 2;
        }
        loaded.warnings().forEach(w -> System.err.println("touchstone: warning: " + w));
        Console console = null;
        OfficerBook officers = null;
        if (loaded.config().security().officersFile() != null) {
            try {
                officers = OfficerBook.load(loaded.resolve(loaded.config().security().officersFile()));
            } catch (OfficersFileException e) {
                System.err.println("touchstone: " + e.getMessage());
                return 2;
            }
        }
        if (loaded.config().console() != null) {
            console = Console.of(loaded, loaded.config().console(), officers, Clock.systemUTC());
        }
        Monitoring monitoring = Monitoring.of(loaded.config(), Clock.systemUTC());
        List<AgentEvents> sinks = new ArrayList<>(List.of(new ConsoleReport(System.out), monitoring.events()));
        if (console != null) {
            sinks.add(console.events());
        }
        Agent agent = new Agent(loaded, Clock.systemUTC(), new PostDevices(), sinks);
        agent.useOfficers(officers);
        return run(agent, console, monitoring, System.out, System.err);
    }

    /**
     * Runs an agent (and its web console, or null) until a shutdown signal (0) or a fatal journal failure
     * ({@value #JOURNAL_FAILED}).
     */
    static int run(Agent agent, Console console, java.io.PrintStream out, java.io.PrintStream err)
            throws InterruptedException {
        return run(agent, console, null, out, err);
    }

    /**
     * Runs an agent, its web console (or null) and its health and metrics (or null: none) until a shutdown signal
     * (0) or a fatal journal failure ({@value #JOURNAL_FAILED}).
     */
    static int run(Agent agent, Console console, Monitoring monitoring, java.io.PrintStream out,
                   java.io.PrintStream err) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (console != null) {
                console.close();
            }
            if (monitoring != null) {
                monitoring.close();
            }
            agent.close();
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        agent.start();
        String serving = "health and metrics (monitoring.port)";
        try {
            if (monitoring != null) {
                monitoring.start(agent).ifPresent(uri -> out.println("health and metrics: " + uri + "health/ready, "
                        + uri + "metrics"));
            }
            if (console != null) {
                serving = "the console (console.bindAddress, console.port)";
                java.net.URI uri = console.start(agent, monitoring);
                out.println("console: " + uri);
                if (monitoring != null && monitoring.onConsole()) {
                    out.println("health and metrics: " + uri + "health/ready, " + uri + "metrics");
                }
            }
        } catch (io.javalin.util.JavalinBindException e) {
            // Another program holds the port: said in the user's terms, and 3, which a later restart may cure.
            err.println("touchstone run: cannot serve " + serving + ": " + e.getMessage() + " The agent stopped.");
            err.flush();
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            return ExitCode.UNAVAILABLE;
        }
        if (console == null && monitoring != null && monitoring.onConsole()) {
            out.println("touchstone: no health or metrics endpoint: the configuration has no console block and no"
                    + " monitoring.port");
        }
        out.println("touchstone: agent running for post " + agent.topics().postId() + "; journal "
                + agent.journalFile() + "; Ctrl-C to stop");
        return untilStopped(agent, stopped, hook, err);
    }

    /**
     * Waits until the agent is stopped by a signal ({@code stopped} counted down by the shutdown hook: 0) or stops
     * deciding because its journal failed ({@value #JOURNAL_FAILED}, after closing it).
     */
    static int untilStopped(Agent agent, CountDownLatch stopped, Thread hook, java.io.PrintStream err)
            throws InterruptedException {
        agent.failure().thenRun(stopped::countDown);
        stopped.await();
        if (!agent.failure().isDone()) {
            return 0;
        }
        err.println("touchstone: the agent stopped deciding: " + agent.failure().join()
                + "; exit " + JOURNAL_FAILED + " so that it is restarted");
        err.flush();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook closes the agent.
                return JOURNAL_FAILED;
            }
            // The hook would have closed the console and the agent: run it here, once.
            hook.run();
        } else {
            agent.close();
        }
        return JOURNAL_FAILED;
    }
}
