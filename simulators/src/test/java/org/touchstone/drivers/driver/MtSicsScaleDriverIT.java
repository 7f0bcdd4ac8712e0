package org.touchstone.drivers.driver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.transport.serial.SerialSettings;
import org.touchstone.sim.scale.MtSicsScaleSimulator;
import org.touchstone.sim.scale.SimulatedScale;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver against the simulated balance over a real pseudo-terminal and real jSerialComm, the way the agent
 * meets a scale at a post.
 */
class MtSicsScaleDriverIT {

    private static final BigDecimal KILO = new BigDecimal("1000.00");
    private static final BigDecimal FEW_DIVISIONS = new BigDecimal("0.05");

    @TempDir
    Path dir;

    private final List<WeightReading> readings = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final List<FrameError> rejected = new CopyOnWriteArrayList<>();
    private MtSicsScaleSimulator simulator;
    private MtSicsScaleDriver driver;

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

    private void startBoth(String deviceId) throws Exception {
        Path link = dir.resolve(deviceId);
        simulator = new MtSicsScaleSimulator(
                SimulatedScale.of(new BigDecimal("2200"), new BigDecimal("0.1"), new BigDecimal("0.01"), 11),
                link, "SIM0000042", "XS2202S");
        simulator.start();
        driver = new MtSicsScaleDriver(deviceId, SerialSettings.mtSics(link.toString()), Duration.ofMillis(50),
                Clock.systemUTC(), listener);
        driver.start();
    }

    @Test
    void kiloOnThePan_unstableWhileSettlingThenStableNearKilo_andSerialFromI4() throws Exception {
        startBoth("scale-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.serialNumber().isPresent());
        assertEquals(Optional.of("SIM0000042"), driver.serialNumber());
        await().atMost(Duration.ofSeconds(10)).until(() -> readings.stream().anyMatch(WeightReading::stable));

        readings.clear();
        simulator.setLoad(KILO);
        await().atMost(Duration.ofSeconds(10)).until(() -> readings.stream().anyMatch(r -> !r.stable()));
        await().atMost(Duration.ofSeconds(10)).until(() -> readings.stream().anyMatch(r -> r.stable() && nearKilo(r)));

        WeightReading stable = readings.stream().filter(r -> r.stable() && nearKilo(r)).findFirst().orElseThrow();
        assertEquals("scale-1", stable.deviceId());
        assertEquals(WeightUnit.G, stable.unit());
        assertNull(stable.itemId(), "the agent binds readings to items, not the driver");
        assertTrue(stable.raw().startsWith("S S "), stable.raw());
        List<WeightReading> stableAfterSettling = readings.subList(readings.indexOf(stable), readings.size()).stream()
                .filter(WeightReading::stable).toList();
        assertTrue(stableAfterSettling.stream().allMatch(this::nearKilo),
                "once settled, every stable reading is the kilo within a few d: " + stableAfterSettling);
        assertEquals(DeviceState.CONNECTED, events.get(0).state());
    }

    @Test
    void unplugThenReplug_disconnectedThenConnectedAndReadingsResume() throws Exception {
        startBoth("scale-2");
        simulator.setLoad(KILO);
        await().atMost(Duration.ofSeconds(10)).until(() -> readings.stream().anyMatch(r -> r.stable() && nearKilo(r)));

        simulator.unplug();
        await().atMost(Duration.ofSeconds(10)).until(() -> lastState() == DeviceState.DISCONNECTED);
        int eventsWhileUnplugged = events.size();

        simulator.replug();
        await().atMost(Duration.ofSeconds(15)).until(() -> lastState() == DeviceState.CONNECTED
                && events.size() > eventsWhileUnplugged);
        readings.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> readings.stream().anyMatch(r -> r.stable() && nearKilo(r)));

        List<DeviceState> states = events.stream().map(DeviceEvent::state).toList();
        int disconnected = states.indexOf(DeviceState.DISCONNECTED);
        assertTrue(disconnected > 0 && states.subList(disconnected, states.size()).contains(DeviceState.CONNECTED),
                "CONNECTED, DISCONNECTED, then CONNECTED again: " + states);
    }

    @Test
    void silentBalance_markedSilentThenConnectedWhenItAnswersAgain() throws Exception {
        startBoth("scale-3");
        await().atMost(Duration.ofSeconds(10)).until(() -> !readings.isEmpty());
        simulator.setSilent(true);
        await().atMost(Duration.ofSeconds(15)).until(() -> lastState() == DeviceState.SILENT);
        simulator.setSilent(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastState() == DeviceState.CONNECTED);
    }

    @Test
    void garbageBeforeAFrame_rejectedAndTheFrameStillDelivered() throws Exception {
        startBoth("scale-4");
        simulator.setLoad(KILO);
        await().atMost(Duration.ofSeconds(10)).until(() -> readings.stream().anyMatch(r -> r.stable() && nearKilo(r)));
        simulator.injectGarbageBeforeNextAnswer(new byte[] {0x00, (byte) 0xFF, 0x13, 0x7F});
        await().atMost(Duration.ofSeconds(10)).until(() -> !rejected.isEmpty());
        FrameError error = rejected.get(0);
        assertEquals("scale-4", error.deviceId());
        assertTrue(error.reason().contains("garbage"), error.reason());
        int before = readings.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> readings.size() > before);
    }

    @Test
    void overload_reportedAsRejectedFrame() throws Exception {
        startBoth("scale-5");
        simulator.setLoad(new BigDecimal("5000"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.stream().anyMatch(e -> e.reason().contains("overload")));
        assertEquals("S +", rejected.stream().filter(e -> e.reason().contains("overload")).findFirst().orElseThrow().raw());
    }

    private DeviceState lastState() {
        return events.isEmpty() ? null : events.get(events.size() - 1).state();
    }

    private boolean nearKilo(WeightReading r) {
        return r.grams().subtract(KILO).abs().compareTo(FEW_DIVISIONS) <= 0;
    }

    private boolean isZeroish(WeightReading r) {
        return r.grams().abs().compareTo(FEW_DIVISIONS) <= 0;
    }
}
