package org.touchstone.drivers.driver;

import java.util.concurrent.CompletableFuture;
import org.touchstone.drivers.reading.XrfReading;

/**
 * An XRF analyzer whose tests the agent can start (the SciAps remote API). A test fires the X-ray tube, so it starts
 * only when someone asks, one at a time: the agent's {@code xrf-test} command or the console, for an officer with
 * the right to. The driver never starts one by itself.
 */
public interface XrfTestRequests {

    String deviceId();

    /**
     * Asks for one test. Completes when the test ended (or could not start), with how it ended; a completed test's
     * reading is also handed to the driver's listener like any other.
     *
     * @param requestedBy who asked, for the log and the device events (an officer's id)
     */
    CompletableFuture<Outcome> requestTest(String requestedBy);

    /** How a requested test ended. */
    enum Ending {
        /** A result: {@link Outcome#reading()} holds it. */
        COMPLETED,
        /** Another test is running or waiting: one at a time. */
        BUSY,
        /** The analyzer is not reachable (or its identity not yet known). */
        NOT_CONNECTED,
        /** The operator or the analyzer aborted it, or it answered a live update: no result. */
        ABORTED,
        /** The analyzer reported an error code. */
        ERROR,
        /** No answer within the test timeout; the abort endpoint was called. */
        TIMED_OUT,
        /** The answer could not be read (not JSON, no chemistry, a missing uncertainty). */
        REFUSED,
        /** The driver was closed before the test ended. */
        STOPPED
    }

    /**
     * @param detail  one sentence for the officer who asked
     * @param reading the result when {@code ending} is COMPLETED, else null
     */
    record Outcome(Ending ending, String detail, XrfReading reading) {
        public Outcome {
            java.util.Objects.requireNonNull(ending, "ending must not be null");
            detail = detail == null ? "" : detail;
        }
    }
}
