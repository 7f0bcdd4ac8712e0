package org.touchstone.drivers.reading;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One element's result in an XRF test.
 *
 * <p>Analyzers state uncertainties at different coverage factors (a "1 sigma" column, a "2 sigma" column);
 * keeping {@code coverageFactor} explicit is what makes them comparable: see {@link #standardUncertainty()}.
 *
 * @param element        chemical symbol, e.g. {@code Au}
 * @param percent        concentration in wt% (meaningless when {@code belowDetection}); ppm are converted on input
 * @param uncertainty    expanded uncertainty in wt%, at {@code coverageFactor}
 * @param coverageFactor k of the stated uncertainty (1 for "1 sigma", 2 for "2 sigma")
 * @param belowDetection true when the instrument reported the element below its detection limit
 * @param detectionLimit the detection limit in wt% when known, else null
 * @param flags          what else the instrument said about the value (out of calibration range, nominal)
 */
public record ElementResult(String element, double percent, double uncertainty, double coverageFactor,
                            boolean belowDetection, Double detectionLimit, Set<Flag> flags) {

    /** Qualifiers an instrument attaches to a value; SciAps sends them as a bitmask. */
    public enum Flag {
        /** Taken from the grade, not measured (SciAps NOMINAL). */
        NOMINAL,
        /** Below the lowest calibration point (SciAps OCR_MINUS). */
        OUT_OF_CALIBRATION_LOW,
        /** Above the highest calibration point (SciAps OCR_PLUS). */
        OUT_OF_CALIBRATION_HIGH,
        /** Light-element balance, not a measured element (SciAps LE). */
        LIGHT_ELEMENTS
    }

    private static final Pattern SYMBOL = Pattern.compile("[A-Z][a-z]?");

    public ElementResult {
        if (element == null || !SYMBOL.matcher(element).matches()) {
            throw new IllegalArgumentException("element must be a chemical symbol such as Au, was: " + element);
        }
        if (!Double.isFinite(percent) || percent < 0 || percent > 100) {
            throw new IllegalArgumentException(element + ": percent must be within 0..100, was: " + percent);
        }
        if (!Double.isFinite(uncertainty) || uncertainty < 0) {
            throw new IllegalArgumentException(element + ": uncertainty must be >= 0, was: " + uncertainty);
        }
        if (!Double.isFinite(coverageFactor) || coverageFactor <= 0) {
            throw new IllegalArgumentException(element + ": coverageFactor must be > 0, was: " + coverageFactor);
        }
        if (detectionLimit != null && (!Double.isFinite(detectionLimit) || detectionLimit < 0)) {
            throw new IllegalArgumentException(element + ": detectionLimit must be >= 0, was: " + detectionLimit);
        }
        flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    /** The result without flags, as the first version of this record had it. */
    public ElementResult(String element, double percent, double uncertainty, double coverageFactor,
                         boolean belowDetection, Double detectionLimit) {
        this(element, percent, uncertainty, coverageFactor, belowDetection, detectionLimit, Set.of());
    }

    /** The standard (k = 1) uncertainty in wt%. */
    public double standardUncertainty() {
        return uncertainty / coverageFactor;
    }

    public ElementResult withFlags(Set<Flag> newFlags) {
        return new ElementResult(element, percent, uncertainty, coverageFactor, belowDetection, detectionLimit, newFlags);
    }

    public static ElementResult detected(String element, double percent, double uncertainty, double k) {
        return new ElementResult(element, percent, uncertainty, k, false, null);
    }

    public static ElementResult belowDetection(String element, Double detectionLimit) {
        return new ElementResult(element, 0.0, 0.0, 1.0, true, detectionLimit);
    }
}
