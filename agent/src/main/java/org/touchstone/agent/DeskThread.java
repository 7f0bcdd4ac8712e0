package org.touchstone.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.journal.JournalException;

/**
 * The one thread ("desk") on which the agent decides: every input, command and device report is a task here, so
 * events are decided in the order they arrive, without locks.
 *
 * <p>The queue in front of it is bounded, so that no input, however fast, can grow the agent's memory:
 * <ul>
 * <li>{@link #submit}/{@link #call}: at most {@link #capacity()} tasks wait; a producer that finds the queue full
 * waits for room (backpressure: an MQTT callback thread leaves its messages unacknowledged with the broker, a
 * device's reader leaves its bytes in the operating system's buffer). Nothing handed over is dropped. The desk
 * itself never waits: a task it submits (a follow-up of its own work) is queued beyond the capacity.</li>
 * <li>{@link #latest}: a task that only the latest of its kind matters for (a scale's reading in motion, which can
 * never become a weighing) takes its key's slot: a newer one for the same key replaces it, and goes to the end of
 * the queue, where it arrived. A flood of them costs one task per key. A slot is closed, and kept, by a
 * {@link #submit(Object, Runnable) submit} for the same key (a stable reading of that scale), so the motion
 * between two stable readings is never lost; slots never wait for room.</li>
 * </ul>
 * {@link #load()} says how many were coalesced and how long producers waited; a warning is logged, at most once a
 * minute, when producers start waiting.
 *
 * <p>A task that throws a {@link JournalException} (or an {@link Error}, such as running out of memory) halts the
 * desk: a journal that cannot record means nothing may be decided, because nothing decided could be proven. The
 * desk then refuses every further task (producers waiting for room are refused at once), says so loudly, and
 * completes {@link #failure()}, on which {@code run} exits non-zero so that a supervisor restarts the agent. Any
 * other exception is a fault of that one event: it is logged, its task fails, and the desk goes on.
 */
