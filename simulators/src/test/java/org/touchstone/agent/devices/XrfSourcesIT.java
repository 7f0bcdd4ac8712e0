package org.touchstone.agent.devices;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.sim.broker.TestBroker;
import org.touchstone.sim.xrf.MqttXrfPublisher;
import org.touchstone.sim.xrf.SciApsApiSimulator;
import org.touchstone.sim.xrf.SimulatedXrfAnalyzer;
import org.touchstone.sim.xrf.XrfExportFolderWriter;
import org.touchstone.sim.xrf.XrfResultLineServer;
import org.touchstone.sim.xrf.XrfScenario;

/**
 * The agent's device wiring, from a YAML configuration, against simulated analyzers on every path at once: each
 * path's readings reach the agent as the same normalised reading, under the configured device id.
 */
class XrfSourcesIT {

    @TempDir
    Path dir;

    private final List<XrfReading> readings = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final List<String> connected = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void everyPath_readingsReachTheAgent() throws Exception {
        Random random = new Random(21);
        SimulatedXrfAnalyzer physics = new SimulatedXrfAnalyzer("sim", random, Clock.systemUTC());
        XrfResultLineServer tcp = XrfResultLineServer.onTcp(physics, XrfCsvProfile.BRUKER_S1_TITAN);
        open.add(tcp);
        Path link = dir.resolve("xrf-serial");
        XrfResultLineServer serial = XrfResultLineServer.onPseudoTerminal(physics, XrfCsvProfile.THERMO_NITON, link);
        open.add(serial);
        SciApsApiSimulator sciaps = new SciApsApiSimulator(physics, 2.0);
        open.add(sciaps);
        Files.createDirectories(dir.resolve("usb"));
        String postId = "it-xrf-" + System.nanoTime();
        String yaml = "post: {id: " + postId + "}\n"
                + "mqtt: {url: '" + TestBroker.url() + "'}\n"
                + "dataDirectory: data\n"
                + "xrfAnalyzers:\n"
                + "  - {id: xrf-mqtt, source: mqtt}\n"
                + "  - {id: xrf-tcp, source: tcp, tcp: {host: 127.0.0.1, port: " + tcp.port() + "}, profile: bruker-s1-titan, units: percent}\n"
                + "  - {id: xrf-serial, source: serial, serial: {path: '" + link + "'}}\n"
                + "  - {id: xrf-sciaps, source: sciaps, sciaps: {url: '" + sciaps.baseUri() + "', coverageFactor: 2, statusIntervalMillis: 200}}\n"
                + "  - {id: xrf-folder, source: folder, folder: {path: usb, settleMillis: 500, pollMillis: 100}}\n";
        AgentConfig config = new ConfigLoader().parse(yaml, "it.yaml");
        MqttConnection agentMqtt = new MqttConnection(MqttSettings.anonymous(TestBroker.url(), postId + "-agent"), null);
        open.add(agentMqtt);
        assertTrue(agentMqtt.startAndAwait(30_000));
        Topics topics = new Topics("touchstone", postId);
        DeviceInput events = new DeviceInput() {
            @Override
            public void inputRejected(String source, String reason) {
                rejected.add(source + ": " + reason);
            }

            @Override
            public void deviceStatus(String deviceId, String state, String detail) {
                if (state.equals("CONNECTED")) {
                    connected.add(deviceId);
                }
            }
        };
        DeviceContext ctx = new DeviceContext(Clock.systemUTC(), agentMqtt, topics,
                (Reading r) -> readings.add((XrfReading) r), events, dir);
        org.touchstone.drivers.driver.XrfTestRequests sciapsTests = null;
        for (AutoCloseable c : new PostDevices().start(config, ctx)) {
            open.add(c);
            if (c instanceof org.touchstone.drivers.driver.XrfTestRequests t) {
                sciapsTests = t;
            }
        }
        // The importer creates its state file beside the journal when its thread starts.
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(dir.resolve("data")));

        await().atMost(Duration.ofSeconds(60)).until(() -> tcp.clientCount() == 1);
        tcp.shoot(XrfScenario.named("bar-999.9").item(), 10, "D-1/1");
        await().atMost(Duration.ofSeconds(60)).until(() -> connected.contains("xrf-serial"));
        serial.shoot(XrfScenario.named("silver-925").item(), 10, "D-1/2");
        // A SciAps analyzer measures only when a test is requested (the agent's xrf-test command).
        sciaps.place(XrfScenario.named("platinum-950").item(), 10);
        org.touchstone.drivers.driver.XrfTestRequests tests = sciapsTests;
        await().atMost(Duration.ofSeconds(60)).until(() -> connected.contains("xrf-sciaps"));
        assertEquals(org.touchstone.drivers.driver.XrfTestRequests.Ending.COMPLETED,
                tests.requestTest("it").get(60, java.util.concurrent.TimeUnit.SECONDS).ending());
        new XrfExportFolderWriter(XrfCsvProfile.EVIDENT_VANTA).writeAtomically(dir.resolve("usb"), "shift.csv",
                List.of(physics.shoot(XrfScenario.named("jewellery-9k").item(), 10, "D-1/4")));
        MqttConnection instrument = new MqttConnection(MqttSettings.anonymous(TestBroker.url(), postId + "-sim"), null);
        open.add(instrument);
        assertTrue(instrument.startAndAwait(30_000));
        MqttXrfPublisher mqtt = new MqttXrfPublisher(new SimulatedXrfAnalyzer("xrf-mqtt", random, Clock.systemUTC()),
                instrument, topics.xrfResult("xrf-mqtt"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            if (readings.stream().noneMatch(r -> r.deviceId().equals("xrf-mqtt"))) {
                mqtt.shoot(XrfScenario.named("jewellery-18k").item(), 10, "D-1/5");
            }
            assertEquals(java.util.Set.of("xrf-mqtt", "xrf-tcp", "xrf-serial", "xrf-sciaps", "xrf-folder"),
                    readings.stream().map(XrfReading::deviceId).collect(Collectors.toSet()), "rejected: " + rejected);
        });
        Map<String, XrfReading> byDevice = readings.stream()
                .collect(Collectors.toMap(XrfReading::deviceId, r -> r, (a, b) -> a));
        assertTrue(byDevice.get("xrf-tcp").element("Au").orElseThrow().percent() > 99.5);
        assertTrue(byDevice.get("xrf-serial").element("Ag").orElseThrow().percent() > 90);
        assertTrue(byDevice.get("xrf-sciaps").element("Pt").orElseThrow().percent() > 90);
        assertTrue(byDevice.get("xrf-folder").element("Au").orElseThrow().percent() > 35);
        assertEquals("D-1/4", byDevice.get("xrf-folder").itemId());
        assertTrue(byDevice.get("xrf-mqtt").element("Au").orElseThrow().percent() > 73);
        assertEquals(List.of(), rejected);
    }
}
