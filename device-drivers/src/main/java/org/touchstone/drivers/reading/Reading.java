package org.touchstone.drivers.reading;

import java.time.Instant;

/** A measurement taken by one instrument: a weighing or an XRF test. */
public sealed interface Reading permits WeightReading, XrfReading {

    /** The configured id of the device that took the reading, e.g. {@code scale-1}. */
    String deviceId();

    /** When the agent received it (the agent's clock, never the device's). */
    Instant receivedAt();

    /** The item the reading says it belongs to, or null when the agent must bind it. */
    String itemId();

    /** The bytes as received, kept as evidence (decoded as ISO-8859-1 so no byte is lost). */
    String raw();
}
