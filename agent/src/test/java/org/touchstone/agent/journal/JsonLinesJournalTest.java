package org.touchstone.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;

class JsonLinesJournalTest {

    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final ObjectMapper JSON = Json.mapper();
    private static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private JsonLinesJournal open(Path file) {
        return new JsonLinesJournal(file, JSON, CLOCK);
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
    }

    @Test
    void append_eachLineIsJsonWithSeqAtTypeData() throws Exception {
        Path file = dir.resolve("sub/journal.jsonl");
        try (JsonLinesJournal j = open(file)) {
            assertEquals(1, j.append("reading", Map.of("grams", 1000.1)));
            assertEquals(2, j.append("verdict", Map.of("lane", "GREEN", "at", AT)));
        }
        List<JsonNode> lines = lines(file);
        assertEquals(2, lines.size());
        JsonNode first = lines.get(0);
        assertEquals(1, first.get("seq").asLong());
        assertEquals("2025-03-01T10:00:00Z", first.get("at").asText());
        assertEquals("reading", first.get("type").asText());
        assertEquals(1000.1, first.get("data").get("grams").asDouble());
        assertEquals(List.of("seq", "at", "type", "data"), iterable(first.fieldNames()));
        assertEquals("2025-03-01T10:00:00Z", lines.get(1).get("data").get("at").asText());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void reopen_sequenceContinues() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (JsonLinesJournal j = open(file)) {
            j.append("a", Map.of());
            j.append("b", Map.of());
        }
        try (JsonLinesJournal j = open(file)) {
            assertEquals(3, j.append("c", Map.of()));
        }
        assertEquals(List.of(1L, 2L, 3L), lines(file).stream().map(n -> n.get("seq").asLong()).toList());
    }

    @Test
    void reopen_tornLastLine_cutOffAndNumberingContinuesFromLastCompleteLine() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (JsonLinesJournal j = open(file)) {
            j.append("a", Map.of("n", 1));
            j.append("b", Map.of("n", 2));
        }
        String complete = Files.readString(file);
        // A crash in the middle of writing event 3: half a line, no newline.
        Files.writeString(file, "{\"seq\":3,\"at\":\"2025-03-01T10:00:00Z\",\"type\":\"c\",\"da",
                StandardOpenOption.APPEND);

        try (JsonLinesJournal j = open(file)) {
            assertEquals(complete, Files.readString(file));
            assertEquals(3, j.append("c", Map.of("n", 3)));
        }
        List<JsonNode> lines = lines(file);
        assertEquals(List.of(1L, 2L, 3L), lines.stream().map(n -> n.get("seq").asLong()).toList());
        assertEquals("c", lines.get(2).get("type").asText());
        assertEquals(3, lines.get(2).get("data").get("n").asInt());
    }

    @Test
    void open_onlyATornLine_startsAtOne() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Files.writeString(file, "{\"seq\":1,\"ty");
        try (JsonLinesJournal j = open(file)) {
            assertEquals(1, j.append("a", Map.of()));
        }
        assertEquals(1, lines(file).size());
    }

    @Test
    void append_nullDataAndNestedValues_stillOneLineEach() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (JsonLinesJournal j = open(file)) {
            j.append("note", null);
            j.append("multi", Map.of("text", "line one\nline two"));
        }
        List<String> raw = Files.readAllLines(file);
        assertEquals(2, raw.size());
        assertTrue(lines(file).get(0).get("data").isNull());
        assertEquals("line one\nline two", lines(file).get(1).get("data").get("text").asText());
    }
}
