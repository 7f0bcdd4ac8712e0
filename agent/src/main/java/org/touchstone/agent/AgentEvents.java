package org.touchstone.agent;

import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * What the agent tells the outside world (console, log, MQTT), always after the event is in the journal.
 * Called on the agent's single desk thread; implementations must not block.
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

    /** Input that could not be read (a garbled frame, a hostile payload); the agent carries on. */
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

    /** A barcode scanner read a code (the label of the item the inspector picked up). */
    default void itemScanned(String deviceId, String code) {
    }

    default void verdictChanged(Verdict verdict, int revision) {
    }

    default void alertRaised(Alert alert) {
    }
}
