package org.touchstone.hq.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.touchstone.hq.config.HqConfigLoader;
import org.touchstone.hq.stats.NationalStatistics;
import org.touchstone.hq.stats.Table;
import org.touchstone.hq.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code touchstone hq export}: one statistic of the national report as CSV. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write one statistic as CSV (RFC 4180, a header line) for the national report.")
public final class HqExportCommand implements Callable<Integer> {

    /** What can be exported. */
    enum What { seizures, open_red_alerts, posts, devices_out_of_trust, trends, chain_breaks }

    @Mixin
    HqCommand.ConfigOption config;

    @Option(names = "--what", required = true, converter = WhatConverter.class,
            description = "seizures, open-red-alerts, posts, devices-out-of-trust, trends or chain-breaks.")
    What what;

    @Option(names = "--by", split = ",",
            description = "With --what seizures: count by typology, metal, origin, declarant, post and/or month"
                    + " (e.g. --by typology,month); without it, one row per seizure.")
    List<String> by;

    @Option(names = "--from", description = "Start of the period, included: 2026-01-01, 2026-01 or an instant"
            + " (default: the beginning).")
    String from;

    @Option(names = "--to", description = "End of the period, excluded (default: now).")
    String to;

    @Option(names = "--dark-after", defaultValue = "PT15M",
            description = "With --what posts: a post heard from longer ago than this is dark (default: ${DEFAULT-VALUE}).")
    Duration darkAfter;

    @Option(names = "--out", defaultValue = "-", description = "CSV file to write (default: standard output).")
    String out;

    @Spec
    CommandSpec spec;

    static final class WhatConverter implements picocli.CommandLine.ITypeConverter<What> {
        @Override
        public What convert(String value) {
            try {
                return What.valueOf(value.replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of seizures,"
                        + " open-red-alerts, posts, devices-out-of-trust, trends, chain-breaks");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        Instant start = from == null ? Instant.EPOCH : HqCommand.instant(from, "--from");
        Instant end = to == null ? Instant.now() : HqCommand.instant(to, "--to");
        if (!start.isBefore(end)) {
            err.println("touchstone hq export: --from " + start + " is not before --to " + end);
            return 2;
        }
        List<NationalStatistics.Dimension> dimensions = new ArrayList<>();
        if (by != null) {
            if (what != What.seizures) {
                err.println("touchstone hq export: --by applies to --what seizures only");
                return 2;
            }
            try {
                for (String b : by) {
                    dimensions.add(NationalStatistics.Dimension.named(b));
                }
            } catch (IllegalArgumentException e) {
                err.println("touchstone hq export: --by: " + e.getMessage());
                return 2;
            }
        }
        HqConfigLoader.Loaded loaded = config.load(err);
        if (loaded == null) {
            return 2;
        }
        Table table;
        try (Database db = Database.open(loaded.config().database(), "hq-export")) {
            NationalStatistics stats = new NationalStatistics(db.dataSource());
            table = switch (what) {
                case seizures -> dimensions.isEmpty() ? stats.seizures(start, end) : stats.seizuresBy(dimensions, start, end);
                case open_red_alerts -> stats.openRedAlerts();
                case posts -> stats.posts(darkAfter, Instant.now());
                case devices_out_of_trust -> stats.devicesOutOfTrust();
                case trends -> stats.trends(start, end);
                case chain_breaks -> stats.chainBreaks();
            };
        } catch (SQLException | RuntimeException e) {
            err.println("touchstone hq export: database " + loaded.config().database().url() + ": "
                    + HqMigrateCommand.rootMessage(e));
            return 3;
        }
        try {
            if (out.equals("-")) {
                Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
                table.writeCsv(w);
                w.flush();
            } else {
                Path file = Path.of(out);
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    table.writeCsv(w);
                }
                err.println("touchstone hq export: " + table.rows().size() + " row(s) of \"" + table.title() + "\" in "
                        + file);
            }
        } catch (IOException e) {
            err.println("touchstone hq export: cannot write " + out + ": " + e.getMessage());
            return 2;
        }
        return 0;
    }
}
