package org.touchstone.sim.xrf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.cli.TouchstoneCli;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser;

class XrfSimCommandTest {

    @TempDir
    Path dir;

    @Test
    void xrfSim_isOnTheCommandLine_andWritesReadableExports() throws Exception {
        assertTrue(TouchstoneCli.commandLine().getSubcommands().containsKey("xrf-sim"));
        Path out = dir.resolve("exp");
        int rc = TouchstoneCli.commandLine().execute("xrf-sim", "--output", "folder", "--folder", out.toString(),
                "--scenario", "dore-ag-hg,silver-925", "--shots", "2", "--interval", "0", "--profile", "thermo-niton", "--once");
        assertEquals(0, rc);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(4, files.filter(f -> {
                XrfCsvParser.Result r = XrfCsvParser.parse(f.toString(), read(f), null, "x", Clock.systemUTC(), ZoneOffset.UTC);
                return r.problems().isEmpty() && r.readings().size() == 1 && r.profile().name().equals("thermo-niton");
            }).count());
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
