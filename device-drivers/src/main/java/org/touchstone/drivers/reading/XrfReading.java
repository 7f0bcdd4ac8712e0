package org.touchstone.drivers.reading;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One XRF test ("shot") normalised from whatever the analyzer sent.
 *
 * <p>XRF sees only the surface (a few µm in gold): a reading says what the surface is made of, not the bulk.
 *
 * @param deviceId        configured device id
 * @param testNumber      the analyzer's own test or reading number, as sent
 * @param mode            the analysis mode or application, e.g. {@code PreciousMetals}
 * @param itemId          the item the shot was taken on (the sample label), or null when it must be bound
 * @param durationSeconds measuring time in seconds (0 when unknown)
 * @param receivedAt      the agent's receive time
 * @param elements        per-element results
 * @param raw             the record as received
 */
public record XrfReading(String deviceId, String testNumber, String mode, String itemId, double durationSeconds,
                         Instant receivedAt, List<ElementResult> elements, String raw) implements Reading {

    public XrfReading {
        WeightReading.requireText(deviceId, "deviceId");
        Objects.requireNonNull(receivedAt, "receivedAt must not be null");
        if (!Double.isFinite(durationSeconds) || durationSeconds < 0) {
            throw new IllegalArgumentException("durationSeconds must be >= 0, was: " + durationSeconds);
        }
        elements = List.copyOf(Objects.requireNonNull(elements, "elements must not be null"));
        raw = raw == null ? "" : raw;
    }

    public Optional<ElementResult> element(String symbol) {
        return elements.stream().filter(e -> e.element().equals(symbol)).findFirst();
    }

    public XrfReading withItemId(String newItemId) {
        return new XrfReading(deviceId, testNumber, mode, newItemId, durationSeconds, receivedAt, elements, raw);
    }
}
