package org.touchstone.agent.report;

import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * What the agent tells the outside world (console, log, alert file, web console), always after the event is in the
 * journal. Called on the agent's single desk thread, in the order of the journal; implementations must not block,
 * and an exception they throw is logged and does not reach the desk.
 *
 * <p>Devices report to the agent through {@code devices.DeviceInput}, from any thread; that is the other direction.
 */
public interface AgentEvents {
    default void declarationAccepted(Declaration declaration, String source) {
    }

    default void declarationRejected(String source, String reason) {
    }

    default void weighingRecorded(String declarationId, String itemId, Weighing weighing) {
    }

    default void xrfShotRecorded(String declarationId, String itemId, XrfReading shot) {
    }

    /** Input that could not be read or a command refused (a garbled frame, a hostile payload); the agent carries on. */
    default void inputRejected(String source, String reason) {
    }

    default void readingUnbound(Reading reading, String reason) {
    }

    /** Every reading as it arrives, journaled, after the desk has bound it or not (the console's live indication). */
    default void readingReceived(Reading reading) {
    }

    /** An inspection was closed: no more readings go to it (MQTT, the command line or the console). */
    default void inspectionClosed(String declarationId, String source) {
    }

    default void deviceStatus(String deviceId, String state, String detail) {
    }

    /** The inspector put an item on the bench (tablet, command line or barcode scanner). */
    default void activeItemChanged(String declarationId, String itemId, String medium, String source) {
    }

    /**
     * The selected item was weighed and taken off the pan: the next load waits for a selection (XRF shots without a
     * label still go to the selected item).
     */
    default void selectionWeighed(String declarationId, String itemId, String deviceId) {
    }

    default void verdictChanged(Verdict verdict, int revision) {
    }

    /** An alert revision, carrying the id of the message that reports it. */
    default void alertRaised(Alert alert) {
    }
}
