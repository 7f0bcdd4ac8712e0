package org.touchstone.sim.xrf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvWriter;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Writes export files into a folder as an inspector copying from a USB stick would: either atomically (a
 * temporary name, then a rename) or slowly, in chunks with pauses, under the final name, to exercise the
 * importer's rule that a file is not read before it stops growing.
 */
public final class XrfExportFolderWriter {

    private final XrfCsvWriter writer;

    public XrfExportFolderWriter(XrfCsvProfile profile) {
        this.writer = new XrfCsvWriter(profile, ZoneOffset.UTC);
    }

    /** The file's text: preamble, one header for the union of elements, one row per reading. */
    public String content(List<XrfReading> readings) {
        Set<String> elements = new LinkedHashSet<>();
        readings.forEach(r -> r.elements().stream().map(ElementResult::element).forEach(elements::add));
        List<String> els = List.copyOf(elements);
        StringBuilder sb = new StringBuilder(writer.preamble()).append(writer.header(els));
        readings.forEach(r -> sb.append(writer.row(r, els)));
        return sb.toString();
    }

    /** Writes {@code name} in one step (temporary file, then an atomic rename). */
    public Path writeAtomically(Path folder, String name, List<XrfReading> readings) throws IOException {
        Path tmp = folder.resolve("." + name + ".tmp");
        Files.writeString(tmp, content(readings), StandardCharsets.UTF_8);
        return Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes {@code name} under its final name in {@code chunks} pieces with {@code pause} between them. */
    public Path writeSlowly(Path folder, String name, List<XrfReading> readings, int chunks, Duration pause)
            throws IOException, InterruptedException {
        byte[] bytes = content(readings).getBytes(StandardCharsets.UTF_8);
        Path file = folder.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            int step = Math.max(1, bytes.length / chunks);
            for (int i = 0; i < bytes.length; i += step) {
                out.write(bytes, i, Math.min(step, bytes.length - i));
                out.flush();
                if (i + step < bytes.length) {
                    Thread.sleep(pause.toMillis());
                }
            }
        }
        return file;
    }
}
