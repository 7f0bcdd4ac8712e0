package org.touchstone.agent.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.DataDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code touchstone} command line: one entry point, one subcommand per task. */
@Command(name = "touchstone", mixinStandardHelpOptions = true, version = "touchstone 0.1.0",
        description = "Border-post agent: reads scales and XRF analyzers, compares them with customs declarations "
                + "of precious metals, and raises inspection alerts.",
        footer = {"", "Exit codes: 0 done, 1 a check failed or input was refused, 2 bad option, configuration or file,",
                "3 device, broker or file unreachable (or aborted), 4 another agent runs on this data directory,",
                "5 the journal could not record (run stops deciding; restart it), 70 a defect in touchstone (details in the log)."},
        subcommands = {RunCommand.class, ProbeCommand.class, ImportCommand.class, AssessCommand.class,
                DeclareCommand.class, SelectCommand.class, CloseCommand.class, AlertCommand.class, JournalCommand.class, DevicesCommand.class,
                CalibrateCommand.class, OfficerCommand.class, CommandLine.HelpCommand.class})
public final class TouchstoneCli {

    /** Before the first logger: logback creates the log file, and it must be the agent user's alone. */
    private static final boolean LOGS_PRIVATE = privateLogs();
    private static final Logger log = LoggerFactory.getLogger(TouchstoneCli.class);

    /** The log folder 0700 and {@code touchstone.log} 0600 (logback.xml's {@code LOG_DIR}), when they can be made. */
    private static boolean privateLogs() {
        String dir = System.getenv("TOUCHSTONE_LOG_DIR");
        java.nio.file.Path folder = java.nio.file.Path.of(dir == null || dir.isBlank() ? "run" : dir);
        try {
            org.touchstone.agent.config.PrivateFiles.folder(folder);
            org.touchstone.agent.config.PrivateFiles.file(folder.resolve("touchstone.log"));
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false; // logback then says why it cannot write there
        }
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TouchstoneCli());
        for (TouchstoneCommand plugin : ServiceLoader.load(TouchstoneCommand.class)) {
            cli.addSubcommand(plugin.command());
        }
        cli.setExecutionExceptionHandler(TouchstoneCli::failed);
        return cli;
    }

    /**
     * What a command did not catch, said in one line in the user's terms, with an exit code that means one thing:
     * never a Java stack trace on the inspector's or technician's screen (the log keeps it for a developer).
     */
    static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        int code;
        String message;
        if (e instanceof DataDirectory.InUseException) {
            code = ExitCode.ALREADY_RUNNING;
            message = e.getMessage();
        } else if (e instanceof DataDirectory.DataDirectoryException || e instanceof ConfigException) {
            code = ExitCode.USAGE;
            message = e.getMessage();
        } else {
            code = ExitCode.SOFTWARE;
            log.error("{} failed", name, e);
            message = "internal error (" + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())
                    + "); this is a defect in touchstone: the stack trace is in the log (" + logFile() + ")";
        }
        err.println(name + ": " + oneLine(message));
        err.flush();
        return code;
    }

    private static String logFile() {
        String dir = System.getenv("TOUCHSTONE_LOG_DIR");
        return (dir == null || dir.isBlank() ? "run" : dir) + "/touchstone.log";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
