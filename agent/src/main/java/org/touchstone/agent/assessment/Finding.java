package org.touchstone.agent.assessment;

import java.util.Map;
import java.util.Objects;

/**
 * Something the measurements show about one item, with the evidence and one sentence an inspector can read
 * aloud.
 *
 * @param severity the lane this finding alone calls for
 * @param evidence declared and measured values, uncertainties and the readings used (JSON-friendly values)
 */
public record Finding(FindingCode code, String itemId, Lane severity, String message, Map<String, Object> evidence) {
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }
}
