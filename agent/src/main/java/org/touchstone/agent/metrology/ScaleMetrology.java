package org.touchstone.agent.metrology;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the assessment must know of a scale to say how far its indication can be off.
 *
 * @param accuracyClass             OIML class
 * @param verificationIntervalGrams e
 * @param capacityGrams             Max
 */
public record ScaleMetrology(AccuracyClass accuracyClass, BigDecimal verificationIntervalGrams,
                             BigDecimal capacityGrams) {

    public ScaleMetrology {
        Objects.requireNonNull(accuracyClass, "accuracyClass must not be null");
        if (verificationIntervalGrams == null || verificationIntervalGrams.signum() <= 0) {
            throw new IllegalArgumentException("verificationIntervalGrams (e) must be > 0, was: " + verificationIntervalGrams);
        }
        if (capacityGrams == null || capacityGrams.compareTo(verificationIntervalGrams) <= 0) {
            throw new IllegalArgumentException("capacityGrams (Max) must be greater than e, was: " + capacityGrams);
        }
        double n = capacityGrams.doubleValue() / verificationIntervalGrams.doubleValue();
        if (n > 10_000_000) {
            throw new IllegalArgumentException("Max/e = " + Math.round(n) + " is implausible; check capacityGrams and e");
        }
    }

    /** Initial-verification MPE at this load, in grams (OIML R 76-1 Table 6): what a verification is held to. */
    public double initialMpeGrams(double loadGrams) {
        double e = verificationIntervalGrams.doubleValue();
        return accuracyClass.initialMpeInE(loadGrams / e) * e;
    }

    /** In-service MPE at this load, in grams: twice the initial-verification MPE (OIML R 76-1). */
    public double inServiceMpeGrams(double loadGrams) {
        double e = verificationIntervalGrams.doubleValue();
        return 2 * accuracyClass.initialMpeInE(loadGrams / e) * e;
    }

    /**
     * The largest indication the scale may show, Max + 9 e (OIML R 76-1 4.2.3: no indication above it; the scale
     * must blank or show overload beyond).
     */
    public double maxIndicationGrams() {
        return capacityGrams.doubleValue() + 9 * verificationIntervalGrams.doubleValue();
    }

    /** True for a reading no sound scale may show: an overload, not a measurement. */
    public boolean overload(double grams) {
        return grams > maxIndicationGrams() + 1e-9;
    }

    /**
     * The smallest load the scale is meant for (OIML R 76-1 Table 3): 100 e for class I, 20 e for class II with
     * e up to 0.05 g but 50 e from e = 0.1 g, 20 e for III, 10 e for IIII.
     */
    public double minimumLoadGrams() {
        double e = verificationIntervalGrams.doubleValue();
        return switch (accuracyClass) {
            case I -> 100 * e;
            case II -> verificationIntervalGrams.compareTo(new BigDecimal("0.1")) >= 0 ? 50 * e : 20 * e;
            case III -> 20 * e;
            case IIII -> 10 * e;
        };
    }
}
