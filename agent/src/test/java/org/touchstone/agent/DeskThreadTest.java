package org.touchstone.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.journal.JournalException;

/**
 * The desk's bounded queue: readings in motion coalesce per key, everything else keeps its order and makes its
 * producer wait when the queue is full, the desk itself never waits, and a stop or a halt refuses cleanly.
 */
class DeskThreadTest {

    private final List<DeskThread> desks = new ArrayList<>();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private DeskThread desk(int capacity) {
        DeskThread d = new DeskThread(capacity);
        desks.add(d);
        return d;
    }

    @AfterEach
    void close() {
        desks.forEach(DeskThread::close);
    }

    /** Occupies the desk until the latch is released; returns once the desk runs it (it is no longer queued). */
    private static CountDownLatch occupy(DeskThread desk) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        desk.submit(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        return release;
    }

    private Runnable note(String what) {
        return () -> ran.add(what);
    }

    private static void barrier(DeskThread desk) throws Exception {
        desk.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void readingsInMotion_keepOnlyTheLatestPerKey_atTheirArrival() throws Exception {
        DeskThread desk = desk(16);
        CountDownLatch release = occupy(desk);
        assertFalse(desk.latest("scale-1", note("a1")));
        assertFalse(desk.latest("scale-2", note("b1")));
        desk.submit(note("command"));
        assertTrue(desk.latest("scale-1", note("a2")));
        assertTrue(desk.latest("scale-1", note("a3")));
        assertEquals(3, desk.load().queued(), "one slot per scale and the command");
        release.countDown();
        barrier(desk);
        // a3 is decided where it arrived, after the command: nothing is reordered, a1 and a2 are never decided.
        assertEquals(List.of("b1", "command", "a3"), ran);
        assertEquals(2, desk.load().coalesced());
    }

    @Test
    void aSubmitForTheKey_closesItsSlot_soTheMotionBeforeAStableReadingIsKept() throws Exception {
        DeskThread desk = desk(16);
        CountDownLatch release = occupy(desk);
        desk.latest("scale-1", note("moving-1"));
        desk.submit("scale-1", note("stable-1"));
        desk.latest("scale-1", note("moving-2"));
        desk.latest("scale-1", note("moving-3"));
        desk.submit("scale-1", note("stable-2"));
        release.countDown();
        barrier(desk);
        assertEquals(List.of("moving-1", "stable-1", "moving-3", "stable-2"), ran);
        assertEquals(1, desk.load().coalesced());
    }

    @Test
    void aFloodInMotion_costsOneTaskPerKey() throws Exception {
        DeskThread desk = desk(8);
        CountDownLatch release = occupy(desk);
        for (int i = 0; i < 200_000; i++) {
            desk.latest("scale-" + (i % 3), note("frame " + i));
        }
        assertEquals(3, desk.load().queued());
        assertEquals(3, desk.load().peak(), "never more than a slot per scale");
        release.countDown();
        barrier(desk);
        assertEquals(List.of("frame 199997", "frame 199998", "frame 199999"), ran);
        assertEquals(200_000 - 3, desk.load().coalesced());
    }

    @Test
    void tasksThatDoNotCoalesce_runInTheOrderTheyCame() throws Exception {
        DeskThread desk = desk(10_000);
        CountDownLatch release = occupy(desk);
        List<String> expected = IntStream.range(0, 5000).mapToObj(i -> "t" + i).toList();
        for (int i = 0; i < expected.size(); i++) {
            if (i % 7 == 0) {
                desk.latest("scale-1", note("moving")); // slots in between do not disturb the others' order
            }
            desk.submit(i % 2 == 0 ? null : "scale-2", note(expected.get(i)));
        }
        release.countDown();
        barrier(desk);
        assertEquals(expected, ran.stream().filter(s -> !s.equals("moving")).toList());
    }

    @Test
    void aFullQueue_makesTheProducerWait_untilThereIsRoom_andCountsTheWait() throws Exception {
        DeskThread desk = desk(2);
        CountDownLatch release = occupy(desk);
        desk.submit(note("1"));
        desk.submit(note("2"));
        CompletableFuture<CompletableFuture<Void>> handedOver = new CompletableFuture<>();
        Thread producer = new Thread(() -> handedOver.complete(desk.submit(note("3"))), "producer");
        producer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.getState() == Thread.State.WAITING);
        assertFalse(handedOver.isDone(), "the producer waits for room");
        assertEquals(1, desk.load().waits());
        // A reading in motion never waits: it takes its slot beyond the capacity.
        desk.latest("scale-1", note("moving"));
        assertEquals(3, desk.load().queued());
        release.countDown();
        handedOver.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        barrier(desk);
        assertEquals(List.of("1", "2", "moving", "3"), ran);
        assertTrue(desk.load().waitedNanos() > 0);
    }

