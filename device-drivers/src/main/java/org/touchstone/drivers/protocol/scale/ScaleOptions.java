package org.touchstone.drivers.protocol.scale;

import org.touchstone.drivers.reading.WeightUnit;

/**
 * What a scale codec must be told because the frames do not say it: settings made on the scale itself.
 *
 * @param checksum true when the indicator appends a checksum byte (Toledo continuous)
 * @param tael     the tael the scale is set to ({@link WeightUnit#TAEL}, {@link WeightUnit#TAHIL} or
 *                 {@link WeightUnit#TAEL_TW}), or null when none is set: then a weight printed in taels is refused,
 *                 because {@code tl} names no tael in particular
 */
public record ScaleOptions(boolean checksum, WeightUnit tael) {

    public static final ScaleOptions NONE = new ScaleOptions(false, null);

    public ScaleOptions {
        if (tael != null && !tael.isTael()) {
            throw new IllegalArgumentException("tael must be one of " + WeightUnit.TAELS + ", was: " + tael);
        }
    }

    /** The message for a frame in taels when no tael is set. */
    public static String taelNotSet(String printed) {
        return "unit '" + printed + "' is a tael, and which one (hk-troy 37.429 g, hk-market/singapore/malaysia "
                + "37.799 g, taiwan 37.5 g) is a setting of the scale: set tael for this scale";
    }
}
