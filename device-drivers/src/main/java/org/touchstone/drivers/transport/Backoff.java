package org.touchstone.drivers.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before the next attempt to open a link: doubled after each failure up to a cap, and back to the
 * first delay once a session was good (it delivered what the link is for). The one reconnect policy of the project:
 * device drivers and the MQTT connection use it alike. Not thread-safe: one owner, one thread.
 *
 * <p>Resetting on a good session, not on a successful open, matters: a device server that accepts the connection
 * and drops it at once must not be reconnected to at full speed forever, and a scale that worked for an hour must
 * not wait the capped delay after its first drop.
 */
public final class Backoff {

    /** The drivers' default: 200 ms, doubled, at most 5 s. */
    public static final Duration DEFAULT_FIRST = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(5);

    private final Duration first;
    private final Duration max;
    private Duration next;
    private int failures;

    public Backoff(Duration first, Duration max) {
        this.first = Objects.requireNonNull(first, "first must not be null");
        this.max = Objects.requireNonNull(max, "max must not be null");
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("first must be > 0, was: " + first);
        }
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("max must be >= first (" + first + "), was: " + max);
        }
        this.next = first;
    }

    /** 200 ms doubling to 5 s. */
    public static Backoff standard() {
        return new Backoff(DEFAULT_FIRST, DEFAULT_MAX);
    }

    /** The wait after one more failure; the wait after the next failure is twice as long, up to the cap. */
    public Duration failed() {
        Duration wait = next;
        failures++;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }

    /** The link did its job (a good answer, a good frame): the next failure waits the first delay again. */
    public void succeeded() {
        next = first;
        failures = 0;
    }

    /** The wait the next failure would get. */
    public Duration peek() {
        return next;
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }

    public Duration first() {
        return first;
    }

    public Duration max() {
        return max;
    }
}