    @Test
    void theDeskItself_neverWaitsForRoom() throws Exception {
        DeskThread desk = desk(1);
        CountDownLatch full = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<List<CompletableFuture<Void>>> followUps = new CompletableFuture<>();
        desk.submit(() -> {
            running.countDown();
            try {
                assertTrue(full.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // The queue is full: a follow-up the desk hands itself is queued beyond the capacity, not waited for.
            List<CompletableFuture<Void>> f = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                f.add(desk.submit(note("follow-up " + i)));
            }
            followUps.complete(f);
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        desk.submit(note("queued"));
        full.countDown();
        for (CompletableFuture<Void> f : followUps.get(10, TimeUnit.SECONDS)) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("queued", "follow-up 0", "follow-up 1", "follow-up 2", "follow-up 3", "follow-up 4"),
                ran);
        assertEquals(0, desk.load().waits());
    }

    @Test
    void close_letsTheQueuedTasksFinish_refusesWaitingProducers_andAnyLaterTask() throws Exception {
        DeskThread desk = desk(1);
        CountDownLatch release = occupy(desk);
        CompletableFuture<Void> queued = desk.submit(note("queued"));
        CompletableFuture<CompletableFuture<Void>> waiting = new CompletableFuture<>();
        Thread producer = new Thread(() -> waiting.complete(desk.submit(note("waiting"))), "producer");
        producer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.getState() == Thread.State.WAITING);

        Thread closer = new Thread(desk::close, "closer");
        closer.start();
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> waiting.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("stopping"), refused.getCause().getMessage());
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(closer.isAlive());
        assertTrue(queued.isDone() && !queued.isCompletedExceptionally(), "what was queued is decided");
        assertEquals(List.of("queued"), ran);

        assertThrows(ExecutionException.class, () -> desk.submit(note("late")).get(10, TimeUnit.SECONDS));
        assertFalse(desk.latest("scale-1", note("late moving")));
        assertEquals(List.of("queued"), ran);
    }

    @Test
    void aHalt_refusesTheProducersWaitingForRoom() throws Exception {
        DeskThread desk = desk(1);
        CountDownLatch fail = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        desk.submit(() -> {
            running.countDown();
            try {
                fail.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new JournalException("disk gone", null);
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> queued = desk.submit(note("queued"));
        CompletableFuture<CompletableFuture<Void>> waiting = new CompletableFuture<>();
        Thread producer = new Thread(() -> waiting.complete(desk.submit(note("waiting"))), "producer");
        producer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.getState() == Thread.State.WAITING);
        fail.countDown();

        assertInstanceOf(JournalException.class, desk.failure().get(10, TimeUnit.SECONDS));
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> waiting.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("stopped deciding"), refused.getCause().getMessage());
        assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(), ran, "nothing is decided after the halt");
        assertFalse(desk.deciding());
    }

