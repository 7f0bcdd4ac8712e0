package org.touchstone.sim.scale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.ScaleDriver;
import org.touchstone.drivers.driver.ScaleProtocols;
import org.touchstone.drivers.protocol.scale.ScaleOptions;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.transport.ByteTransport;
import org.touchstone.drivers.transport.serial.SerialSettings;
import org.touchstone.drivers.transport.serial.SerialTransport;
import org.touchstone.drivers.transport.tcp.TcpSettings;
import org.touchstone.drivers.transport.tcp.TcpTransport;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every protocol's simulator against the generic driver, over a virtual serial port and over loopback TCP: the
 * reading arrives, the serial number where the protocol has one, the link survives an unplug with no reading lost
 * after the reconnect, and every switchable fault is survived.
 */
class ScaleRoundTripIT {

    private static final BigDecimal KILO = new BigDecimal("1000.00");
    private static final BigDecimal FEW_DIVISIONS = new BigDecimal("0.05");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** A protocol under test: its registry entry, the driver's codec, the mode. */
    record Setup(ScaleProtocols entry, ScaleProtocol driverProtocol, ScaleProtocol.Mode mode, boolean tcp) {
        @Override
        public String toString() {
            return entry.protocolName() + " " + mode.name().toLowerCase() + " over " + (tcp ? "tcp" : "pty");
        }

        String protocol() {
            return entry.protocolName();
        }

        boolean hasSerial() {
            return driverProtocol.identityRequest().isPresent();
        }
    }

    /**
     * Every registered protocol in every mode its codec supports and its simulator speaks (the SBI simulator does
     * not auto-print), over both transports: a protocol added to the registry is tested here without an edit.
     */
    static Stream<Setup> setups() {
        List<Setup> all = new ArrayList<>();
        for (boolean tcp : new boolean[] {false, true}) {
            for (ScaleProtocols p : ScaleProtocols.values()) {
                ScaleProtocol codec = p.codec(new ScaleOptions(true, null));
                for (ScaleProtocol.Mode mode : ScaleProtocol.Mode.values()) {
                    boolean simulated = !(p == ScaleProtocols.SARTORIUS_SBI && mode == ScaleProtocol.Mode.STREAM);
                    if (codec.supports(mode) && simulated) {
                        all.add(new Setup(p, codec, mode, tcp));
                    }
                }
            }
        }
        return all.stream();
    }

    static Stream<Setup> tcpSetups() {
        return setups().filter(Setup::tcp);
    }

    @TempDir
    Path dir;

    private final List<WeightReading> readings = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final List<FrameError> rejected = new CopyOnWriteArrayList<>();
    private ScaleSimulator simulator;
    private ScaleDriver driver;

