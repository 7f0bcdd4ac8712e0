package org.touchstone.agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.calibration.CalibrationRecord;
import org.touchstone.agent.journal.Journal;

/**
 * Keeps the calibration book current from the journal, where a technician's command (another process) writes its
 * records while the agent runs. Every {@link CalibrationBook#refresh} of the agent happens on one thread, the
 * scheduler's: two refreshes at once would both read the records after the same sequence number and add them twice.
 */
final class CalibrationPoller {

    private static final Logger log = LoggerFactory.getLogger(CalibrationPoller.class);

    /** How often the journal is read for calibration records another process wrote. */
    static final long POLL_SECONDS = 3;

    private final CalibrationBook book;
    private final Journal journal;
    private final ScheduledExecutorService thread;

    /** @param thread a single-threaded scheduler, the only thread that refreshes {@code book} */
    CalibrationPoller(CalibrationBook book, Journal journal, ScheduledExecutorService thread) {
        this.book = book;
        this.journal = journal;
        this.thread = thread;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::refresh, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
    }

    /** Reads what is new now, on the poller's thread; completes when the book has it. */
    CompletableFuture<Void> refreshNow() {
        return CompletableFuture.runAsync(this::refresh, thread);
    }

    /** Journals a record made in this process (the demo's commissioning); completes once the book applies it. */
    CompletableFuture<Void> record(CalibrationRecord record) {
        return CompletableFuture.runAsync(() -> {
            journal.append(CalibrationBook.data(record));
            refresh();
            log.info("calibration of {} recorded: {}", record.deviceId(), record.passed() ? "passed"
                    : "FAILED " + record.failures());
        }, thread);
    }

    private void refresh() {
        try {
            int n = book.refresh(journal);
            if (n > 0) {
                log.info("{} calibration record(s) read from the journal", n);
            }
        } catch (RuntimeException e) {
            log.warn("cannot read calibration records from {}: {}", journal.file(), e.getMessage());
        }
    }
}
