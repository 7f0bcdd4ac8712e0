package org.touchstone.agent.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journal kept as one JSON object per line, forced to disk on every append.
 *
 * <p>On opening, a last line torn by a crash is cut off (it was never acknowledged) and numbering continues
 * after the last complete event.
 */
public final class JsonLinesJournal implements Journal {

    private static final Logger log = LoggerFactory.getLogger(JsonLinesJournal.class);

    private final Path file;
    private final ObjectMapper json;
    private final Clock clock;
    private final FileChannel channel;
    private long lastSeq;

    public JsonLinesJournal(Path file, ObjectMapper json, Clock clock) {
        this.file = file;
        this.json = json;
        this.clock = clock;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.lastSeq = recover(file);
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    private long recover(Path path) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(path);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            log.warn("journal {}: cutting off a torn last line of {} bytes", path, bytes.length - end);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(true);
            }
        }
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                JsonNode last = json.readTree(lines.get(i));
                return last.path("seq").asLong();
            }
        }
        return 0;
    }

    @Override
    public synchronized long append(String type, Object data) {
        long seq = lastSeq + 1;
        ObjectNode entry = json.createObjectNode();
        entry.put("seq", seq);
        entry.put("at", clock.instant().toString());
        entry.put("type", type);
        entry.set("data", json.valueToTree(data));
        try {
            byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new JournalException("cannot append to journal " + file + ": " + e.getMessage(), e);
        }
        lastSeq = seq;
        return seq;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing journal {}: {}", file, e.getMessage());
        }
    }
}