final class DeskThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeskThread.class);
    /** Tasks that may wait for the desk before producers wait for room (about a second of a busy desk's work). */
    static final int DEFAULT_CAPACITY = 4096;
    /** A system property that sets another capacity (an operator's knob for a post with unusual devices). */
    static final String CAPACITY_PROPERTY = "touchstone.desk.capacity";
    /** At most one backpressure warning in this long. */
    static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long CLOSE_WAIT_MILLIS = 5000;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** The queue, a doubly linked list so that a replaced slot leaves it in O(1). Guarded by lock. */
    private Node head;
    private Node tail;
    private int size;
    /** Tasks that count against the capacity (every task but the slots). Guarded by lock. */
    private int counted;
    private int peak;
    /** Per key, its slot while it is still open (not closed by a submit for the key, not taken by the desk). */
    private final Map<Object, Node> open = new HashMap<>();
    private boolean closing;
    private Thread thread;
    private long lastWarningNanos;
    private boolean warned;

    private final LongAdder coalesced = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();
    private volatile int queued;

    /** The most tasks committed together. */
    static final int MAX_BATCH = 64;

    /** Runs a batch of tasks in one journal transaction ({@code EventRecorder.batch}). */
    @FunctionalInterface
    interface Batches {
        void commitTogether(Runnable tasks);
    }

    private volatile Batches batches;
    /** Desk thread only: where the tasks of the running batch leave their completions until its commit. */
    private List<Runnable> deferred;
    private final LongAdder batched = new LongAdder();
    private final LongAdder batchCommits = new LongAdder();

    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private volatile Throwable halted;

    private static final class Node {
        final Runnable task;
        final CompletableFuture<?> result;
        final Object slotKey;
        final boolean countsAgainstCapacity;
        Node prev;
        Node next;

        Node(Runnable task, CompletableFuture<?> result, Object slotKey, boolean countsAgainstCapacity) {
            this.task = task;
            this.result = result;
            this.slotKey = slotKey;
            this.countsAgainstCapacity = countsAgainstCapacity;
        }
    }

    /** What the queue holds and has done (metrics). */
    record Load(int queued, int capacity, int peak, long coalesced, long waits, long waitedNanos, long batchCommits,
                long batchedTasks) {
    }

    DeskThread() {
        this(Integer.getInteger(CAPACITY_PROPERTY, DEFAULT_CAPACITY));
    }

    DeskThread(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(CAPACITY_PROPERTY + " must be >= 1, was: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Commits the tasks that wait together from now on (group commit); see {@link #loop}.
     */
    void commitInBatches(Batches together) {
        this.batches = together;
    }

    /** Runs work on the desk; the future completes when it has run (exceptionally if it failed or was refused). */
    CompletableFuture<Void> submit(Runnable work) {
        return submit(null, work);
    }

    /**
     * Runs work on the desk, after everything handed over before it; it closes {@code key}'s slot, so that a later
     * {@link #latest} for the key cannot replace what came before this task.
     */
    CompletableFuture<Void> submit(Object key, Runnable work) {
        return call(key, () -> {
            work.run();
            return null;
        });
    }

    /** Runs work on the desk and returns its result. */
    <T> CompletableFuture<T> call(Callable<T> work) {
        return call(null, work);
    }

    private <T> CompletableFuture<T> call(Object key, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Node node = new Node(() -> run(work, result), result, null, true);
        lock.lock();
        try {
            if (refused(result)) {
                return result;
            }
            if (key != null) {
                open.remove(key);
            }
            if (Thread.currentThread() != thread && counted >= capacity && !awaitRoom(result)) {
                return result;
            }
            append(node);
        } finally {
            lock.unlock();
        }
        return result;
    }

    /**
     * Runs work on the desk unless a newer task for the same key replaces it first: the key's pending slot, if it is
     * still open, is dropped, and this one goes to the end of the queue. Never waits. A failure is logged.
     *
     * @return true when it replaced a pending task (which then never runs)
     */
    boolean latest(Object key, Runnable work) {
        java.util.Objects.requireNonNull(key, "key must not be null");
        CompletableFuture<Void> result = new CompletableFuture<>();
        Node node = new Node(() -> run(() -> {
            work.run();
            return null;
        }, result), result, key, false);
        lock.lock();
        try {
            if (refused(result)) {
                return false;
            }
            Node replaced = open.put(key, node);
            if (replaced != null) {
                unlink(replaced);
                coalesced.increment();
                replaced.result.cancel(false);
            }
            append(node);
            return replaced != null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the desk takes no more tasks; if so, the result is completed with why. Under lock. */
    private boolean refused(CompletableFuture<?> result) {
        if (halted != null) {
            result.completeExceptionally(refusal());
            return true;
        }
        if (closing) {
            result.completeExceptionally(stopping());
            return true;
        }
        return false;
    }

    /** Waits until the queue has room; false (the result completed with why) when the desk stops taking tasks. */
    private boolean awaitRoom(CompletableFuture<?> result) {
        long started = System.nanoTime();
        waits.increment();
        warn(started);
        try {
            while (counted >= capacity) {
                if (refused(result)) {
                    return false;
                }
                try {
                    notFull.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    notFull.signal(); // a room this producer was woken for goes to the next one
                    result.completeExceptionally(new IllegalStateException("interrupted while waiting for room at "
                            + "the desk; not decided"));
                    return false;
                }
            }
            return !refused(result);
        } finally {
            waitedNanos.add(System.nanoTime() - started);
        }
    }

    private void warn(long now) {
        if (warned && now - lastWarningNanos < WARNING_INTERVAL_NANOS) {
            return;
        }
        warned = true;
        lastWarningNanos = now;
        log.warn("the desk is behind: {} task(s) wait (capacity {}), so {} waits for room and its input waits "
                        + "where it came from (the broker, the port's buffer); so far {} wait(s), {} ms in all, {} "
                        + "reading(s) in motion coalesced. Said at most once a minute.", size, capacity,
                Thread.currentThread().getName(), waits.sum(), TimeUnit.NANOSECONDS.toMillis(waitedNanos.sum()),
                coalesced.sum());
    }

    /** Under lock. */
    private void append(Node node) {
        if (thread == null) {
            thread = new Thread(this::loop, "desk");
            thread.start();
        }
        node.prev = tail;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        size++;
        if (node.countsAgainstCapacity) {
            counted++;
        }
        peak = Math.max(peak, size);
        queued = size;
        notEmpty.signal();
    }

    /** Under lock. */
    private void unlink(Node node) {
        if (node.prev == null) {
            head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        size--;
        if (node.countsAgainstCapacity) {
            counted--;
            notFull.signal();
        }
        queued = size;
    }

    /**
     * Runs what waits, in order. With {@link #commitInBatches}, the tasks already waiting when the desk takes the next
     * one (up to {@link #MAX_BATCH}) run in one journal transaction, each a savepoint of it: one commit, one fsync, for
     * all of them. Nobody is told of any (their futures, hence MQTT acknowledgements and replies; the sinks) before
     * that commit; a task that fails leaves nothing of itself; a commit that fails fails every task of the batch and
     * halts the desk. A lone task runs as before. Under no load nothing waits, so nothing changes; under load the
     * fsyncs are shared.
     */
    private void loop() {
        List<Node> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            lock.lock();
            try {
                while (head == null && !closing) {
                    notEmpty.awaitUninterruptibly();
                }
                if (head == null) {
                    return;
                }
                int max = batches == null ? 1 : MAX_BATCH;
                while (head != null && batch.size() < max) {
                    Node next = head;
                    unlink(next);
                    if (next.slotKey != null) {
                        open.remove(next.slotKey, next);
                    }
                    batch.add(next);
                }
            } finally {
                lock.unlock();
            }
            if (batch.size() == 1) {
                batch.get(0).task.run();
            } else {
                runBatch(batch);
            }
        }
    }

    private void runBatch(List<Node> nodes) {
        List<Runnable> completions = new ArrayList<>(nodes.size());
        deferred = completions;
        Throwable commitFailure = null;
        try {
            batches.commitTogether(() -> nodes.forEach(n -> n.task.run()));
        } catch (RuntimeException | Error e) {
            commitFailure = e;
        } finally {
            deferred = null;
        }
        if (commitFailure == null) {
            batched.add(nodes.size());
            batchCommits.increment();
            completions.forEach(Runnable::run);
            return;
        }
        // Nothing of the batch is journaled: no task may be taken as done (its input is not acknowledged, so the
        // broker delivers it again after the restart).
        if (commitFailure instanceof JournalException || commitFailure instanceof Error) {
            halt(commitFailure);
        } else {
            log.error("a batch of {} desk tasks failed to commit: {}", nodes.size(), commitFailure.toString(),
                    commitFailure);
        }
        for (Node n : nodes) {
            n.result.completeExceptionally(commitFailure);
        }
    }

    private <T> void run(Callable<T> work, CompletableFuture<T> result) {
        if (halted != null) {
            result.completeExceptionally(refusal());
            return;
        }
        List<Runnable> later = deferred;
        try {
            T value = work.call();
            if (later == null) {
                result.complete(value);
            } else {
                later.add(() -> result.complete(value));
            }
        } catch (JournalException | Error e) {
            halt(e);
            result.completeExceptionally(e);
        } catch (Exception e) {
            log.error("desk task failed: {}", e.toString(), e);
            result.completeExceptionally(e);
        }
    }

    private void halt(Throwable cause) {
        if (halted != null) {
            return;
        }
        halted = cause;
        log.error("THE AGENT HAS STOPPED DECIDING: {}. No input is taken any more; what was journaled before is "
                + "kept and still sent. Restart the agent once the journal's disk is fixed.", cause.toString(), cause);
        lock.lock();
        try {
            notFull.signalAll(); // producers waiting for room are refused now
        } finally {
            lock.unlock();
        }
        failure.complete(cause);
    }

    private IllegalStateException refusal() {
        return new IllegalStateException("the agent stopped deciding after a fatal failure: " + halted);
    }

    private static IllegalStateException stopping() {
        return new IllegalStateException("the agent is stopping; nothing more is decided");
    }

    /** Whether the desk still takes tasks. */
    boolean deciding() {
        return halted == null;
    }

    /** Completes with the cause when a fatal failure halted the desk. */
    CompletableFuture<Throwable> failure() {
        return failure;
    }

    /** The capacity of the queue: tasks beyond it make producers wait. */
    int capacity() {
        return capacity;
    }

    /** Tasks waiting now, and what the queue did since start; safe from any thread. */
    Load load() {
        int peakNow;
        lock.lock();
        try {
            peakNow = peak;
        } finally {
            lock.unlock();
        }
        return new Load(queued, capacity, peakNow, coalesced.sum(), waits.sum(), waitedNanos.sum(), batchCommits.sum(),
                batched.sum());
    }

    /**
     * Refuses new tasks (producers waiting for room are refused too), lets the queued ones finish (up to 5 s), then
     * interrupts the thread and fails what is still queued.
     */
    @Override
    public void close() {
        Thread desk;
        lock.lock();
        try {
            closing = true;
            notEmpty.signalAll();
            notFull.signalAll();
            desk = thread;
        } finally {
            lock.unlock();
        }
        if (desk == null || desk == Thread.currentThread()) {
            return;
        }
        try {
            desk.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (desk.isAlive()) {
            log.warn("desk did not finish within {} s", TimeUnit.MILLISECONDS.toSeconds(CLOSE_WAIT_MILLIS));
            desk.interrupt();
            List<Node> left = new ArrayList<>();
            lock.lock();
            try {
                while (head != null) {
                    Node n = head;
                    unlink(n);
                    left.add(n);
                }
                open.clear();
            } finally {
                lock.unlock();
            }
            left.forEach(n -> n.result.completeExceptionally(stopping()));
        }
    }
}
