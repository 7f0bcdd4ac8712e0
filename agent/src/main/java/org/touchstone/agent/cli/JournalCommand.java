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
import org.touchstone.agent.journal.CheckpointKey;
import org.touchstone.agent.journal.JournalException;
import org.touchstone.agent.journal.JournalFile;
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
    private Path configuredKey;

    /** The configured checkpoint key file when the journal came from the configuration, else null. */
    Path checkpointKeyFile() {
        return configuredKey;
    }

    Path journal() throws ConfigException {
        if (journalFile != null) {
            return journalFile;
        }
        ConfigLoader.Loaded loaded = new ConfigLoader().load(config);
        postId = loaded.config().post().id();
        Path data = loaded.resolve(loaded.config().dataDirectory());
        String keyFile = loaded.config().journal().checkpointKeyFile();
        configuredKey = keyFile == null ? data.resolve(CheckpointKey.DEFAULT_FILE) : loaded.resolve(keyFile);
        return data.resolve("journal.db");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the journal read-only: its hash chain, its keyed checkpoints, and (with --head) the "
                    + "head headquarters last saw; name the first record altered, removed or inserted.",
                    "Exit 0 when intact, 1 when broken, 2 when the file is missing or not a Touchstone journal, or an "
                    + "option is wrong."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        JournalCommand parent;

        @Option(names = "--key", description = "The post's checkpoint key file (default: the configured one, or "
                + "checkpoint.key beside the journal, when it exists).")
        Path key;

        @Option(names = "--head", description = "The last chain head headquarters received from the post: its JSON "
                + "(as published on <root>/<post>/chain/head), or a file holding it.")
        String head;

        @Override
        public Integer call() {
            Path file;
            CheckpointKey checkpointKey;
            JournalVerifier.Head seen;
            try {
                file = parent.journal();
                checkpointKey = key(file);
                seen = head == null ? null : JournalVerifier.parseHead(headText());
            } catch (ConfigException | JournalException | IllegalArgumentException e) {
                System.err.println("touchstone journal verify: " + e.getMessage());
                return ExitCode.USAGE;
            }
            try (JournalFile j = JournalFile.open(file)) {
                JournalVerifier.Result r = JournalVerifier.verify(j, checkpointKey, seen);
                if (r.ok()) {
                    System.out.println(file + ": " + r.records() + " record(s) verified from seq "
                            + j.anchorFirstSeq() + "; the chain is intact");
                } else {
                    System.out.println(file + ": BROKEN at record " + r.firstBadSeq() + ": " + r.problem());
                }
                r.notes().forEach(n -> System.out.println("  " + n));
                return r.ok() ? ExitCode.OK : ExitCode.FAILED;
            } catch (JournalException e) {
                System.err.println("touchstone journal verify: " + e.getMessage());
                return ExitCode.USAGE;
            }
        }

        private CheckpointKey key(Path journalFile) throws ConfigException {
            if (key != null) {
                return CheckpointKey.read(key);
            }
            Path configured = parent.checkpointKeyFile();
            Path candidate = configured != null ? configured
                    : journalFile.toAbsolutePath().resolveSibling(CheckpointKey.DEFAULT_FILE);
            return Files.isRegularFile(candidate) ? CheckpointKey.read(candidate) : null;
        }

        private String headText() {
            String text = head.strip();
            if (text.startsWith("{")) {
                return text;
            }
            Path path = Path.of(text);
            try {
                if (Files.size(path) > 64 * 1024) {
                    throw new IllegalArgumentException("--head " + path + ": over 64 KiB, not a chain head");
                }
                return Files.readString(path);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--head " + path + ": cannot read it ("
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()) + ")", e);
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
                // Refuses, without writing into it, a file that is not a journal (an empty or unrelated file).
                JournalFile.open(file).close();
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