    @Test
    void anInterruptedProducer_isRefused_andKeepsItsInterrupt() throws Exception {
        DeskThread desk = desk(1);
        CountDownLatch release = occupy(desk);
        desk.submit(note("queued"));
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<Void>> waiting = new CompletableFuture<>();
        Thread producer = new Thread(() -> {
            waiting.complete(desk.submit(note("waiting")));
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        }, "producer");
        producer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.getState() == Thread.State.WAITING);
        producer.interrupt();
        assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
        assertTrue(stillInterrupted.get(10, TimeUnit.SECONDS));
        release.countDown();
        barrier(desk);
        assertEquals(List.of("queued"), ran);
    }

    @Test
    void theCapacity_isANamedDefault_andMustBePositive() {
        assertEquals(DeskThread.DEFAULT_CAPACITY, new DeskThread().capacity());
        assertThrows(IllegalArgumentException.class, () -> new DeskThread(0));
    }

    /** A group commit that records each batch and whether any of its tasks' futures was completed inside it. */
    private static final class RecordingBatches implements DeskThread.Batches {
        final List<Integer> sizes = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<?>> watched = new CopyOnWriteArrayList<>();
        volatile boolean completedInside;
        volatile RuntimeException failCommit;

        @Override
        public void commitTogether(Runnable tasks) {
            int before = ran();
            long doneBefore = watched.stream().filter(CompletableFuture::isDone).count();
            tasks.run();
            sizes.add(ran() - before);
            completedInside |= watched.stream().filter(CompletableFuture::isDone).count() != doneBefore;
            if (failCommit != null) {
                throw failCommit;
            }
        }

        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

        int ran() {
            return count.get();
        }
    }

    @Test
    void tasksWaitingTogether_commitTogether_andNoneIsTakenAsDoneBeforeTheCommit() throws Exception {
        DeskThread desk = desk(256);
        RecordingBatches batches = new RecordingBatches();
        desk.commitInBatches(batches);
        CountDownLatch release = occupy(desk);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            CompletableFuture<Void> f = desk.submit(() -> {
                batches.count.incrementAndGet();
                ran.add("t" + n);
            });
            futures.add(f);
            batches.watched.add(f);
        }
        release.countDown();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertEquals(IntStream.range(0, 100).mapToObj(i -> "t" + i).toList(), ran, "in order, each once");
        assertEquals(List.of(DeskThread.MAX_BATCH, 100 - DeskThread.MAX_BATCH), batches.sizes,
                "what waited, in batches of at most " + DeskThread.MAX_BATCH);
        assertFalse(batches.completedInside, "a task's future completes only after its batch's commit");
        assertEquals(2, desk.load().batchCommits());
        assertEquals(100, desk.load().batchedTasks());
    }

    @Test
    void aTaskThatFailsInABatch_failsAlone() throws Exception {
        DeskThread desk = desk(16);
        desk.commitInBatches(new RecordingBatches());
        CountDownLatch release = occupy(desk);
        CompletableFuture<Void> before = desk.submit(note("before"));
        CompletableFuture<Void> failing = desk.submit(() -> {
            throw new IllegalStateException("a fault of this event");
        });
        CompletableFuture<Void> after = desk.submit(note("after"));
        release.countDown();
        after.get(10, TimeUnit.SECONDS);
        before.get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(List.of("before", "after"), ran);
        assertTrue(desk.deciding());
    }

    @Test
    void aBatchWhoseCommitFails_failsEveryTask_andHaltsTheDesk() throws Exception {
        DeskThread desk = desk(16);
        RecordingBatches batches = new RecordingBatches();
        batches.failCommit = new JournalException("disk full at commit", null);
        desk.commitInBatches(batches);
        CountDownLatch release = occupy(desk);
        CompletableFuture<Void> a = desk.submit(note("a"));
        CompletableFuture<Void> b = desk.submit(note("b"));
        release.countDown();
        for (CompletableFuture<Void> f : List.of(a, b)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertInstanceOf(JournalException.class, e.getCause(), "ran, but not journaled: not done");
        }
        assertEquals(List.of("a", "b"), ran);
        desk.failure().get(10, TimeUnit.SECONDS);
        assertFalse(desk.deciding());
    }
}
