package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.touchstone.drivers.protocol.xrfcsv.CsvProblem;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.protocol.xrfjson.XrfJsonCodec;
import org.touchstone.drivers.reading.XrfReading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code touchstone import FILE...}: reads XRF export files and prints each test as one JSON line in the MQTT
 * payload's format, plus the file and the profile it was read with. Problems go to stderr with file, line and
 * column; the other files and rows are still read and printed.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read XRF export files (Bruker S1 TITAN results CSV, Evident Vanta, Niton) and print the "
                + "normalised readings as JSON lines.",
                "Exit status: 0 when every file was read cleanly, 1 when a file or a row could not be read "
                        + "(what could be read is printed anyway), 2 on a usage error."})
public final class ImportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Export files to read.")
    List<Path> files;

    @Option(names = {"-p", "--profile"}, paramLabel = "NAME",
            description = "Column mapping: bruker-s1-titan, evident-vanta or thermo-niton (default: recognised from each file's header).")
    String profile;

    @Option(names = {"-d", "--device"}, defaultValue = "import", paramLabel = "ID",
            description = "Device id written into the readings (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = {"-z", "--time-zone"}, defaultValue = "UTC", paramLabel = "ZONE",
            description = "Time zone of the instrument's clock, e.g. Africa/Bamako (default: ${DEFAULT-VALUE}).")
    String timeZone;

    @Option(names = {"-u", "--units"}, paramLabel = "UNIT",
            description = "Unit of concentrations for files without a Units column (percent or ppm); Bruker exports need it.")
    String units;

    @Option(names = "--date-pattern", paramLabel = "PATTERN",
            description = "Date pattern of the exports when it is not the profile's, e.g. dd-MM-yyyy HH:mm.")
    String datePattern;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        XrfCsvProfile fixed = null;
        if (profile != null && !profile.equals("auto")) {
            fixed = XrfCsvProfile.builtIn(profile).orElse(null);
            if (fixed == null) {
                err.println("touchstone import: --profile must be auto or one of " + XrfCsvProfile.BUILT_IN.stream()
                        .map(XrfCsvProfile::name).toList() + ", was: '" + profile + "'");
                return ExitCode.USAGE;
            }
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            err.println("touchstone import: --time-zone must be a zone such as Africa/Bamako or UTC, was: '" + timeZone + "'");
            return ExitCode.USAGE;
        }
        XrfCsvParser.Settings settings;
        try {
            org.touchstone.drivers.protocol.xrfcsv.ConcentrationUnit unit = units == null ? null
                    : org.touchstone.drivers.protocol.xrfcsv.ConcentrationUnit.parse(units).orElseThrow(() ->
                    new IllegalArgumentException("--units must be percent or ppm, was: '" + units + "'"));
            settings = new XrfCsvParser.Settings(unit, datePattern);
        } catch (IllegalArgumentException e) {
            err.println("touchstone import: " + e.getMessage());
            return 2;
        }
        XrfJsonCodec codec = new XrfJsonCodec();
        ObjectMapper mapper = new ObjectMapper();
        boolean clean = true;
        int total = 0;
        for (Path file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                err.println("touchstone import: " + file + ": no such file");
                clean = false;
                continue;
            } catch (IOException e) {
                err.println("touchstone import: " + file + ": cannot read: " + e.getMessage());
                clean = false;
                continue;
            }
            XrfCsvParser.Result result = XrfCsvParser.parse(file.toString(), content, fixed, settings, device,
                    Clock.systemUTC(), zone, false);
            for (XrfReading r : result.readings()) {
                try {
                    ObjectNode line = (ObjectNode) mapper.readTree(codec.encode(r));
                    line.put("file", file.toString());
                    line.put("profile", result.profile().name());
                    out.println(line);
                } catch (IOException e) {
                    throw new IllegalStateException("the codec wrote JSON it cannot read back", e);
                }
            }
            total += result.readings().size();
            for (CsvProblem p : result.problems()) {
                err.println("touchstone import: " + p);
                clean = false;
            }
        }
        out.flush();
        err.println("touchstone import: " + total + " readings from " + files.size() + " file(s)"
                + (clean ? "" : "; some input could not be read (see above)"));
        err.flush();
        return clean ? ExitCode.OK : ExitCode.FAILED;
    }
}
