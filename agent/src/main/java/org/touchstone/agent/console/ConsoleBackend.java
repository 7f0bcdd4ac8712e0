package org.touchstone.agent.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.CalibrationRecord;
import org.touchstone.agent.calibration.ControlChart;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.security.Officer;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Everything the console reads from the agent and asks of it, in the console's own terms. The web layer sees
 * only this; {@link AgentConsoleBackend} is the one class that knows how the agent does it.
 */
public interface ConsoleBackend {

    String postId();

    /** Open inspections and recent closed ones, newest first. */
    List<InspectionSummary> inspections();

    Optional<InspectionDetail> inspection(String declarationId);

    Bench bench();

    /** Every alert's life, newest first. */
    List<AlertLife> alerts();

    List<DeviceView> devices();

    /**
     * The evidence package of an inspection ({@code journal export}'s), built from the journal now.
     *
     * @throws IllegalArgumentException when the journal has nothing on it
     */
    ObjectNode evidence(String declarationId);

    CompletableFuture<Confirmation> selectItem(Officer officer, String declarationId, String itemId,
                                               Weighing.Medium medium);

    CompletableFuture<Confirmation> closeInspection(Officer officer, String declarationId);

    CompletableFuture<Confirmation> acknowledgeAlert(Officer officer, String alertId, String note);

    CompletableFuture<Confirmation> closeAlert(Officer officer, String alertId, Alert.Outcome outcome, String note);

    /** Tells the console what changed, after the agent has journaled it. */
    void listen(Listener listener);

    /** What the console is told; called from the agent's threads, must not block. */
    interface Listener {
        /**
         * Parts of the picture changed: {@code inspections}, {@code inspection:<id>}, {@code bench}, {@code alerts},
         * {@code devices}.
         */
        void changed(Set<String> topics);

        /** A scale's indication, stable or not, bound or not: the bench's live display. */
        void scaleIndication(WeightReading reading);
    }

    /** One inspection in the list. */
    record InspectionSummary(String declarationId, String declarant, String exporter, String originCountry,
                             int items, Instant openedAt, Lane lane, boolean complete, boolean open,
                             Instant closedAt, String closedBy, Alert alert) {
    }

    /** One inspection in full, from the journal, with the desk's current verdict while it is open. */
    record InspectionDetail(InspectionSummary summary, Declaration declaration, Verdict verdict,
                            List<WeighingEntry> weighings, List<ShotEntry> shots, List<SelectionEntry> selections,
                            List<Alert> alertLife, SelectionEntry closure) {
    }

    record WeighingEntry(long seq, String itemId, Weighing.Medium medium, WeightReading reading, DeviceTrust trust) {
    }

    record ShotEntry(long seq, String itemId, XrfReading reading, DeviceTrust trust) {
    }

    /** An item put on the bench, or the inspection's closure: who, when, from where. */
    record SelectionEntry(long seq, Instant at, String itemId, String medium, String source, String officer) {
    }

    /** The bench now. */
    /**
     * @param selectionWeighed the active item was weighed and taken off the pan: the next load waits for a selection
     */
    record Bench(ActiveItem active, boolean selectionWeighed, List<ScaleNow> scales, XrfNow lastShot,
                 Unbound lastUnbound, List<InspectionDetail> open) {
    }

    record ActiveItem(String declarationId, String itemId, String medium, String source, Instant at) {
    }

    /**
     * @param minimumLoadGrams below this the pan counts as empty (OIML R 76 Table 3)
     */
    record ScaleNow(String deviceId, WeightReading reading, double minimumLoadGrams) {
    }

    /** @param boundTo the item the shot went to ({@code DECLARATION/ITEM}), or null when unbound */
    record XrfNow(XrfReading reading, String boundTo) {
    }

    record Unbound(String deviceId, String reason, Instant at) {
    }

    record AlertLife(String alertId, String declarationId, List<Alert> revisions) {
        public Alert latest() {
            return revisions.get(revisions.size() - 1);
        }
    }

    /**
     * @param kind        {@code scale}, {@code xrf} or {@code scanner}
     * @param description protocol and transport, or the analyzer's source and model
     * @param metrology   a scale's class, e and Max; null for others
     * @param charts      an analyzer's control charts since their last fresh start
     */
    record DeviceView(String id, String kind, String description, String state, String stateDetail,
                      Instant stateAt, String serialNumber, String model, DeviceTrust trust,
                      List<CalibrationRecord> history, ScaleMetrology metrology, List<ControlChart> charts) {
    }

    /**
     * What the agent's journal says of a command: accepted with the record that holds it, or refused with the reason.
     *
     * @param command    {@code select}, {@code close-inspection}, {@code alert-ack} or {@code alert-close}
     * @param journalSeq the journal record, when accepted
     * @param at         the record's time, or the refusal's
     * @param recordType the record's type ({@code activeItem}, {@code inspectionClosed}, {@code alert})
     * @param recordHash its hash in the chain
     * @param data       its data as journaled
     */
    record Confirmation(String command, boolean accepted, String reason, Long journalSeq, Instant at,
                        String recordType, String recordHash, JsonNode data) {
        public static Confirmation refused(String command, String reason, Instant at) {
            return new Confirmation(command, false, reason, null, at, null, null, null);
        }
    }
}
