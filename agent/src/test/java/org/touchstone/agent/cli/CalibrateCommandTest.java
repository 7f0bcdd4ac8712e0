package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The technician's commands run from procedure files, store their records, and report them. */
class CalibrateCommandTest {

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void post() throws Exception {
        config = dir.resolve("post.yaml");
        Files.writeString(config, """
                post:
                  id: cal
                mqtt:
                  url: tcp://127.0.0.1:1
                scales:
                  - id: scale-1
                    serial:
                      path: /dev/null
                    accuracyClass: II
                    verificationIntervalGrams: 0.1
                    capacityGrams: 6200
                xrfAnalyzers:
                  - id: xrf-1
                dataDirectory: data
                """);
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TouchstoneCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Indications for the default procedure of a 6200 g scale, each load shown with {@code error} per kg. */
    private Path scaleProcedure(String name, double errorPerKg) throws Exception {
        List<String> ind = new ArrayList<>();
        ind.add("0.00");
        for (double load : new double[] {500, 1000, 2000, 6200}) {
            ind.add(String.format(Locale.ROOT, "%.2f", load + errorPerKg * load / 1000));
        }
        for (String r : new String[] {"2000.01", "2000.00", "2000.02", "2000.01", "2000.00", "2000.01"}) {
            ind.add(r);
        }
        for (String e : new String[] {"2000.00", "2000.02", "1999.99", "2000.01", "2000.00"}) {
            ind.add(e);
        }
        ind.add("0.00");
        ind.add("2000.01");
        Path file = dir.resolve(name);
        Files.writeString(file, """
                technician: A. Technician
                weights: {id: WS-7, weightClass: F1, certificate: CAL-2026-0117}
                indications: [%s]
                """.formatted(String.join(", ", ind)));
        return file;
    }

    @Test
    void scale_soundIndicationsFromAProcedureFile_passAndAreJournaled() throws Exception {
        Run r = run("calibrate", "scale", "--config", config.toString(), "--device", "scale-1", "--procedure",
                scaleProcedure("good.yaml", 0.005).toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("scale-1: verification PASSED"), r.out());
        assertTrue(r.out().contains("recorded as journal record"), r.out());
        Run devices = run("devices", "--config", config.toString());
        assertTrue(devices.out().matches("(?s).*scale-1\\s+scale\\s+never seen\\s+TRUSTED.*"), devices.out());
        assertTrue(devices.out().matches("(?s).*xrf-1\\s+xrf\\s+.*UNKNOWN.*"), devices.out());
    }

    @Test
    void scale_biasedIndications_failAndTheDeviceIsFailed() throws Exception {
        Run r = run("calibrate", "scale", "--config", config.toString(), "--device", "scale-1", "--procedure",
                scaleProcedure("biased.yaml", 0.1).toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED: indication at 2000 g, indication at 6200 g"), r.out());
        Path png = dir.resolve("scale.png");
        Run report = run("calibrate", "report", "--config", config.toString(), "--device", "scale-1", "--out",
                png.toString());
        assertEquals(0, report.exit(), report.err());
        assertTrue(report.out().startsWith("scale-1: FAILED"), report.out());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void xrf_recordedResultsFromAProcedureFile_checkedAgainstTheCertificates_andCharted() throws Exception {
        Path file = dir.resolve("crm.json");
        Files.writeString(file, """
                {"technician": "A. Technician",
                 "standards": [{"id": "AU-9999", "description": "fine gold 999.9", "certificate": "C-1",
                                "elements": {"Au": {"percent": 99.99, "uncertaintyPercent": 0.01}}},
                               {"id": "AG-925", "description": "sterling silver",
                                "elements": {"Ag": {"percent": 92.5, "uncertaintyPercent": 0.05},
                                             "Cu": {"percent": 7.5, "uncertaintyPercent": 0.05}}}],
                 "results": [
                   {"testNumber": "1", "elements": [{"element": "Au", "percent": 99.97, "uncertainty": 0.06, "coverageFactor": 2}]},
                   {"testNumber": "2", "elements": [{"element": "Ag", "percent": 91.7, "uncertainty": 0.06, "coverageFactor": 2},
                                                    {"element": "Cu", "percent": 7.52, "uncertainty": 0.03, "coverageFactor": 2}]}]}
                """);
        Run r = run("calibrate", "xrf", "--config", config.toString(), "--device", "xrf-1", "--procedure", file.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED: Ag on AG-925"), r.out());
        assertTrue(r.out().matches("(?s).*AU-9999 +Au .*PASS.*"), r.out());
        Path png = dir.resolve("xrf.png");
        Run report = run("calibrate", "report", "--config", config.toString(), "--device", "xrf-1", "--out",
                png.toString());
        assertEquals(0, report.exit(), report.err());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void scale_unknownDevice_exit2NamingIt() {
        Run r = run("calibrate", "scale", "--config", config.toString(), "--device", "scale-9", "--technician", "X",
                "--weights", "A,F1,C");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--device scale-9: no such device in " + config + "; configured: "), r.err());
    }
}
