package org.touchstone.agent.cli;

import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code touchstone} command line: one entry point, one subcommand per task. */
@Command(name = "touchstone", mixinStandardHelpOptions = true, version = "touchstone 0.1.0",
        description = "Border-post agent: reads scales and XRF analyzers, compares them with customs declarations "
                + "of precious metals, and raises inspection alerts.",
        subcommands = {RunCommand.class, ProbeCommand.class, ImportCommand.class, AssessCommand.class,
                DeclareCommand.class, AlertCommand.class, JournalCommand.class, DevicesCommand.class,
                CalibrateCommand.class, OfficerCommand.class, CommandLine.HelpCommand.class})
public final class TouchstoneCli {

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TouchstoneCli());
        for (TouchstoneCommand plugin : ServiceLoader.load(TouchstoneCommand.class)) {
            cli.addSubcommand(plugin.command());
        }
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
