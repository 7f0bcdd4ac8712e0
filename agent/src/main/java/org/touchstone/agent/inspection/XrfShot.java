package org.touchstone.agent.inspection;

import java.util.Objects;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.drivers.reading.XrfReading;

/**
 * One XRF shot recorded on an item, with the trust in the analyzer when it was taken.
 *
 * @param reading the analyzer's result
 * @param trust   the trust in the analyzer at that moment
 */
public record XrfShot(XrfReading reading, DeviceTrust trust) {
    public XrfShot {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(trust, "trust");
    }
}
