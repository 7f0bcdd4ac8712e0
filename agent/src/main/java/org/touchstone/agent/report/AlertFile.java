package org.touchstone.agent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.alert.Alert;

/** Every alert revision as one JSON line in a file, for whatever reads files at the post. */
public final class AlertFile implements AgentEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertFile.class);

    private final Path file;
    private final ObjectMapper json;
    private final Writer writer;

    public AlertFile(Path file, ObjectMapper json) throws IOException {
        this.file = file;
        this.json = json;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void alertRaised(Alert alert) {
        try {
            writer.write(json.writeValueAsString(alert));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            // The alert is in the journal already; the file is a convenience copy.
            log.error("cannot write alert {} to {}: {}", alert.messageId(), file, e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