    private final DeviceListener listener = new DeviceListener() {
        @Override
        public void readingReceived(Reading reading) {
            readings.add((WeightReading) reading);
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
    void stop() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private void startBoth(Setup s) throws Exception {
        SimulatedScale physics = new SimulatedScale(new BigDecimal("2200"), new BigDecimal("0.1"),
                new BigDecimal("0.01"), 0.003, Duration.ofMillis(300), System::nanoTime, new Random(11));
        simulator = new ScaleSimulator(physics, Dialects.forProtocol(s.entry(), physics, "SIM0000042", true));
        ByteTransport transport;
        if (s.tcp()) {
            int port = simulator.startTcp(0);
            transport = new TcpTransport(new TcpSettings("127.0.0.1", port));
        } else {
            Path link = dir.resolve("scale");
            simulator.startPty(link);
            transport = new SerialTransport(SerialSettings.mtSics(link.toString()));
        }
        driver = new ScaleDriver("scale-1", transport, s.driverProtocol(), s.mode(), Duration.ofMillis(50),
                Clock.systemUTC(), listener);
        driver.start();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void kiloOnThePan_stableReadingNearKilo_andSerialWhereTheProtocolHasOne(Setup s) throws Exception {
        startBoth(s);
        simulator.scale().setLoad(KILO);
        await().atMost(PATIENCE).until(() -> readings.stream().anyMatch(r -> r.stable() && nearKilo(r)));
        WeightReading r = readings.stream().filter(x -> x.stable() && nearKilo(x)).findFirst().orElseThrow();
        assertEquals("scale-1", r.deviceId());
        assertTrue(!r.raw().isEmpty(), "raw frame kept as evidence");
        if (s.hasSerial()) {
            assertEquals("SIM0000042", driver.serialNumber().orElse(null));
            await().atMost(PATIENCE).until(() -> "SIM0000042".equals(readings.get(readings.size() - 1).serialNumber()));
        }
        assertEquals(DeviceState.CONNECTED, events.get(0).state());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void unplugThenReplug_reconnects_andNoReadingAfterTheReconnectIsLost(Setup s) throws Exception {
        startBoth(s);
        simulator.scale().setLoad(KILO);
        await().atMost(PATIENCE).until(() -> readings.stream().anyMatch(r -> r.stable() && nearKilo(r)));

        simulator.unplug();
        await().atMost(PATIENCE).until(() -> lastState() == DeviceState.DISCONNECTED);
        simulator.replug();
        await().atMost(PATIENCE).until(() -> lastState() == DeviceState.CONNECTED);
        int afterReconnect = readings.size();
        await().atMost(PATIENCE).until(() -> readings.size() > afterReconnect + 5);

        // Freeze the scale once it wrote more: the frames it wrote last are, in order, the readings the driver made
        // last, none lost. The simulator's write lock says when its last frame is out; the driver's last reading
        // being that frame says it has read them all.
        await().atMost(PATIENCE).until(() -> readings.size() > afterReconnect + 15);
        simulator.setSilent(true);
        simulator.awaitQuiet();
        List<String> written = simulator.recentFrames();
        String last = written.get(written.size() - 1).trim();
        await().atMost(PATIENCE).until(() -> !readings.isEmpty() && readings.get(readings.size() - 1).raw().trim()
                .equals(last));
        List<String> tail = written.subList(Math.max(0, written.size() - 10), written.size()).stream()
                .map(String::trim).toList();
        List<String> read = since(readings, 0).stream().map(r -> r.raw().trim()).toList();
        assertEquals(tail, read.subList(read.size() - tail.size(), read.size()), "the last frames written, read in order");
        assertEquals(List.of(), rejected, "no frame rejected");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tcpSetups")
    void everyFault_survived(Setup s) throws Exception {
        startBoth(s);
        simulator.scale().setLoad(KILO);
        await().atMost(PATIENCE).until(() -> readings.stream().anyMatch(r -> r.stable() && nearKilo(r)));

        simulator.injectGarbage(new byte[] {0x00, (byte) 0xFF, 0x13, 0x7F, 'x'});
        await().atMost(PATIENCE).until(() -> !rejected.isEmpty());
        assertReadingsContinue("after garbage");

        simulator.setSplitFrames(true);
        assertReadingsContinue("with frames split at random");
        simulator.setSplitFrames(false);

        if (!s.protocol().equals("toledo-continuous")) {
            simulator.setLineEnd("\r");
            assertReadingsContinue("with CR-only line ends");
            simulator.setLineEnd("\n");
            assertReadingsContinue("with LF-only line ends");
            simulator.setLineEnd(null);
        }

        simulator.setSilent(true);
        await().atMost(PATIENCE).until(() -> lastState() == DeviceState.SILENT);
        simulator.setSilent(false);
        await().atMost(PATIENCE).until(() -> lastState() == DeviceState.CONNECTED);
        assertReadingsContinue("after silence");

        int rejectedBefore = rejected.size();
        int eventsBefore = events.size();
        simulator.scale().setLoad(new BigDecimal("5000"));
        // An overload is the scale's state: told once as a device event, not a rejected frame per poll.
        await().atMost(PATIENCE).until(() -> since(events, eventsBefore).stream()
                .anyMatch(e -> e.detail().contains("overload") || e.detail().contains("out of range")));
        assertEquals(rejectedBefore, rejected.size(), "overload frames are no rejects");
        assertEquals(1, since(events, eventsBefore).stream().filter(e -> e.detail().contains("overload")
                || e.detail().contains("out of range")).count(), "told once, however many frames");
        int beforeUnload = readings.size();
        simulator.scale().setLoad(KILO);
        await().atMost(PATIENCE).until(() -> stableNearKiloSince(beforeUnload));

        simulator.scale().setDrift(2.0);
        int before = readings.size();
        await().atMost(PATIENCE).until(() -> readings.size() > before
                && readings.get(readings.size() - 1).grams().compareTo(new BigDecimal("1001.00")) > 0);
        simulator.scale().setDrift(0);
    }

    private boolean stableNearKiloSince(int from) {
        return readings.size() > from && since(readings, from).stream()
                .anyMatch(r -> r.stable() && nearKilo(r));
    }

    private void assertReadingsContinue(String when) {
        int before = readings.size();
        await().alias("readings " + when).atMost(PATIENCE).until(() -> readings.size() >= before + 5
                && since(readings, before).stream().anyMatch(this::nearKilo));
    }

    /**
     * What a list the drivers append to held from index {@code from} on, taken from a snapshot: a sub-list of the
     * live copy-on-write list fails when the driver's thread appends while it is read.
     */
    private static <T> List<T> since(List<T> live, int from) {
        List<T> snapshot = List.copyOf(live);
        return snapshot.subList(Math.min(from, snapshot.size()), snapshot.size());
    }

    private DeviceState lastState() {
        return events.isEmpty() ? null : events.get(events.size() - 1).state();
    }

    private boolean nearKilo(WeightReading r) {
        return r.grams().subtract(KILO).abs().compareTo(FEW_DIVISIONS) <= 0;
    }
}
