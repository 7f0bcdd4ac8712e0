package org.touchstone.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's payload examples and the shipped declarations are checked against the same schemas as the payloads
 * of a real run. Each example in the README is a ```json block right after a {@code <!-- payload: CHANNEL -->}
 * marker; a block in the MQTT section without a marker, a channel without an example, or an example that does not
 * validate fails here.
 */
class ReadmePayloadExamplesTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- payload: ([A-Za-z]+) -->\\s*```json\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void readmeExamples_eachValidatesAndEveryChannelHasOne() throws Exception {
        MqttContract contract = MqttContract.load();
        String readme = Files.readString(README);
        List<String> problems = new ArrayList<>();
        Set<String> shown = new TreeSet<>();
        Matcher m = EXAMPLE.matcher(readme);
        while (m.find()) {
            String channel = m.group(1);
            int line = readme.substring(0, m.start()).split("\n", -1).length;
            var c = contract.channel(channel);
            if (c.isEmpty()) {
                problems.add("README.md, line " + line + ": no channel '" + channel + "' in docs/mqtt/asyncapi.yaml");
                continue;
            }
            shown.add(channel);
            problems.addAll(contract.problems(c.get(), m.group(2), "README.md, line " + line + " (" + channel + ")"));
        }
        assertEquals(List.of(), problems);
        for (MqttContract.Channel c : contract.channels()) {
            assertTrue(shown.contains(c.name()), "the README shows no example of " + c.address());
        }
    }

    @Test
    void readmeMqttSection_everyJsonBlockIsAMarkedExample() throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n## MQTT topics and payloads");
        assertTrue(start > 0, "README has an MQTT section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        int blocks = section.split("```json", -1).length - 1;
        int marked = 0;
        for (Matcher m = EXAMPLE.matcher(section); m.find(); ) {
            marked++;
        }
        assertEquals(blocks, marked, "every ```json block of the MQTT section follows a <!-- payload: CHANNEL --> marker");
    }

    @Test
    void shippedDeclarations_fitTheDeclarationSchema() throws Exception {
        MqttContract contract = MqttContract.load();
        MqttContract.Channel declarations = contract.channel("declarations").orElseThrow();
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("..", "config", "declarations"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "the demo's and the example declarations: " + files);
        for (Path f : files) {
            problems.addAll(contract.problems(declarations, Files.readString(f), f.toString()));
        }
        assertEquals(List.of(), problems);
    }
}
