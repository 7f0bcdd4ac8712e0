package org.touchstone.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.config.JournalConfig;
import org.touchstone.agent.journal.Journal;

/**
 * The journal's retention: records older than {@code retentionDays} whose messages were all sent are removed, and
 * a journal over {@code maxSizeMegabytes} is reported loudly (logged, journaled as the device {@code journal} in
 * state FULL, published and shown); nothing unsent is ever removed. Runs on the desk, because it journals.
 */
final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    static final String DEVICE = "journal";
    static final String FULL = "FULL";

    private final Journal journal;
    private final JournalConfig limits;
    private final EventRecorder recorder;
    private final Clock clock;

    Retention(Journal journal, JournalConfig limits, EventRecorder recorder, Clock clock) {
        this.journal = journal;
        this.limits = limits;
        this.recorder = recorder;
        this.clock = clock;
    }

    /**
     * One pass. Desk thread.
     *
     * @return how many records were removed
     */
    int apply() {
        int removed = journal.removeOlderThan(clock.instant().minus(Duration.ofDays(limits.retentionDays())));
        if (removed > 0) {
            log.info("journal retention: removed {} record(s) older than {} days, all sent", removed,
                    limits.retentionDays());
        }
        long size = journal.sizeBytes();
        if (size > limits.maxSizeMegabytes() * 1024L * 1024L) {
            String detail = String.format(Locale.ROOT,
                    "journal %s is %.0f MB, over its %d MB limit; %d message(s) unsent; nothing unsent is removed",
                    journal.file(), size / 1048576.0, limits.maxSizeMegabytes(), journal.outbox().unsentCount());
            log.error(detail);
            recorder.deviceStatus(DEVICE, FULL, detail);
        }
        return removed;
    }
}
