package org.touchstone.agent.calibration;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.touchstone.agent.metrology.ScaleMetrology;

/**
 * What a scale verification will do, in the style of OIML R 76 and EURAMET cg-18: errors of indication at test
 * loads up to Max, repeated loadings of one load, a load of about 1/3 Max at the centre and the four corners, and
 * a net load on a tared container. Settings left out take defaults derived from the scale's Max.
 *
 * @param technician          who performs it
 * @param weights             the reference weight set and its certificate
 * @param testLoadsGrams      error of indication test loads (default 10 %, 20 %, 50 % and 100 % of Max)
 * @param repeatabilityLoadGrams load for repeatability (default 50 % of Max)
 * @param repeatabilityCount  loadings of it (default 6; at least 3)
 * @param eccentricityLoadGrams load for eccentricity (default: the 1-2-5 value nearest to Max/3)
 * @param tareGrams           container to tare (default 20 % of Max)
 * @param tareTestLoadGrams   net load on the tared container (default the repeatability load, kept within Max)
 * @param validForDays        days until the next verification is due (default 365)
 * @param note                free text for the record
 */
public record ScaleProcedure(String technician, ReferenceWeightSet weights, List<BigDecimal> testLoadsGrams,
                             BigDecimal repeatabilityLoadGrams, Integer repeatabilityCount,
                             BigDecimal eccentricityLoadGrams, BigDecimal tareGrams, BigDecimal tareTestLoadGrams,
                             Integer validForDays, String note) {

    public ScaleProcedure {
        ReferenceWeightSet.requireText(technician, "technician");
        Objects.requireNonNull(weights, "weights must be given (id, weightClass, certificate)");
        testLoadsGrams = testLoadsGrams == null ? List.of() : List.copyOf(testLoadsGrams);
        for (BigDecimal load : testLoadsGrams) {
            if (load.signum() <= 0) {
                throw new IllegalArgumentException("testLoadsGrams must be > 0, was: " + load);
            }
        }
        if (repeatabilityCount != null && (repeatabilityCount < 3 || repeatabilityCount > 20)) {
            throw new IllegalArgumentException("repeatabilityCount must be 3..20, was: " + repeatabilityCount);
        }
        if (validForDays != null && (validForDays < 1 || validForDays > 3660)) {
            throw new IllegalArgumentException("validForDays must be 1..3660, was: " + validForDays);
        }
        positiveOrNull(repeatabilityLoadGrams, "repeatabilityLoadGrams");
        positiveOrNull(eccentricityLoadGrams, "eccentricityLoadGrams");
        positiveOrNull(tareGrams, "tareGrams");
        positiveOrNull(tareTestLoadGrams, "tareTestLoadGrams");
        note = note == null ? "" : note;
    }

    /** A procedure with every load taken from the scale's Max. */
    public static ScaleProcedure standard(String technician, ReferenceWeightSet weights) {
        return new ScaleProcedure(technician, weights, null, null, null, null, null, null, null, null);
    }

    /** This procedure with every default filled in for a scale. */
    public ScaleProcedure resolvedFor(ScaleMetrology scale) {
        BigDecimal max = scale.capacityGrams();
        List<BigDecimal> loads = testLoadsGrams.isEmpty()
                ? List.of(nice(max, 0.1), nice(max, 0.2), nice(max, 0.5), max) : testLoadsGrams;
        BigDecimal rep = repeatabilityLoadGrams == null ? nice(max, 0.5) : repeatabilityLoadGrams;
        BigDecimal ecc = eccentricityLoadGrams == null ? nice(max, 1.0 / 3) : eccentricityLoadGrams;
        BigDecimal tare = tareGrams == null ? nice(max, 0.2) : tareGrams;
        BigDecimal net = tareTestLoadGrams == null ? rep.min(max.subtract(tare)) : tareTestLoadGrams;
        for (BigDecimal load : loads) {
            within(load, max, "testLoadsGrams");
        }
        within(rep, max, "repeatabilityLoadGrams");
        within(ecc, max, "eccentricityLoadGrams");
        within(tare.add(net), max, "tareGrams + tareTestLoadGrams");
        return new ScaleProcedure(technician, weights, loads, rep, repeatabilityCount == null ? 6 : repeatabilityCount,
                ecc, tare, net, validForDays == null ? 365 : validForDays, note);
    }

    /** The 1-2-5 value nearest to {@code fraction} of Max (weights come in 1, 2, 5 × 10^k). */
    static BigDecimal nice(BigDecimal max, double fraction) {
        double target = max.doubleValue() * fraction;
        double best = 0;
        for (int k = -3; k <= 6; k++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = m * Math.pow(10, k);
                if (v <= max.doubleValue() && Math.abs(v - target) < Math.abs(best - target)) {
                    best = v;
                }
            }
        }
        return new BigDecimal(Double.toString(best)).stripTrailingZeros();
    }

    private static void within(BigDecimal load, BigDecimal max, String field) {
        if (load.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be within Max " + max.toPlainString() + " g, was: "
                    + load.toPlainString());
        }
    }

    private static void positiveOrNull(BigDecimal value, String field) {
        if (value != null && value.signum() <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was: " + value);
        }
    }
}
