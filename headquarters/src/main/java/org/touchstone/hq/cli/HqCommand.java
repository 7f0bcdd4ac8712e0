package org.touchstone.hq.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.hq.config.HqConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code touchstone hq}: the headquarters service and its tools. Exit codes: 0 done, 1 refused (a risk profile's
 * version), 2 bad arguments or file, 3 database or broker unreachable.
 */
@Command(name = "hq", mixinStandardHelpOptions = true,
        description = "Headquarters: every post's verdicts, alerts, devices, presence and chain heads from the central"
                + " broker into PostgreSQL; national statistics and CSV exports; risk profiles back to the posts.",
        subcommands = {HqRunCommand.class, HqExportCommand.class, HqReportCommand.class, HqRiskProfileCommand.class,
                HqMigrateCommand.class})
public final class HqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The {@code --config} option every subcommand takes. */
    static final class ConfigOption {
        @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/hq.yaml",
                description = "Headquarters configuration (default: ${DEFAULT-VALUE}).")
        Path config;

        /** The configuration, or null after printing why not. */
        HqConfigLoader.Loaded load(PrintWriter err) {
            try {
                return new HqConfigLoader().load(config);
            } catch (ConfigException e) {
                err.println("touchstone hq: " + e.getMessage());
                return null;
            }
        }
    }

    /**
     * A day ({@code 2026-01-01}, midnight UTC), a month ({@code 2026-01}, its first day) or an instant
     * ({@code 2026-01-01T06:00:00Z}).
     */
    static Instant instant(String text, String option) {
        try {
            if (text.length() == 7) {
                return YearMonth.parse(text).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(new CommandLine(new HqCommand()), option + ": '" + text
                    + "' is not a day (2026-01-01), a month (2026-01) or an instant (2026-01-01T06:00:00Z)");
        }
    }
}
