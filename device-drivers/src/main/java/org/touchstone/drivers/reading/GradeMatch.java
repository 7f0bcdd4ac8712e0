package org.touchstone.drivers.reading;

/**
 * A grade the analyzer's library matched the spectrum to, e.g. {@code 21.7 K Gold}, with its match quality as the
 * instrument states it (Bruker: a match number where lower is closer; SciAps: a score). The scale differs between
 * vendors, so the number is kept as sent and never compared across instruments.
 *
 * @param grade   the grade name
 * @param quality the match quality or score as sent, or null when none was given
 */
public record GradeMatch(String grade, Double quality) {
    public GradeMatch {
        if (grade == null || grade.isBlank()) {
            throw new IllegalArgumentException("grade must not be blank");
        }
        if (quality != null && !Double.isFinite(quality)) {
            throw new IllegalArgumentException(grade + ": quality must be a finite number, was: " + quality);
        }
    }
}
