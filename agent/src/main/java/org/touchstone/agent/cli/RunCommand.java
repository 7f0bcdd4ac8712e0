package org.touchstone.agent.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.ArrayList;
import org.touchstone.agent.Agent;
import org.touchstone.agent.AgentEvents;
import org.touchstone.agent.console.Console;
import org.touchstone.agent.security.OfficersFileException;
import org.touchstone.agent.alert.ConsoleReport;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.devices.PostDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code touchstone run}: the agent as it runs at a post, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the agent with a configuration file until Ctrl-C.")
public final class RunCommand implements Callable<Integer> {

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
        CountDownLatch stopped = new CountDownLatch(1);
        Console console = null;
        if (loaded.config().console() != null) {
            try {
                console = Console.fromConfig(loaded, Clock.systemUTC());
            } catch (OfficersFileException e) {
                System.err.println("touchstone: " + e.getMessage());
                return 2;
            }
        }
        List<AgentEvents> sinks = new ArrayList<>(List.of(new ConsoleReport(System.out)));
        if (console != null) {
            sinks.add(console.events());
        }
        Agent agent = new Agent(loaded, Clock.systemUTC(), new PostDevices(), sinks);
        Console web = console;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (web != null) {
                web.close();
            }
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        agent.start();
        if (console != null) {
            System.out.println("console: " + console.start(agent));
        }
        System.out.println("touchstone: agent running for post " + loaded.config().post().id() + "; journal "
                + agent.journalFile() + "; Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
