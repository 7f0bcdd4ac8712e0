package org.touchstone.sim.xrf;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.SciApsClient;
import org.touchstone.drivers.driver.SciApsXrfDriver;
import org.touchstone.drivers.driver.XrfTestRequests;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * The SciAps driver over HTTP against a stand-in that behaves as the vendor's README says: a POST to
 * {@code /api/v2/test/final} starts a test (fires the tube), and the stand-in counts every start. The driver must
 * start none unasked, exactly one per request, one at a time, with the documented body and content type; it must
 * report aborts, live updates and errors as device events, never as readings, and abort a test that outlives its
 * timeout.
 */
class SciApsDriverIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<XrfReading> readings = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final List<FrameError> rejected = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final SimulatedXrfAnalyzer analyzer = new SimulatedXrfAnalyzer("xrf-2", new Random(5), Clock.systemUTC());
    private SciApsApiSimulator sim;
    private SciApsXrfDriver driver;

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

    private void start(Duration testTimeout, Duration statusInterval) throws Exception {
        analyzer.setIdentity("X-550", "X550-00121", "insp");
        sim = new SciApsApiSimulator(analyzer, 2.0);
        open.add(sim);
        driver = new SciApsXrfDriver("xrf-2", new SciApsClient(sim.baseUri(), testTimeout), "PreciousMetals", 2.0,
                statusInterval, Clock.systemUTC(), listener);
        open.add(driver);
        driver.start();
        await().atMost(WAIT).until(() -> driver.state().orElse(null) == DeviceState.CONNECTED);
    }

    private static XrfTestRequests.Outcome outcome(CompletableFuture<XrfTestRequests.Outcome> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void itemOnTheNose_noTestUnasked_oneTestPerRequest() throws Exception {
        start(Duration.ofMinutes(1), Duration.ofMillis(50));
        sim.place(XrfScenario.named("bar-999.9").item(), 10);
        // The driver checks the analyzer every 50 ms: wait until it has done so many times, then count starts.
        int identityChecksBefore = sim.identityRequests();
        await().atMost(WAIT).until(() -> sim.identityRequests() >= identityChecksBefore + 20);
        assertEquals(0, sim.testsStarted(), "the tube was fired with nobody asking");
        assertEquals(List.of(), readings);

        XrfTestRequests.Outcome o = outcome(driver.requestTest("officer-7"));
        assertEquals(XrfTestRequests.Ending.COMPLETED, o.ending(), o.detail());
        assertEquals(1, sim.testsStarted());
        assertEquals(0, sim.refusedRequests(), "body and content type as the README documents");
        assertEquals(1, readings.size());
        XrfReading r = readings.get(0);
        assertTrue(r.element("Au").orElseThrow().percent() > 99.5);
        assertEquals("X550-00121", r.analyzerSerial());
        assertTrue(r.testNumber() != null && !r.testNumber().isBlank(), "every shot carries a test number");
        int afterOne = sim.identityRequests();
        await().atMost(WAIT).until(() -> sim.identityRequests() >= afterOne + 10);
        assertEquals(1, sim.testsStarted(), "one request, one test");
    }

    @Test
    void oneAtATime_aSecondRequestWhileTheFirstRunsIsBusy() throws Exception {
        start(Duration.ofMinutes(1), Duration.ofMillis(50));
        sim.place(XrfScenario.named("jewellery-18k").item(), 10);
        sim.testDuration(Duration.ofSeconds(2));
        CompletableFuture<XrfTestRequests.Outcome> first = driver.requestTest("officer-7");
        await().atMost(WAIT).until(() -> sim.testsStarted() == 1);
        XrfTestRequests.Outcome second = outcome(driver.requestTest("officer-8"));
        assertEquals(XrfTestRequests.Ending.BUSY, second.ending());
        assertEquals(XrfTestRequests.Ending.COMPLETED, outcome(first).ending());
        assertEquals(1, sim.testsStarted());
    }

    @Test
    void abortLiveUpdateAndError_areDeviceEvents_neverReadings() throws Exception {
        start(Duration.ofMinutes(1), Duration.ofMillis(50));
        sim.place(XrfScenario.named("bar-995").item(), 10);
        sim.operatorAbortsNext();
        XrfTestRequests.Outcome aborted = outcome(driver.requestTest("officer-7"));
        sim.liveUpdateNext();
        XrfTestRequests.Outcome live = outcome(driver.requestTest("officer-7"));
        sim.failNext(104);
        XrfTestRequests.Outcome error = outcome(driver.requestTest("officer-7"));
        sim.answerNextWith("{\"status\": 0, \"testData\": {\"chemistry\": [{\"atomicNumber\": 79, \"percent\": 99.9,"
                + " \"flags\": 0}]}}");
        XrfTestRequests.Outcome noUncertainty = outcome(driver.requestTest("officer-7"));

        assertEquals(XrfTestRequests.Ending.ABORTED, aborted.ending(), aborted.detail());
        assertEquals(XrfTestRequests.Ending.ABORTED, live.ending(), live.detail());
        assertEquals(XrfTestRequests.Ending.ERROR, error.ending(), error.detail());
        assertEquals(XrfTestRequests.Ending.REFUSED, noUncertainty.ending(), noUncertainty.detail());
        assertEquals(List.of(), readings, "no reading from a test that did not complete");
        assertTrue(events.stream().anyMatch(e -> e.detail().startsWith("test aborted by the user")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.detail().startsWith("live update")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.detail().contains("ERROR_ACQ_TUBE_TEMP")), events.toString());
        assertTrue(rejected.stream().anyMatch(e -> e.reason().contains("uncertainty (Au): missing")), rejected.toString());
        assertEquals(DeviceState.CONNECTED, driver.state().orElseThrow(), "a refused test is no link failure");
        assertEquals(4, sim.testsStarted());
    }

    @Test
    void answerLongerThanTheCap_refusedUnread_linkStaysUp() throws Exception {
        start(Duration.ofMinutes(1), Duration.ofMillis(50));
        sim.answerNextWith("{\"status\": 0, \"pad\": \"" + " ".repeat(SciApsClient.MAX_ANSWER_BYTES) + "\"}");
        XrfTestRequests.Outcome o = outcome(driver.requestTest("officer-7"));
        assertEquals(XrfTestRequests.Ending.REFUSED, o.ending(), o.detail());
        assertTrue(o.detail().contains("longer than " + SciApsClient.MAX_ANSWER_BYTES), o.detail());
        assertEquals(DeviceState.CONNECTED, driver.state().orElseThrow());
    }

    @Test
    void testOutlivingItsTimeout_isAborted() throws Exception {
        start(Duration.ofSeconds(1), Duration.ofMillis(50));
        sim.place(XrfScenario.named("bar-995").item(), 10);
        sim.hangNext();
        XrfTestRequests.Outcome o = outcome(driver.requestTest("officer-7"));
        assertEquals(XrfTestRequests.Ending.TIMED_OUT, o.ending(), o.detail());
        assertTrue(o.detail().contains("abort sent (HTTP 200)"), o.detail());
        assertEquals(1, sim.abortRequests());
        assertNull(o.reading());
    }
}
