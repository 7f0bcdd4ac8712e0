package org.touchstone.drivers.device;

/** What the agent knows about an instrument's link. */
public enum DeviceState {
    /** The port is open and the device answers. */
    CONNECTED,
    /** The port is open but the device stopped answering. */
    SILENT,
    /** The port is absent or closed; the driver is trying to reopen it. */
    DISCONNECTED,
    /**
     * The device answers but cannot be trusted: it reports a hardware error, mostly sends frames that are rejected
     * (garbage, a checksum that never matches, a wrong protocol), or its driver hit an unexpected error and is
     * retrying.
     */
    FAULTY
}
