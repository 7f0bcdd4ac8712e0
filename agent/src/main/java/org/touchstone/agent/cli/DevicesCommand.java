package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.touchstone.agent.Json;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.calibration.CalibrationRecord;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.ScaleConfig;
import org.touchstone.agent.config.XrfConfig;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.DeviceStatus;
import org.touchstone.agent.journal.schema.JournalSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code touchstone devices}: every configured device with its connection state (the journal's latest device
 * status), identity, trust state and next calibration due date.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the configured devices: connection state, identity, trust and next calibration due.",
        footer = {"", "Exit codes: 0 done, 2 bad configuration."})
public final class DevicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
            description = "Post configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    /** One line of the listing. */
    record Row(String id, String kind, String connection, String identity, DeviceTrust trust) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigLoader.Loaded loaded;
        try {
            loaded = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            err.println("touchstone devices: " + e.getMessage());
            return ExitCode.USAGE;
        }
        List<Row> rows = rows(loaded, Instant.now());
        out.printf("%-12s %-6s %-14s %-10s %-11s %s%n", "DEVICE", "KIND", "CONNECTION", "TRUST", "NEXT DUE", "IDENTITY");
        for (Row r : rows) {
            out.printf("%-12s %-6s %-14s %-10s %-11s %s%n", r.id(), r.kind(), r.connection(), r.trust().state(),
                    r.trust().nextDue() == null ? "-" : r.trust().nextDue().toString().substring(0, 10), r.identity());
            out.printf("%-12s %s%n", "", r.trust().reason());
        }
        out.flush();
        return ExitCode.OK;
    }

    static List<Row> rows(ConfigLoader.Loaded loaded, Instant now) {
        AgentConfig cfg = loaded.config();
        Path journalFile = loaded.resolve(cfg.dataDirectory()).resolve("journal.db");
        ObjectMapper json = Json.mapper();
        CalibrationBook book = new CalibrationBook(json);
        Map<String, String> status = new LinkedHashMap<>();
        if (Files.exists(journalFile)) {
            try (SqliteJournal journal = new SqliteJournal(journalFile, json, Clock.systemUTC())) {
                book.refresh(journal);
                JournalSchema schema = new JournalSchema(json);
                for (JournalRecord r : journal.records(RecordType.DEVICE_STATUS, 0)) {
                    try {
                        DeviceStatus d = schema.read(r, DeviceStatus.class);
                        status.put(d.deviceId(), d.state() + " since " + r.at().substring(0, Math.min(19, r.at().length())));
                    } catch (RuntimeException e) {
                        // An unreadable status record says nothing about the device; the next one will.
                    }
                }
            }
        }
        List<Row> rows = new java.util.ArrayList<>();
        for (ScaleConfig s : cfg.scales()) {
            String where = switch (s.transport()) {
                case "serial" -> s.serial().path();
                case "tcp" -> s.tcp().host() + ":" + s.tcp().port();
                default -> "mqtt";
            };
            rows.add(new Row(s.id(), "scale", status.getOrDefault(s.id(), "never seen"),
                    s.protocol() + " on " + where + ", class " + s.accuracyClass() + " e " + s.verificationIntervalGrams()
                            .toPlainString() + " g Max " + s.capacityGrams().toPlainString() + " g" + serial(book, s.id()),
                    book.trustAt(s.id(), now)));
        }
        for (XrfConfig x : cfg.xrfAnalyzers()) {
            rows.add(new Row(x.id(), "xrf", status.getOrDefault(x.id(), x.source().equals("mqtt") ? "mqtt (no status)"
                    : "never seen"), x.source() + (x.model() == null ? "" : ", " + x.model()) + serial(book, x.id()),
                    book.trustAt(x.id(), now)));
        }
        return rows;
    }

    private static String serial(CalibrationBook book, String deviceId) {
        List<CalibrationRecord> history = book.history(deviceId);
        for (int i = history.size() - 1; i >= 0; i--) {
            String serial = history.get(i) instanceof org.touchstone.agent.calibration.ScaleVerificationRecord s
                    ? s.serialNumber() : ((org.touchstone.agent.calibration.XrfCheckRecord) history.get(i)).serialNumber();
            if (serial != null) {
                return ", serial " + serial;
            }
        }
        return "";
    }
}
