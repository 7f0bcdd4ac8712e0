package org.touchstone.drivers.reading;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One XRF test ("shot") normalised from whatever the analyzer sent: the MQTT JSON payload, a row of a vendor's
 * results CSV, or a SciAps API result.
 *
 * <p>XRF sees only the surface (a few µm in gold): a reading says what the surface is made of, not the bulk.
 *
 * @param deviceId        configured device id
 * @param testNumber      the analyzer's own test or reading number, as sent
 * @param mode            the analysis mode or application, e.g. {@code PreciousMetals}
 * @param itemId          the item the shot is bound to; starts as the sample label, or null when it must be bound
 * @param durationSeconds measuring time in seconds (0 when unknown)
 * @param receivedAt      the agent's receive time
 * @param elements        per-element results
 * @param raw             the record as received (for a CSV row: its header line and the row)
 * @param analyzerModel   the instrument's model as it names itself, or null
 * @param analyzerSerial  the instrument's serial number, or null
 * @param startedAt       when the instrument says the test started (its clock), or null
 * @param operator        the operator the instrument recorded, or null
 * @param sampleLabel     the sample label as the instrument recorded it (kept when {@code itemId} is rebound), or null
 * @param gradeMatches    the grades the instrument's library matched, best first (empty when none)
 */
public record XrfReading(String deviceId, String testNumber, String mode, String itemId, double durationSeconds,
                         Instant receivedAt, List<ElementResult> elements, String raw,
                         String analyzerModel, String analyzerSerial, Instant startedAt, String operator,
                         String sampleLabel, List<GradeMatch> gradeMatches) implements Reading {

    public XrfReading {
        WeightReading.requireText(deviceId, "deviceId");
        Objects.requireNonNull(receivedAt, "receivedAt must not be null");
        if (!Double.isFinite(durationSeconds) || durationSeconds < 0) {
            throw new IllegalArgumentException("durationSeconds must be >= 0, was: " + durationSeconds);
        }
        elements = List.copyOf(Objects.requireNonNull(elements, "elements must not be null"));
        raw = raw == null ? "" : raw;
        gradeMatches = gradeMatches == null ? List.of() : List.copyOf(gradeMatches);
    }

    /** A reading with what the first version of this record knew; the sample label is the item id. */
    public XrfReading(String deviceId, String testNumber, String mode, String itemId, double durationSeconds,
                      Instant receivedAt, List<ElementResult> elements, String raw) {
        this(deviceId, testNumber, mode, itemId, durationSeconds, receivedAt, elements, raw, null, null, null, null,
                itemId, List.of());
    }

    public Optional<ElementResult> element(String symbol) {
        return elements.stream().filter(e -> e.element().equals(symbol)).findFirst();
    }

    public Optional<GradeMatch> bestGradeMatch() {
        return gradeMatches.stream().findFirst();
    }

    public XrfReading withItemId(String newItemId) {
        return new XrfReading(deviceId, testNumber, mode, newItemId, durationSeconds, receivedAt, elements, raw,
                analyzerModel, analyzerSerial, startedAt, operator, sampleLabel, gradeMatches);
    }

    public XrfReading withDeviceId(String newDeviceId) {
        return new XrfReading(newDeviceId, testNumber, mode, itemId, durationSeconds, receivedAt, elements, raw,
                analyzerModel, analyzerSerial, startedAt, operator, sampleLabel, gradeMatches);
    }

    public XrfReading withRaw(String newRaw) {
        return new XrfReading(deviceId, testNumber, mode, itemId, durationSeconds, receivedAt, elements, newRaw,
                analyzerModel, analyzerSerial, startedAt, operator, sampleLabel, gradeMatches);
    }
}
