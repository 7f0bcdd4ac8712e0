package org.touchstone.agent.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.sim.scale.Dialects;
import org.touchstone.sim.xrf.SimulatedXrfAnalyzer;
import org.touchstone.sim.xrf.XrfResultLineServer;
import org.touchstone.sim.xrf.XrfScenario;
import org.touchstone.sim.scale.ScaleSimulator;
import org.touchstone.sim.scale.SimulatedScale;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code touchstone probe} in-process against each protocol's simulator, as a technician would run it. */
class ProbeCommandIT {

    @TempDir
    Path dir;

    private ScaleSimulator simulator;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() throws Exception {
        if (simulator != null) {
            simulator.close();
        }
    }

    private ScaleSimulator simulator(String protocol) {
        SimulatedScale physics = new SimulatedScale(new BigDecimal("2200"), new BigDecimal("0.1"),
                new BigDecimal("0.01"), 0.003, Duration.ofMillis(100), System::nanoTime, new Random(5));
        physics.setLoad(new BigDecimal("250.00"));
        simulator = new ScaleSimulator(physics, Dialects.forProtocol(protocol, physics, "SIM-PROBE-1", false));
        return simulator;
    }

    private int run(String... args) {
        CommandLine cli = TouchstoneCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private List<String> readingLines() {
        return Arrays.stream(out.toString().split("\n")).filter(l -> l.contains("\"type\":\"reading\"")).toList();
    }

    @ParameterizedTest(name = "{0} over tcp")
    @ValueSource(strings = {"mt-sics", "sartorius-sbi", "and", "toledo-continuous"})
    void probeOverTcp_printsCountReadingsAsJsonAndExitsZero(String protocol) throws Exception {
        int port = simulator(protocol).startTcp(0);
        int code = run("probe", "--protocol", protocol, "--tcp", "127.0.0.1:" + port, "--count", "3",
                "--poll-interval", "50");
        assertEquals(0, code, err.toString());
        assertEquals(3, readingLines().size(), out.toString());
        assertTrue(out.toString().contains("\"state\":\"CONNECTED\""), out.toString());
        assertTrue(readingLines().get(0).contains("\"unit\":\"g\""), out.toString());
    }

    @Test
    void probeOverSerial_mtSics_readsWithSerialNumber() throws Exception {
        Path link = dir.resolve("ttyScale");
        simulator("mt-sics").startPty(link);
        int code = run("probe", "--protocol", "mt-sics", "--serial", link.toString(), "--baud", "9600", "--count", "5");
        assertEquals(0, code, err.toString());
        assertEquals(5, readingLines().size(), out.toString());
        assertTrue(readingLines().get(4).contains("\"serialNumber\":\"SIM-PROBE-1\""), out.toString());
    }

    @Test
    void unknownProtocol_clearMessageAndExitTwo() {
        int code = run("probe", "--protocol", "ohaus", "--tcp", "127.0.0.1:4001");
        assertEquals(2, code);
        assertTrue(err.toString().contains("protocol must be one of"), err.toString());
    }

    @Test
    void bothSerialAndTcp_refusedWithExitTwo() {
        assertEquals(2, run("probe", "--protocol", "and", "--tcp", "127.0.0.1:4001", "--serial", "/dev/ttyUSB0"));
    }

    @Test
    void badAddress_refusedWithExitTwo() {
        assertEquals(2, run("probe", "--protocol", "and", "--tcp", "localhost"));
        assertTrue(err.toString().contains("host:port"), err.toString());
    }

    @Test
    void unreachableDevice_clearMessageAndExitThree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int code = run("probe", "--protocol", "mt-sics", "--tcp", "127.0.0.1:" + port, "--timeout", "2");
        assertEquals(3, code);
        assertTrue(err.toString().contains("no weight from 127.0.0.1:" + port), err.toString());
        assertTrue(err.toString().contains("disconnected"), err.toString());
    }

    @Test
    void probeConfiguredXrfOverTcp_printsItsReadingsAsJson() throws Exception {
        SimulatedXrfAnalyzer analyzer = new SimulatedXrfAnalyzer("xrf-2", new Random(3), java.time.Clock.systemUTC());
        try (XrfResultLineServer xrf = XrfResultLineServer.onTcp(analyzer, XrfCsvProfile.BRUKER_S1_TITAN)) {
            Path config = dir.resolve("post.yaml");
            java.nio.file.Files.writeString(config, """
                    post: {id: probe}
                    mqtt: {url: "tcp://127.0.0.1:1"}
                    xrfAnalyzers:
                      - {id: xrf-2, source: tcp, tcp: {host: 127.0.0.1, port: %d}, profile: bruker-s1-titan, units: percent}
                    """.formatted(xrf.port()));
            Thread shots = new Thread(() -> {
                try {
                    while (xrf.clientCount() == 0) {
                        Thread.sleep(50);
                    }
                    for (int i = 0; i < 2; i++) {
                        xrf.shoot(XrfScenario.named("bar-999.9").item(), 10, "P/" + i);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            shots.start();
            int code = run("probe", "--device", "xrf-2", "--config", config.toString(), "--count", "2", "--timeout", "30");
            shots.join(10_000);
            assertEquals(0, code, err.toString());
            assertEquals(2, readingLines().size(), out.toString());
            assertTrue(readingLines().get(0).contains("\"kind\":\"xrf\"") && readingLines().get(0).contains("\"Au\""),
                    out.toString());
        }
    }

    @Test
    void probeConfiguredUnknownDevice_namesTheConfiguredOnes() throws Exception {
        Path config = dir.resolve("post.yaml");
        java.nio.file.Files.writeString(config, """
                post: {id: probe}
                mqtt: {url: "tcp://127.0.0.1:1"}
                xrfAnalyzers:
                  - {id: xrf-1}
                """);
        assertEquals(2, run("probe", "--device", "scale-9", "--config", config.toString()));
        assertTrue(err.toString().contains("no device 'scale-9'") && err.toString().contains("xrf-1"), err.toString());
    }
}
