package org.touchstone.sim.xrf;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.SciApsClient;
import org.touchstone.drivers.driver.SciApsXrfDriver;
import org.touchstone.drivers.driver.XrfFolderImporter;
import org.touchstone.drivers.driver.XrfStreamDriver;
import org.touchstone.drivers.driver.XrfTestRequests;
import org.touchstone.drivers.protocol.xrfcsv.ConcentrationUnit;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser;
import org.touchstone.drivers.transport.tcp.TcpTransport;
import org.touchstone.drivers.transport.tcp.TcpSettings;
import org.touchstone.drivers.transport.serial.SerialTransport;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.protocol.xrfjson.XrfJsonCodec;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.drivers.transport.serial.SerialSettings;
import org.touchstone.sim.broker.TestBroker;

/**
 * The simulated analyzer played through every output path into the driver that reads that path: result lines
 * over TCP and over a virtual serial port, the SciAps-style HTTP API, export files in a watched folder (with a
 * restart), and MQTT. What arrives must be what was measured, uncertainty and detection limits intact.
 */
class XrfSimulatorRoundTripIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<XrfReading> readings = new CopyOnWriteArrayList<>();
    private final List<FrameError> rejected = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final SimulatedXrfAnalyzer analyzer = new SimulatedXrfAnalyzer("xrf-1", new Random(11), Clock.systemUTC());

    private final DeviceListener listener = new DeviceListener() {
        @Override
        public void readingReceived(Reading reading) {
            readings.add((XrfReading) reading);
        }

        @Override
        public void deviceStateChanged(DeviceEvent event) {
            events.add(event);
        }

        @Override
        public void frameRejected(FrameError error) {
            rejected.add(error);
        }
    };

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T opened(T c) {
        open.add(c);
        return c;
    }

    /** Same test, same elements, same values and standard uncertainties (to the CSV's six decimals). */
    private static void assertSameMeasurement(XrfReading sent, XrfReading got) {
        assertEquals(sent.testNumber(), got.testNumber());
        for (ElementResult e : sent.elements()) {
            ElementResult g = got.element(e.element()).orElseThrow(() -> new AssertionError(e.element() + " missing"));
            assertEquals(e.belowDetection(), g.belowDetection(), e.element());
            if (!e.belowDetection()) {
                assertEquals(e.percent(), g.percent(), 2e-6, e.element());
                assertEquals(e.standardUncertainty(), g.standardUncertainty(), 2e-6, e.element());
            }
        }
    }

    @Test
    void tcp_everyScenario_arrivesAsMeasured() throws Exception {
        analyzer.setIdentity("S1 TITAN 800", "SN-800", "insp");
        XrfResultLineServer sim = opened(XrfResultLineServer.onTcp(analyzer, XrfCsvProfile.BRUKER_S1_TITAN));
        // Bruker result lines state no unit: the analyzer's setting does.
        XrfStreamDriver driver = opened(new XrfStreamDriver("xrf-1", new TcpTransport(new TcpSettings("127.0.0.1", sim.port())),
                null, new XrfCsvParser.Settings(ConcentrationUnit.PERCENT, null), null, ZoneOffset.UTC,
                Clock.systemUTC(), listener));
        driver.start();
        await().atMost(WAIT).until(() -> sim.clientCount() == 1);
        List<XrfReading> sent = new ArrayList<>();
        for (XrfScenario s : XrfScenario.all()) {
            sent.add(sim.shoot(s.item(), 10, "SIM-1/" + s.name()));
        }
        await().atMost(WAIT).until(() -> readings.size() == sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertSameMeasurement(sent.get(i), readings.get(i));
            assertEquals(sent.get(i).sampleLabel(), readings.get(i).sampleLabel());
            assertEquals("insp", readings.get(i).operator());
        }
        assertEquals(List.of(), rejected);
    }

    @Test
    void tcp_garbageBetweenRows_reportedWithLine_restRead() throws Exception {
        XrfResultLineServer sim = opened(XrfResultLineServer.onTcp(analyzer, XrfCsvProfile.THERMO_NITON));
        XrfStreamDriver driver = opened(new XrfStreamDriver("xrf-1", new TcpTransport(new TcpSettings("127.0.0.1", sim.port())),
                XrfCsvProfile.THERMO_NITON, ZoneOffset.UTC, Clock.systemUTC(), listener));
        driver.start();
        await().atMost(WAIT).until(() -> sim.clientCount() == 1);
        XrfItem gold = XrfScenario.named("jewellery-18k").item();
        sim.shoot(gold, 10, "A/1");
        sim.write("1,2,3,not,a,row\r\n".getBytes());
        sim.shoot(gold, 10, "A/2");
        await().atMost(WAIT).until(() -> readings.size() == 2);
        await().atMost(WAIT).until(() -> rejected.size() == 1);
        assertTrue(rejected.get(0).reason().startsWith("tcp://127.0.0.1:" + sim.port() + ", line 3"), rejected.get(0).reason());
    }

    @Test
    void serialPort_niton_rowsWithRepeatedHeaders() throws Exception {
        Path link = dir.resolve("xrf-serial");
        XrfResultLineServer sim = opened(XrfResultLineServer.onPseudoTerminal(analyzer, XrfCsvProfile.THERMO_NITON, link));
        XrfStreamDriver driver = opened(new XrfStreamDriver("xrf-1", new SerialTransport(SerialSettings.mtSics(link.toString())), null, ZoneOffset.UTC, Clock.systemUTC(), listener));
        driver.start();
        await().atMost(WAIT).until(() -> driver.state().orElse(null) == DeviceState.CONNECTED);
        List<XrfReading> sent = new ArrayList<>();
        for (String name : List.of("silver-925", "dore-ag-hg", "platinum-950")) {
            sent.add(sim.shoot(XrfScenario.named(name).item(), 20, "P/" + name));
        }
        await().atMost(WAIT).until(() -> readings.size() == sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertSameMeasurement(sent.get(i), readings.get(i));
            assertEquals(2.0, readings.get(i).elements().stream().filter(e -> !e.belowDetection()).findFirst().orElseThrow().coverageFactor());
        }
        assertEquals(List.of(), rejected);
    }

    @Test
    void sciApsApi_aRequestedTestArrivesAsMeasured() throws Exception {
        SciApsApiSimulator sim = opened(new SciApsApiSimulator(analyzer, 2.0));
        SciApsXrfDriver driver = opened(new SciApsXrfDriver("xrf-2", new SciApsClient(sim.baseUri(), Duration.ofMinutes(5)),
                "PreciousMetals", 2.0, Duration.ofMillis(200), Clock.systemUTC(), listener));
        driver.start();
        await().atMost(WAIT).until(() -> driver.identity().isPresent()
                && driver.state().orElse(null) == DeviceState.CONNECTED);
        sim.place(XrfScenario.named("gold-flashed-tungsten").item(), 10);
        assertEquals(XrfTestRequests.Ending.COMPLETED, driver.requestTest("it").get().ending());
        sim.place(XrfScenario.named("bar-999.9").item(), 10);
        assertEquals(XrfTestRequests.Ending.COMPLETED, driver.requestTest("it").get().ending());
        assertEquals(2, readings.size());
        XrfReading flashed = readings.get(0);
        assertTrue(flashed.element("Pt").orElseThrow().percent() > 10, "tungsten read as platinum in precious-metals mode");
        assertEquals(analyzer.serial(), flashed.analyzerSerial());
        assertTrue(readings.get(1).element("Au").orElseThrow().percent() > 99.5);
        assertEquals(2, sim.testsStarted());
        assertEquals(List.of(), rejected);
    }

    @Test
    void folder_slowAndAtomicFiles_importedOnce_evenAcrossARestart() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("usb"));
        Path state = dir.resolve("data/xrf-import-xrf-3.state");
        XrfExportFolderWriter vanta = new XrfExportFolderWriter(XrfCsvProfile.EVIDENT_VANTA);
        XrfCsvParser.Settings percent = new XrfCsvParser.Settings(ConcentrationUnit.PERCENT, null);
        XrfFolderImporter[] importer = new XrfFolderImporter[1];
        DeviceListener acknowledging = acknowledging(importer);
        XrfFolderImporter first = new XrfFolderImporter("xrf-3", folder, "*.csv", state, Duration.ofMillis(3000),
                Duration.ofMillis(100), null, percent, ZoneOffset.UTC, Clock.systemUTC(), acknowledging);
        importer[0] = first;
        first.start();
        List<XrfReading> a = List.of(analyzer.shoot(XrfScenario.named("bar-995").item(), 10, "F/1"),
                analyzer.shoot(XrfScenario.named("bar-995").item(), 10, "F/1"));
        List<XrfReading> b = List.of(analyzer.shoot(XrfScenario.named("gold-plated-silver").item(), 10, "F/2"));
        vanta.writeAtomically(folder, "a.csv", a);
        // Written in 6 pieces 400 ms apart: never still for the 3 s settle time until it is complete.
        vanta.writeSlowly(folder, "b.csv", b, 6, Duration.ofMillis(400));
        await().atMost(WAIT).until(() -> readings.size() == 3 && first.pendingShots() == 0);
        assertEquals(List.of(), rejected, "a partly written file was read early");
        first.close();

        Files.copy(folder.resolve("a.csv"), folder.resolve("a-copy.csv"));
        XrfFolderImporter second = opened(new XrfFolderImporter("xrf-3", folder, "*.csv", state, Duration.ofMillis(3000),
                Duration.ofMillis(100), null, percent, ZoneOffset.UTC, Clock.systemUTC(), acknowledging));
        importer[0] = second;
        second.start();
        List<XrfReading> c = List.of(analyzer.shoot(XrfScenario.named("silver-925").item(), 10, "F/3"));
        new XrfExportFolderWriter(XrfCsvProfile.BRUKER_S1_TITAN).writeAtomically(folder, "c.csv", c);
        // a.csv, b.csv and the copy of a.csv are known by their content after the restart; c.csv is new.
        await().atMost(WAIT).until(() -> second.knownFilesSkipped() >= 3 && readings.size() >= 4);
        assertEquals(4, readings.size(), "nothing imported twice across the restart, and no copy under another name");
        assertSameMeasurement(c.get(0), readings.get(3));
        assertEquals(4, second.importedShots().size());
        assertEquals(List.of(), rejected);
    }

    /** A listener that journals nothing but acknowledges each reading at once, as the agent does after its commit. */
    private DeviceListener acknowledging(XrfFolderImporter[] importer) {
        return new DeviceListener() {
            @Override
            public void readingReceived(Reading reading) {
                listener.readingReceived(reading);
                importer[0].acknowledge((XrfReading) reading);
            }

            @Override
            public void deviceStateChanged(DeviceEvent event) {
                listener.deviceStateChanged(event);
            }

            @Override
            public void frameRejected(FrameError error) {
                listener.frameRejected(error);
            }
        };
    }

    @Test
    void mqtt_scenarios_roundTripThroughTheBroker() throws Exception {
        String url = TestBroker.url();
        String topic = "touchstone/it-xrf-" + System.nanoTime() + "/xrf/xrf-1/result";
        XrfJsonCodec codec = new XrfJsonCodec();
        MqttConnection consumer = opened(new MqttConnection(MqttSettings.anonymous(url, "xrf-it-consumer-" + System.nanoTime()), null));
        consumer.subscribe(topic, 1, (t, payload) -> readings.add(codec.decode(payload, t, "xrf-1", Clock.systemUTC().instant())));
        assertTrue(consumer.startAndAwait(30_000));
        MqttConnection instrument = opened(new MqttConnection(MqttSettings.anonymous(url, "xrf-it-sim-" + System.nanoTime()), null));
        assertTrue(instrument.startAndAwait(30_000));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            // the subscription is made asynchronously: probe until one message arrives
            if (readings.isEmpty()) {
                instrument.publish(topic, "{\"elements\":[{\"element\":\"Au\",\"percent\":1,\"uncertainty\":0.1,\"coverageFactor\":1}]}", 1, false);
            }
            return !readings.isEmpty();
        });
        // The probe readings carry no sample label; only the shots below, labelled M/1, are counted.
        MqttXrfPublisher publisher = new MqttXrfPublisher(analyzer, instrument, topic);
        List<XrfReading> sent = new ArrayList<>();
        for (String name : List.of("jewellery-9k", "brass-painted-gold", "gold-plated-tungsten")) {
            sent.add(publisher.shoot(XrfScenario.named(name).item(), 10, "M/1"));
        }
        await().atMost(WAIT).until(() -> readings.size() >= sent.size());
        List<XrfReading> got = readings.stream().filter(r -> r.sampleLabel() != null && r.sampleLabel().equals("M/1")).toList();
        assertEquals(sent.size(), got.size());
        for (int i = 0; i < sent.size(); i++) {
            assertSameMeasurement(sent.get(i), got.get(i));
            assertEquals(sent.get(i).analyzerSerial(), got.get(i).analyzerSerial());
        }
    }
}
