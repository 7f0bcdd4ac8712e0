package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code touchstone assess} as a user runs it: exit codes and the JSON shape the issue promises. */
class AssessCommandTest {

    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int assess(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "assess";
        System.arraycopy(args, 0, all, 1, args.length);
        return TouchstoneCli.commandLine().execute(all);
    }

    @Test
    void assess_redCase_jsonFormat_exit0WithLaneAndFindings() throws Exception {
        Path c = CORPUS.resolve("silver-declared-gold-found");
        int exit = assess("--declaration", c.resolve("declaration.json").toString(), "--readings",
                c.resolve("readings.jsonl").toString(), "--config", CORPUS.resolve("policy.yaml").toString(),
                "--format", "json");
        assertEquals(0, exit, err.toString());
        JsonNode result = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("C-AG-AU", result.path("declarationId").asText());
        assertEquals("RED", result.path("lane").asText());
        JsonNode first = result.path("findings").get(0);
        for (String field : new String[] {"code", "itemId", "severity", "message", "evidence"}) {
            assertTrue(first.has(field), "finding has " + field + ": " + first);
        }
    }

    @Test
    void assess_textFormat_printsLaneAndSentences() {
        Path c = CORPUS.resolve("honest-kilobar");
        int exit = assess("--declaration", c.resolve("declaration.json").toString(), "--readings",
                c.resolve("readings.jsonl").toString(), "--config", CORPUS.resolve("policy.yaml").toString());
        assertEquals(0, exit, err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("C-HONEST-BAR: GREEN"), text);
        assertTrue(text.contains("not tested: Bulk composition"), text);
    }

    @Test
    void assess_badReadingLine_exit2NamingFileLineAndField() throws Exception {
        Path readings = dir.resolve("r.jsonl");
        Files.writeString(readings, "{\"kind\":\"weight\",\"deviceId\":\"scale-1\",\"value\":1000.0}\n"
                + "{\"kind\":\"weight\",\"deviceId\":\"scale-1\",\"value\":\"heavy\"}\n");
        int exit = assess("--declaration", CORPUS.resolve("honest-kilobar/declaration.json").toString(), "--readings",
                readings.toString(), "--config", CORPUS.resolve("policy.yaml").toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains(readings + ", line 2: value: must be a number"), err.toString());
    }

    @Test
    void assess_missingDeclaration_exit2WithTheReason() {
        int exit = assess("--declaration", dir.resolve("none.json").toString(), "--readings",
                CORPUS.resolve("honest-kilobar/readings.jsonl").toString(), "--config",
                CORPUS.resolve("policy.yaml").toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("none.json") && err.toString().contains("cannot read"), err.toString());
    }
}
