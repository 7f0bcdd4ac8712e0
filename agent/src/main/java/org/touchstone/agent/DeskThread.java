package org.touchstone.agent;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.journal.JournalException;

/**
 * The one thread ("desk") on which the agent decides: every input, command and device report is a task here, so
 * events are decided in the order they arrive, without locks.
 *
 * <p>A task that throws a {@link JournalException} (or an {@link Error}, such as running out of memory) halts the
 * desk: a journal that cannot record means nothing may be decided, because nothing decided could be proven. The
 * desk then refuses every further task, says so loudly, and completes {@link #failure()}, on which {@code run}
 * exits non-zero so that a supervisor restarts the agent. Any other exception is a fault of that one event: it is
 * logged, its task fails, and the desk goes on.
 */
final class DeskThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeskThread.class);

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "desk"));
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private volatile Throwable halted;

    /** Runs work on the desk; the future completes when it has run (exceptionally if it failed or was refused). */
    CompletableFuture<Void> submit(Runnable work) {
        return call(() -> {
            work.run();
            return null;
        });
    }

    /** Runs work on the desk and returns its result. */
    <T> CompletableFuture<T> call(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (halted != null) {
            result.completeExceptionally(refusal());
            return result;
        }
        try {
            executor.execute(() -> run(work, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the agent is stopping; nothing more is decided"));
        }
        return result;
    }

    private <T> void run(Callable<T> work, CompletableFuture<T> result) {
        if (halted != null) {
            result.completeExceptionally(refusal());
            return;
        }
        try {
            result.complete(work.call());
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
        failure.complete(cause);
    }

    private IllegalStateException refusal() {
        return new IllegalStateException("the agent stopped deciding after a fatal failure: " + halted);
    }

    /** Whether the desk still takes tasks. */
    boolean deciding() {
        return halted == null;
    }

    /** Completes with the cause when a fatal failure halted the desk. */
    CompletableFuture<Throwable> failure() {
        return failure;
    }

    /** Lets queued tasks finish (up to 5 s), then stops the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("desk did not finish within 5 s");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
