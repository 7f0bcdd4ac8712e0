package org.touchstone.drivers.driver;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts a device's rejected frames so that garbage costs a bounded number of reports: the first rejected frame
 * after a quiet interval is reported on its own, with its raw bytes; the ones after it within
 * {@link #SUMMARY_INTERVAL} are counted by kind and reported once, as one summary, when the interval ends. It also
 * keeps the verdicts of the last {@link #WINDOW} frames, which say whether the device is mostly sending rejects.
 * Used by one driver thread; time comes from the caller (nanoseconds of a monotonic clock).
 */
final class RejectedFrames {

    /** Frames looked at to decide whether a device sends mostly rejects. */
    static final int WINDOW = 20;
    /** Rejects among the last {@link #WINDOW} frames from which on the device counts as faulty: more than half. */
    static final int FAULTY_REJECTS = WINDOW / 2 + 1;
    /** Good frames in a row after which a device faulty for its rejects counts as decoding again. */
    static final int GOOD_IN_A_ROW_TO_RECOVER = 10;
    /** How long rejects are counted before one summary is reported. */
    static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(10);
    /** Kinds of reasons kept apart in a summary; the rest are counted as "other". */
    private static final int MAX_KINDS = 8;

    /** What to report now: a single frame or a summary of {@code count} frames. */
    record Report(String reason, String raw, int count) {
    }

    private final long intervalNanos;
    private final Deque<Boolean> window = new ArrayDeque<>(WINDOW);
    private int rejectsInWindow;
    private int goodInARow;
    private long intervalStart = Long.MIN_VALUE;
    private final Map<String, Integer> counted = new LinkedHashMap<>();
    private int countedTotal;
    private String lastRaw = "";

    RejectedFrames() {
        this(SUMMARY_INTERVAL);
    }

    RejectedFrames(Duration summaryInterval) {
        this.intervalNanos = summaryInterval.toNanos();
    }

    /** A frame decoded into something the driver could use. */
    void accepted() {
        record(false);
        goodInARow++;
    }

    /**
     * A frame rejected. Returns the report to make at once (the first reject of an interval), or empty when it is
     * counted into the interval's summary.
     */
    Optional<Report> rejected(String reason, String raw, long nowNanos) {
        record(true);
        goodInARow = 0;
        if (intervalStart == Long.MIN_VALUE || nowNanos - intervalStart >= intervalNanos) {
            // A new interval begins with this frame, reported whole; its successors are counted.
            Optional<Report> pending = summary();
            intervalStart = nowNanos;
            if (pending.isPresent()) {
                // The previous interval's count was not flushed by due(); keep both visible.
                counted.put(kind(reason), 1);
                countedTotal = 1;
                lastRaw = raw;
                return pending;
            }
            return Optional.of(new Report(reason, raw, 1));
        }
        counted.merge(counted.size() < MAX_KINDS || counted.containsKey(kind(reason)) ? kind(reason) : "other",
                1, Integer::sum);
        countedTotal++;
        lastRaw = raw;
        return Optional.empty();
    }

    /** The summary of the interval that has ended by {@code nowNanos}, if it counted any frame. */
    Optional<Report> due(long nowNanos) {
        if (intervalStart == Long.MIN_VALUE || nowNanos - intervalStart < intervalNanos) {
            return Optional.empty();
        }
        Optional<Report> s = summary();
        if (s.isPresent()) {
            // The interval ended with frames counted; the next reject starts a new one.
            intervalStart = Long.MIN_VALUE;
        }
        return s;
    }

    /** Forces out what is counted (the link closes, the driver stops). */
    Optional<Report> flush() {
        Optional<Report> s = summary();
        intervalStart = Long.MIN_VALUE;
        return s;
    }

    boolean mostlyRejected() {
        return rejectsInWindow >= FAULTY_REJECTS;
    }

    boolean decodingAgain() {
        return goodInARow >= GOOD_IN_A_ROW_TO_RECOVER;
    }

    int rejectsInWindow() {
        return rejectsInWindow;
    }

    int framesInWindow() {
        return window.size();
    }

    /** Forgets the window (a new session: the old link's garbage says nothing about the new one). */
    void newSession() {
        window.clear();
        rejectsInWindow = 0;
        goodInARow = 0;
    }

    private void record(boolean rejected) {
        if (window.size() == WINDOW && window.removeFirst()) {
            rejectsInWindow--;
        }
        window.addLast(rejected);
        if (rejected) {
            rejectsInWindow++;
        }
    }

    private Optional<Report> summary() {
        if (countedTotal == 0) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder().append(countedTotal).append(" more frame(s) rejected within ")
                .append(intervalNanos / 1_000_000_000L).append(" s: ");
        String sep = "";
        for (Map.Entry<String, Integer> e : counted.entrySet()) {
            sb.append(sep).append(e.getValue()).append(" x ").append(e.getKey());
            sep = "; ";
        }
        Report r = new Report(sb.toString(), lastRaw, countedTotal);
        counted.clear();
        countedTotal = 0;
        lastRaw = "";
        return Optional.of(r);
    }

    /** A reason without its numbers, so "checksum 0x1A does not match 0x33" and "... 0x2B ..." count as one kind. */
    static String kind(String reason) {
        return reason.replaceAll("0x[0-9A-Fa-f]+", "0x..").replaceAll("\\d+", "#");
    }
}
