package org.touchstone.drivers.device;

import org.touchstone.drivers.reading.Reading;

/**
 * Hears what a device driver observes. Called on the driver's own thread: return quickly and do not throw.
 */
public interface DeviceListener {

    default void readingReceived(Reading reading) {
    }

    default void deviceStateChanged(DeviceEvent event) {
    }

    default void frameRejected(FrameError error) {
    }
}
