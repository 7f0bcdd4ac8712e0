package org.touchstone.agent.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.declaration.DeclarationReader;

/** Every case of the labelled corpus gets its lane and exactly its findings (see corpus/README.md). */
class ScenarioCorpusTest {

    static Path corpus() throws URISyntaxException {
        return Path.of(ScenarioCorpusTest.class.getResource("/corpus").toURI());
    }

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> list = Files.list(corpus())) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replay_givesTheLabelledLaneAndFindings(String name) throws Exception {
        Path dir = corpus().resolve(name);
        AgentConfig config = new ConfigLoader().load(corpus().resolve("policy.yaml")).config();
        Map<String, ScaleMetrology> scales = new LinkedHashMap<>();
        config.scales().forEach(s -> scales.put(s.id(), s.metrology()));
        Replay.Result result = new Replay(config.assessment(), scales).run(
                new DeclarationReader().read(dir.resolve("declaration.json")),
                new RecordedReadings().read(dir.resolve("readings.jsonl"), Instant.parse("2026-01-01T00:00:00Z")));
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        Verdict v = result.verdict();
        TreeSet<String> expectedFindings = new TreeSet<>();
        expected.path("findings").forEach(f -> expectedFindings.add(f.asText()));
        TreeSet<String> actual = new TreeSet<>();
        v.findings().forEach(f -> actual.add(f.code() + "/" + f.itemId()));
        String story = name + " (" + expected.path("truth").asText() + "): " + v.findings();
        assertEquals(expectedFindings, actual, story);
        assertEquals(expected.path("lane").asText(), v.lane().name(), story);
        assertEquals(0, result.unbound().size(), "every reading bound: " + result.unbound());
    }
}
