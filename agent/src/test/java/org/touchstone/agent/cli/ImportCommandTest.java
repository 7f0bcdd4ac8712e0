package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TouchstoneCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.toString().split("\n")) {
            if (!s.isBlank()) {
                l.add(new ObjectMapper().readTree(s));
            }
        }
        return l;
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static final String NITON = "Index,Reading No,Time,Type,Duration,Units,Sigma Value,Sequence,User1,Flags,Boat,Operator,User Login,Au,Au Error,Hg,Hg Error\r\n"
            + "1,101,1/2/06 15:04,Precious Metals,30.5,%,2,Final,DEMO-1/1,,A,insp1,insp1,99.95,0.10,<LOD,0.02\r\n";

    @Test
    void goodFile_printsOneJsonLinePerTest_exitZero() throws Exception {
        Path f = write("niton.csv", NITON);
        assertEquals(0, run("import", f.toString()), err.toString());
        List<JsonNode> l = lines();
        assertEquals(1, l.size());
        JsonNode r = l.get(0);
        assertEquals("thermo-niton", r.get("profile").asText());
        assertEquals(f.toString(), r.get("file").asText());
        assertEquals("DEMO-1/1", r.get("sampleLabel").asText());
        assertEquals(99.95, r.at("/elements/0/percent").asDouble());
        assertEquals(2.0, r.at("/elements/0/coverageFactor").asDouble());
        assertTrue(r.at("/elements/1/belowDetection").asBoolean());
        assertEquals(0.02, r.at("/elements/1/detectionLimit").asDouble());
        assertEquals("2006-01-02T15:04:00Z", r.get("startedAt").asText());
    }

    @Test
    void unreadableAndUnknownFiles_named_exitOne_goodFileStillPrinted() throws Exception {
        Path good = write("niton.csv", NITON);
        Path unknown = write("notes.csv", "Sample;Au\r\n1;99\r\n");
        assertEquals(1, run("import", dir.resolve("missing.csv").toString(), unknown.toString(), good.toString()));
        assertEquals(1, lines().size());
        String e = err.toString();
        assertTrue(e.contains("missing.csv: no such file"), e);
        assertTrue(e.contains("notes.csv, line 1: no header line recognised"), e);
        assertTrue(e.contains("1 readings from 3 file(s); some input could not be read"), e);
    }

    @Test
    void wrongProfile_forcedOnAFile_saysWhichHeaderItExpected() throws Exception {
        Path f = write("niton.csv", NITON);
        assertEquals(1, run("import", "--profile", "bruker-s1-titan", f.toString()));
        assertTrue(err.toString().contains("row before any header line of profile bruker-s1-titan"), err.toString());
        assertEquals(2, run("import", "--profile", "olympus", f.toString()));
    }
}
