package org.touchstone.agent.devices;

/**
 * What a device reports to the agent besides its readings: its connection state, input it could not read, and
 * labels a barcode scanner read. Safe to call from any thread (a driver's, Paho's); the agent hands each report to
 * its desk thread, which journals it before anyone is told.
 */
public interface DeviceInput {

    default void deviceStatus(String deviceId, String state, String detail) {
    }

    /** Input that could not be read (a garbled frame, a hostile payload): named by where it came from. */
    default void inputRejected(String source, String reason) {
    }

    /** A barcode scanner read a code (the label of the item the inspector picked up). */
    default void itemScanned(String deviceId, String code) {
    }
}
