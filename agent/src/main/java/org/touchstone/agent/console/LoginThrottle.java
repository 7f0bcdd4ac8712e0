package org.touchstone.agent.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing at the console: after five failed logins for one officer id, or from one address,
 * further attempts are refused for 30 s, doubling with each further failure up to 15 min. A success clears the
 * officer's count. Bounded: the oldest entries are dropped past 10 000.
 */
public final class LoginThrottle {

    static final int FREE_ATTEMPTS = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    private static final int MAX_ENTRIES = 10_000;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long these keys must still wait, or zero. */
    public synchronized Duration wait(String... keys) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String k : keys) {
            Failures f = failures.get(k);
            if (f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now)) {
                Duration d = Duration.between(now, f.lockedUntil());
                longest = d.compareTo(longest) > 0 ? d : longest;
            }
        }
        return longest;
    }

    public synchronized void failed(String... keys) {
        Instant now = clock.instant();
        for (String k : keys) {
            Failures f = failures.remove(k);
            int count = f == null ? 1 : f.count() + 1;
            Instant until = null;
            if (count >= FREE_ATTEMPTS) {
                long factor = 1L << Math.min(count - FREE_ATTEMPTS, 10);
                Duration lock = FIRST_LOCK.multipliedBy(factor);
                until = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
            }
            failures.put(k, new Failures(count, until));
        }
        while (failures.size() > MAX_ENTRIES) {
            failures.remove(failures.keySet().iterator().next());
        }
    }

    public synchronized void succeeded(String key) {
        failures.remove(key);
    }
}
