package org.touchstone.agent.inspection;

import java.util.Objects;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.drivers.reading.WeightReading;

/**
 * One weighing of an item: the first stable indication after the load changed, with the metrology of the
 * scale that took it (needed to say how far it can be off).
 *
 * @param reading     the stable reading that made the weighing
 * @param metrology   the scale's class, e and Max
 * @param stableCount how many stable polls confirmed the same plateau (evidence of a settled load)
 * @param medium      what the item hung in: air, or water for a hydrostatic (density) weighing
 * @param trust       the trust in the scale when the reading was taken
 */
public record Weighing(WeightReading reading, ScaleMetrology metrology, int stableCount, Medium medium,
                       DeviceTrust trust) {

    /** Where the item was weighed. */
    public enum Medium { AIR, WATER }

    public Weighing {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(metrology, "metrology");
        Objects.requireNonNull(trust, "trust");
        medium = medium == null ? Medium.AIR : medium;
        if (!reading.stable()) {
            throw new IllegalArgumentException("a weighing needs a stable reading, got: " + reading.raw());
        }
    }

    /** A weighing in air. */
    public Weighing(WeightReading reading, ScaleMetrology metrology, int stableCount, DeviceTrust trust) {
        this(reading, metrology, stableCount, Medium.AIR, trust);
    }

    public double grams() {
        return reading.grams().doubleValue();
    }

    public Weighing confirmedOnceMore() {
        return new Weighing(reading, metrology, stableCount + 1, medium, trust);
    }
}
