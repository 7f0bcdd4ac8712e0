package org.touchstone.drivers.driver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.protocol.mtsics.MtSicsFormat;
import org.touchstone.drivers.protocol.mtsics.MtSicsScaleProtocol;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.transport.Backoff;

/**
 * The driver runtime's state rules, one test each, against a scripted link that makes the order of events exact:
 * the backoff resets after a good session and only then; a device sending mostly rejects is FAULTY once, with the
 * rejects counted, not reported one by one, and recovers; an unexpected exception is FAULTY and retried, never the
 * end of the thread; identical polls are reported as changes with every frame accounted for; a condition such as
 * overload is told once.
 */
class ScaleDriverStateTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final List<WeightReading> readings = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final List<FrameError> rejected = new CopyOnWriteArrayList<>();
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
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Answers I4 with a serial and each SI with the next frame; ends the session when the frames run out. */
    private static Function<byte[], byte[]> answering(List<String> frames) {
        Iterator<String> it = frames.iterator();
        return cmd -> {
            String c = new String(cmd, StandardCharsets.ISO_8859_1);
            if (c.equals("I4\r\n")) {
                return ascii("I4 A \"B207696838\"\r\n");
            }
            return it.hasNext() ? ascii(it.next()) : null;
        };
    }

    /** Answers every command, the identity request too, with garbage; ends the session after {@code n}. */
    private static Function<byte[], byte[]> garbage(int n) {
        AtomicInteger left = new AtomicInteger(n);
        return cmd -> left.getAndDecrement() > 0 ? ascii("S S abc g\r\n") : null;
    }

    private static Function<byte[], byte[]> answeringForever(String frame) {
        return cmd -> new String(cmd, StandardCharsets.ISO_8859_1).equals("I4\r\n")
                ? ascii("I4 A \"B207696838\"\r\n") : ascii(frame);
    }

    private ScaleDriver start(ScriptedLink link, ScaleDriver.Reporting reporting) {
        driver = new ScaleDriver("scale-1", link, new MtSicsScaleProtocol(), ScaleProtocol.Mode.POLL,
                Duration.ofMillis(1), Clock.systemUTC(), listener)
                .reporting(reporting)
                .repeatInterval(Duration.ofHours(1))
                .reconnectBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(80)))
                .rejectionSummaryInterval(Duration.ofHours(1));
        driver.start();
        return driver;
    }

    private List<Long> waits() {
        return driver.recentReconnectWaits().stream().map(Duration::toMillis).toList();
    }

    private static List<String> frames(int n, String frame) {
        List<String> f = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            f.add(frame);
        }
        return f;
    }

    @Test
    void backoff_doublesOnFailures_andResetsAfterAGoodSession() {
        ScriptedLink link = new ScriptedLink()
                .failOpen("absent").failOpen("absent").failOpen("absent")
                .session(ScriptedLink.Session.answering(answering(frames(5, "S S     100.00 g\r\n"))))
                .failOpen("absent")
                .session(ScriptedLink.Session.answering(answeringForever("S S     100.00 g\r\n")));
        start(link, ScaleDriver.Reporting.EVERY_FRAME);
        await().atMost(PATIENCE).until(() -> link.opens() == 6 && readings.size() > 5);
        // 10, 20, 40 for the failed opens; the good session resets it, so its end waits 10 again, not 80.
        assertEquals(List.of(10L, 20L, 40L, 10L, 20L), waits());
        // Told once per change of state, with the first wait; not once per attempt.
        assertEquals(2, events.stream().filter(e -> e.state() == DeviceState.DISCONNECTED).count());
    }

    @Test
    void backoff_notResetByASessionThatDeliveredNothingUsable() {
        ScriptedLink link = new ScriptedLink()
                .failOpen("absent")
                .session(ScriptedLink.Session.answering(garbage(4)))
                .failOpen("absent")
                .session(ScriptedLink.Session.answering(answeringForever("S S     100.00 g\r\n")));
        start(link, ScaleDriver.Reporting.EVERY_FRAME);
        await().atMost(PATIENCE).until(() -> link.opens() == 4 && !readings.isEmpty());
        assertEquals(List.of(10L, 20L, 40L), waits(), "an open that yields only garbage is not a good session");
    }

    @Test
    void aFrameOfThirteenDigits_isRejectedByName_andTheNextFramesAreRead() {
        // 9999999999999.00 g fits a 256-byte line but no scale: WeightReading refuses it, the driver rejects the frame.
        List<String> script = frames(1, "S S 9999999999999.00 g\r\n");
        script.addAll(frames(3, "S S     100.00 g\r\n"));
        ScriptedLink link = new ScriptedLink().session(ScriptedLink.Session.answering(answering(script)));
        start(link, ScaleDriver.Reporting.EVERY_FRAME);
        await().atMost(PATIENCE).until(() -> readings.size() >= 3 && !rejected.isEmpty());
        assertTrue(rejected.get(0).reason().contains("value out of range"), rejected.toString());
        assertTrue(readings.stream().allMatch(r -> r.value().compareTo(new java.math.BigDecimal("100.00")) == 0),
                readings.toString());
    }

    @Test
    void mostlyRejects_faultyOnce_rejectsCounted_thenRecovers() {
        int garbage = 30;
        List<String> script = frames(garbage, "S S 1x0.00 g\r\n");
        script.addAll(frames(40, "S S     100.00 g\r\n"));
        ScriptedLink link = new ScriptedLink().session(ScriptedLink.Session.answering(answering(script)));
        start(link, ScaleDriver.Reporting.EVERY_FRAME);
        await().atMost(PATIENCE).until(() -> events.stream().anyMatch(e -> e.state() == DeviceState.DISCONNECTED));
        List<DeviceState> states = events.stream().map(DeviceEvent::state).toList();
        assertEquals(List.of(DeviceState.CONNECTED, DeviceState.FAULTY, DeviceState.CONNECTED,
                DeviceState.DISCONNECTED), states.subList(0, 4), events.toString());
        assertTrue(events.get(1).detail().startsWith(RejectedFrames.FAULTY_REJECTS + " of the last "),
                events.get(1).detail());
        // One report for the first reject, one counted summary for the rest (flushed when the link closed).
        assertEquals(2, rejected.size(), rejected.toString());
        assertEquals(1, rejected.get(0).count());
        assertEquals(garbage - 1, rejected.get(1).count());
        assertTrue(rejected.get(1).reason().contains("x weight value is not a number"), rejected.get(1).reason());
        // While faulty its good frames are not weighings; the 10 that end the fault are not either.
        assertEquals(40 - RejectedFrames.GOOD_IN_A_ROW_TO_RECOVER + 1, readings.size());
    }

    @Test
    void unexpectedException_faultyAndRetried_theThreadLivesOn() {
        ScriptedLink link = new ScriptedLink()
                .session(new ScriptedLink.Session(answeringForever("S S     100.00 g\r\n"),
                        new IllegalStateException("a bug in the codec")))
                .session(ScriptedLink.Session.answering(answeringForever("S S     100.00 g\r\n")));
        start(link, ScaleDriver.Reporting.EVERY_FRAME);
        await().atMost(PATIENCE).until(() -> readings.size() > 3);
        List<DeviceState> states = events.stream().map(DeviceEvent::state).toList();
        assertEquals(List.of(DeviceState.CONNECTED, DeviceState.FAULTY, DeviceState.CONNECTED), states, events.toString());
        assertTrue(events.get(1).detail().contains("driver error: java.lang.IllegalStateException: a bug in the codec"),
                events.get(1).detail());
        assertTrue(events.get(2).detail().contains("working again"), events.get(2).detail());
        assertEquals(1, driver.driverErrors());
    }

    @Test
    void changes_identicalPollsFolded_everyFrameAccountedFor() {
        List<String> script = new ArrayList<>(List.of("S D      99.10 g\r\n", "S D      99.90 g\r\n"));
        script.addAll(frames(20, "S S     100.00 g\r\n"));
        script.addAll(frames(3, "S S     100.01 g\r\n"));
        ScriptedLink link = new ScriptedLink().session(ScriptedLink.Session.answering(answering(script)));
        start(link, ScaleDriver.Reporting.CHANGES);
        await().atMost(PATIENCE).until(() -> events.stream().anyMatch(e -> e.state() == DeviceState.DISCONNECTED));
        List<String> reported = readings.stream().map(r -> (r.stable() ? "S " : "D ") + r.value().toPlainString()
                + " x" + r.polls()).toList();
        // The folded 100.00 frames are reported when the stable period ends (here: the link closes).
        assertEquals(List.of("D 99.10 x1", "D 99.90 x1", "S 100.00 x1", "S 100.00 x1", "S 100.00 x1",
                "S 100.01 x1", "S 100.01 x1", "S 100.01 x1", "S 100.00 x17"), reported);
        assertEquals(script.size(), readings.stream().mapToInt(WeightReading::polls).sum());
        assertEquals(script.size(), driver.weightFrames());
    }

    @Test
    void flickeringLastDigit_aChangeEachTime_confirmedOnlyOnce_everyFrameAccountedFor() {
        List<String> script = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            script.addAll(frames(6, "S S     100.00 g\r\n"));
            script.add("S S     100.01 g\r\n");
        }
        ScriptedLink link = new ScriptedLink().session(ScriptedLink.Session.answering(answering(script)));
        start(link, ScaleDriver.Reporting.CHANGES);
        await().atMost(PATIENCE).until(() -> events.stream().anyMatch(e -> e.state() == DeviceState.DISCONNECTED));
        List<String> reported = readings.stream().map(r -> r.value().toPlainString() + " x" + r.polls()).toList();
        // 100.00 with its two confirmations, then each flicker to 100.01 and back is a change, nothing more; 100.01
        // has its confirmations the first time only (it flickers away at once, so none come). 30 frames of 100.00:
        // 3 + 4 changes back reported, 23 folded.
        assertEquals(List.of("100.00 x1", "100.00 x1", "100.00 x1", "100.01 x1", "100.00 x1", "100.01 x1",
                "100.00 x1", "100.01 x1", "100.00 x1", "100.01 x1", "100.00 x1", "100.01 x1", "100.00 x23"),
                reported);
        assertEquals(script.size(), readings.stream().mapToInt(WeightReading::polls).sum());
    }

    @Test
    void overload_toldOnceWhenItBegins_notPerFrame() {
        List<String> script = frames(10, "S +\r\n");
        script.add("S S     100.00 g\r\n");
        script.addAll(frames(5, "S +\r\n"));
        ScriptedLink link = new ScriptedLink().session(ScriptedLink.Session.answering(answering(script)));
        start(link, ScaleDriver.Reporting.CHANGES);
        await().atMost(PATIENCE).until(() -> events.stream().anyMatch(e -> e.state() == DeviceState.DISCONNECTED));
        List<DeviceEvent> overloads = events.stream().filter(e -> e.detail().startsWith("overload")).toList();
        assertEquals(2, overloads.size(), "once at each start of the overload: " + events);
        assertEquals(DeviceState.CONNECTED, overloads.get(0).state());
        assertEquals(List.of(), rejected, "an overload is the scale's state, not a rejected frame");
        assertEquals(1, readings.size());
        assertEquals(new BigDecimal("100.00"), readings.get(0).value());
    }

    @Test
    void serialNumber_fromTheIdentityAnswer() {
        AtomicInteger polls = new AtomicInteger();
        ScriptedLink link = new ScriptedLink().session(ScriptedLink.Session.answering(cmd -> {
            String c = new String(cmd, StandardCharsets.ISO_8859_1);
            polls.incrementAndGet();
            return c.equals("I4\r\n") ? MtSicsFormat.identity("I4", List.of("B207696838"))
                    : ascii("S S     100.00 g\r\n");
        }));
        start(link, ScaleDriver.Reporting.EVERY_FRAME);
        await().atMost(PATIENCE).until(() -> readings.size() > 2);
        assertEquals("B207696838", driver.serialNumber().orElseThrow());
        assertEquals("B207696838", readings.get(readings.size() - 1).serialNumber());
    }
}
