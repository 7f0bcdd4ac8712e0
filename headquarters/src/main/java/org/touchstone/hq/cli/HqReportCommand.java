package org.touchstone.hq.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.touchstone.hq.config.HqConfigLoader;
import org.touchstone.hq.stats.NationalStatistics;
import org.touchstone.hq.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code touchstone hq report}: the national picture at the terminal. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the national picture: posts online or dark, open RED alerts, devices out of trust, chain"
                + " breaks, this year's seizures by typology and the monthly trend.")
public final class HqReportCommand implements Callable<Integer> {

    @Mixin
    HqCommand.ConfigOption config;

    @Option(names = "--dark-after", defaultValue = "PT15M",
            description = "A post heard from longer ago than this is dark (default: ${DEFAULT-VALUE}).")
    Duration darkAfter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        HqConfigLoader.Loaded loaded = config.load(spec.commandLine().getErr());
        if (loaded == null) {
            return 2;
        }
        Instant now = Instant.now();
        Instant year = now.atZone(ZoneOffset.UTC).withDayOfYear(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Database db = Database.open(loaded.config().database(), "hq-report")) {
            NationalStatistics s = new NationalStatistics(db.dataSource());
            out.println("National picture at " + now + " " + s.ingestionCounts());
            out.println(s.posts(darkAfter, now).text());
            out.println(s.openRedAlerts().text());
            out.println(s.devicesOutOfTrust().text());
            out.println(s.chainBreaks().text());
            out.println(s.seizuresBy(List.of(NationalStatistics.Dimension.TYPOLOGY), year, now).text());
            out.println(s.trends(year, now).text());
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("touchstone hq report: database " + loaded.config().database().url()
                    + ": " + HqMigrateCommand.rootMessage(e));
            return 3;
        }
    }
}
