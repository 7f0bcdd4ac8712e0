package org.touchstone.agent.calibration;

import java.util.Objects;

/**
 * The reference weights a verification used, traceable through their certificate.
 *
 * @param id          the set's identification, e.g. its serial number
 * @param weightClass OIML R 111 class (E2, F1, F2, M1 ...); it should have at most 1/3 of the scale's MPE
 * @param certificate the calibration certificate's number
 */
public record ReferenceWeightSet(String id, String weightClass, String certificate) {
    public ReferenceWeightSet {
        requireText(id, "weights.id");
        requireText(weightClass, "weights.weightClass");
        requireText(certificate, "weights.certificate");
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty, was: " + (value == null ? "missing" : "'" + value + "'"));
        }
        return Objects.requireNonNull(value);
    }
}
