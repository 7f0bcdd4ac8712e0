package org.touchstone.drivers.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The one rule for "this file has settled": its size and modification time have stayed the same across looks at it
 * for at least {@code settle}. Folders are polled, not watched (file-system events are unreliable on USB sticks and
 * network shares), so the rule is applied each time a poll sees the file. Used by the XRF folder importer and meant
 * for the agent's declarations folder.
 *
 * <p>Settled is not finished: a writer can stall longer than {@code settle} in the middle of a file. A reader of a
 * settled file must therefore still take only what is complete (the XRF importer reads only lines that ended) and
 * read again when the file changes. Not thread-safe: one polling thread.
 */
public final class SettledFiles {

    private record Seen(long size, long modified, long unchangedSinceNanos) {
    }

    private final Duration settle;
    private final LongSupplier nanoTime;
    private final Map<Path, Seen> seen = new HashMap<>();

    public SettledFiles(Duration settle) {
        this(settle, System::nanoTime);
    }

    public SettledFiles(Duration settle, LongSupplier nanoTime) {
        this.settle = Objects.requireNonNull(settle, "settle must not be null");
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must be >= 0, was: " + settle);
        }
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
    }

    public Duration settle() {
        return settle;
    }

    /**
     * Looks at a file as a poll found it. Returns true when it has looked the same (size and time) since at least
     * {@code settle} ago; a changed file starts its wait again. An empty file never settles: writers create the file
     * before they write.
     */
    public boolean settled(Path file, long size, long modifiedMillis) {
        long now = nanoTime.getAsLong();
        Seen s = seen.get(file);
        if (s == null || s.size() != size || s.modified() != modifiedMillis) {
            seen.put(file, new Seen(size, modifiedMillis, now));
            return false;
        }
        return size > 0 && now - s.unchangedSinceNanos() >= settle.toNanos();
    }

    /** Forgets files that are gone (so a file copied in again under the same name waits afresh). */
    public void retainOnly(Set<Path> present) {
        seen.keySet().retainAll(present);
    }
}
