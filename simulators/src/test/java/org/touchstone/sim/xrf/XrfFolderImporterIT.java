package org.touchstone.sim.xrf;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.XrfFolderImporter;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * The export-folder importer against files written the way people and instruments really write them: an export
 * that stalls longer than the settle time in the middle, one cut inside a number, an export regenerated with
 * overlapping rows, and an agent that dies before it journaled what it was handed. Every shot arrives once; none
 * is lost.
 */
class XrfFolderImporterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofMillis(1000);

    @TempDir
    Path dir;

    private final List<XrfReading> readings = new CopyOnWriteArrayList<>();
    private final List<FrameError> rejected = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicBoolean acknowledge = new AtomicBoolean(true);
    private final SimulatedXrfAnalyzer analyzer = new SimulatedXrfAnalyzer("xrf-3", new Random(3), Clock.systemUTC());
    private XrfFolderImporter importer;
    private Path folder;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private XrfFolderImporter start() throws Exception {
        if (folder == null) {
            folder = Files.createDirectory(dir.resolve("usb"));
        }
        importer = new XrfFolderImporter("xrf-3", folder, "*.csv", dir.resolve("data/state"), SETTLE,
                Duration.ofMillis(100), null, XrfCsvParser.Settings.NONE, ZoneOffset.UTC, Clock.systemUTC(),
                new DeviceListener() {
                    @Override
                    public void readingReceived(Reading reading) {
                        readings.add((XrfReading) reading);
                        if (acknowledge.get()) {
                            importer.acknowledge((XrfReading) reading);
                        }
                    }

                    @Override
                    public void frameRejected(FrameError error) {
                        rejected.add(error);
                    }
                });
        open.add(importer);
        importer.start();
        return importer;
    }

    private List<XrfReading> shots(int n, String scenario) {
        List<XrfReading> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(analyzer.shoot(XrfScenario.named(scenario).item(), 10, "F/" + scenario));
        }
        return out;
    }

    private List<String> testNumbers() {
        return readings.stream().map(XrfReading::testNumber).toList();
    }

    @Test
    void exportStallingLongerThanTheSettleTime_midRow_eachShotOnce() throws Exception {
        start();
        List<XrfReading> three = shots(3, "bar-995");
        byte[] bytes = new XrfExportFolderWriter(XrfCsvProfile.EVIDENT_VANTA).content(three)
                .getBytes(StandardCharsets.UTF_8);
        String text = new String(bytes, StandardCharsets.UTF_8);
        // Stop 30 characters into the second row for 3.5 x the settle time, as a stalled USB copy does.
        int cut = text.indexOf("\r\n", text.indexOf("\r\n", text.indexOf("\r\n") + 2) + 2) + 2 + 30;
        Path file = folder.resolve("export.csv");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes, 0, cut);
            out.flush();
            await().atMost(WAIT).until(() -> rejected.stream()
                    .anyMatch(e -> e.reason().contains("the last line has no line end yet")));
            long stalled = System.nanoTime();
            await().atMost(WAIT).until(() -> System.nanoTime() - stalled >= 2_500_000_000L); // the rest of 3.5 s
            assertEquals(List.of(three.get(0).testNumber()), testNumbers(), "only the complete first row");
            out.write(bytes, cut, bytes.length - cut);
        }
        await().atMost(WAIT).until(() -> readings.size() == 3);
        assertEquals(three.stream().map(XrfReading::testNumber).toList(), testNumbers(),
                "each shot once: the first row was not imported a second time");
        assertEquals(1, importer.duplicatesSkipped());
    }

    @Test
    void fileCutInsideANumber_theCutRowIsNeverRead() throws Exception {
        start();
        List<XrfReading> two = shots(2, "jewellery-18k");
        String text = new XrfExportFolderWriter(XrfCsvProfile.EVIDENT_VANTA).content(two);
        String cutText = text.substring(0, text.length() - 12); // inside the last row, no line end
        Files.writeString(folder.resolve("cut.csv"), cutText, StandardCharsets.UTF_8);
        await().atMost(WAIT).until(() -> importer.filesRead() >= 1
                && rejected.stream().anyMatch(e -> e.reason().contains("must be exported again")));
        assertEquals(List.of(two.get(0).testNumber()), testNumbers());
    }

    @Test
    void regeneratedExportWithOverlappingRows_onlyTheNewShotsArrive() throws Exception {
        start();
        List<XrfReading> day = shots(5, "silver-925");
        XrfExportFolderWriter vanta = new XrfExportFolderWriter(XrfCsvProfile.EVIDENT_VANTA);
        vanta.writeAtomically(folder, "2026-03-14.csv", day.subList(0, 3));
        await().atMost(WAIT).until(() -> readings.size() == 3);
        // The analyzer exports the day again, now with five shots, over the same name and as a second file.
        vanta.writeAtomically(folder, "2026-03-14.csv", day);
        vanta.writeAtomically(folder, "2026-03-14 (1).csv", day.subList(1, 5));
        await().atMost(WAIT).until(() -> readings.size() >= 5 && importer.duplicatesSkipped() >= 3 + 4);
        assertEquals(day.stream().map(XrfReading::testNumber).toList(), testNumbers());
    }

    @Test
    void handedOnButNotJournaled_beforeACrash_arrivesAgainAfterTheRestart() throws Exception {
        acknowledge.set(false);
        start();
        List<XrfReading> two = shots(2, "bar-999.9");
        new XrfExportFolderWriter(XrfCsvProfile.EVIDENT_VANTA).writeAtomically(folder, "a.csv", two);
        await().atMost(WAIT).until(() -> readings.size() == 2);
        assertEquals(2, importer.pendingShots());
        importer.close(); // the agent dies before its journal commit: nothing was acknowledged

        acknowledge.set(true);
        readings.clear();
        start();
        await().atMost(WAIT).until(() -> readings.size() == 2 && importer.pendingShots() == 0);
        assertEquals(two.stream().map(XrfReading::testNumber).toList(), testNumbers(), "not lost");
        importer.close();

        readings.clear();
        start();
        await().atMost(WAIT).until(() -> importer.knownFilesSkipped() >= 1);
        assertEquals(List.of(), readings, "acknowledged shots are not imported again");
        assertTrue(Files.readString(dir.resolve("data/state")).contains("shot\t"));
    }
}
