package org.touchstone.drivers.reading;

/** What a weight value is, when the protocol says: the gross load, the net load after tare, or not stated. */
public enum WeightKind {
    GROSS,
    NET,
    /** The protocol does not say (MT-SICS {@code SI}, A&D {@code ST}); the value is what the display shows. */
    DISPLAYED
}
