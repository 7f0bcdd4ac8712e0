package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.touchstone.agent.Json;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.evidence.EvidencePackage;
import org.touchstone.agent.evidence.EvidenceReport;
import org.touchstone.agent.journal.JournalException;
import org.touchstone.agent.journal.JournalVerifier;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.AgentStarted;
import org.touchstone.agent.journal.schema.JournalSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code touchstone journal verify|export}: the post's evidence record. */
@Command(name = "journal", mixinStandardHelpOptions = true, description = "Check or export the post's journal.",
        subcommands = {JournalCommand.Verify.class, JournalCommand.Export.class})
public final class JournalCommand {

    @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The post's configuration, to find the journal (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--journal", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "A journal file to use instead of the configuration's (e.g. a copy).")
    Path journalFile;

    String postId = "?";

    Path journal() throws ConfigException {
        if (journalFile != null) {
            return journalFile;
        }
        ConfigLoader.Loaded loaded = new ConfigLoader().load(config);
        postId = loaded.config().post().id();
        return loaded.resolve(loaded.config().dataDirectory()).resolve("journal.db");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the hash chain; name the first record altered, removed or inserted.",
                    "Exit 0 when intact, 1 when broken, 2 when the journal cannot be read."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        JournalCommand parent;

        @Override
        public Integer call() {
            try {
                Path file = parent.journal();
                if (!Files.exists(file)) {
                    System.err.println("touchstone journal: no journal at " + file);
                    return 2;
                }
                try (SqliteJournal j = new SqliteJournal(file, Json.mapper(), Clock.systemUTC())) {
                    JournalVerifier.Result r = JournalVerifier.verify(j);
                    if (r.ok()) {
                        System.out.println(file + ": " + r.records() + " record(s) verified from seq "
                                + j.anchorFirstSeq() + "; the chain is intact");
                        return 0;
                    }
                    System.out.println(file + ": BROKEN at record " + r.firstBadSeq() + ": " + r.problem());
                    return 1;
                }
            } catch (ConfigException | JournalException e) {
                System.err.println("touchstone journal: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write an inspection's evidence package: <ID>.json and a readable <ID>.html.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        JournalCommand parent;

        @Option(names = "--inspection", required = true, description = "Declaration id of the inspection.")
        String inspection;

        @Option(names = "--out", defaultValue = ".", description = "Folder to write into (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() {
            try {
                Path file = parent.journal();
                if (!Files.exists(file)) {
                    System.err.println("touchstone journal: no journal at " + file);
                    return 2;
                }
                ObjectMapper json = Json.mapper();
                try (SqliteJournal j = new SqliteJournal(file, json, Clock.systemUTC())) {
                    String postId = parent.postId;
                    if ("?".equals(postId)) {
                        // A journal given by path: the post is the one that started the agent writing it.
                        JournalSchema schema = new JournalSchema(json);
                        postId = j.records(RecordType.AGENT_STARTED, 0).stream().findFirst()
                                .map(r -> schema.read(r, AgentStarted.class).postId()).orElse("?");
                    }
                    ObjectNode p = EvidencePackage.build(j, inspection, postId, json, Clock.systemUTC().instant());
                    Files.createDirectories(out);
                    Path jsonFile = out.resolve(inspection + ".json");
                    Path htmlFile = out.resolve(inspection + ".html");
                    Files.writeString(jsonFile, p.toPrettyString());
                    Files.writeString(htmlFile, EvidenceReport.html(p));
                    System.out.println("wrote " + jsonFile + " and " + htmlFile + " (" + p.path("records").size()
                            + " records, lane " + p.path("lane").asText("not assessed") + ")");
                    return 0;
                }
            } catch (IllegalArgumentException e) {
                // No such inspection: a wrong argument (2), not a broken chain (1).
                System.err.println("touchstone journal: " + e.getMessage());
                return ExitCode.USAGE;
            } catch (ConfigException | JournalException | java.io.IOException e) {
                System.err.println("touchstone journal: " + e.getMessage());
                return 2;
            }
        }
    }
}
