package org.touchstone.agent.journal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of record the journal holds, with the name stored in its {@code type} column. The payload each type
 * carries is a record in {@code org.touchstone.agent.journal.schema} (see {@code JournalSchema}, and
 * {@code docs/journal.md} for the fields). Names are stored in the hash chain: never rename one.
 */
public enum RecordType {
    /** The agent started: {@code AgentStarted}. */
    AGENT_STARTED("agentStarted"),
    /** The agent stopped normally: {@code AgentStopped}. */
    AGENT_STOPPED("agentStopped"),
    /** Open inspections were put back after a restart: {@code InspectionsRecovered}. */
    INSPECTIONS_RECOVERED("inspectionsRecovered"),
    /** A reading as a device delivered it, before it is bound to an item: a {@code Reading}. */
    READING("reading"),
    /** A declaration accepted: an inspection opens. {@code DeclarationAccepted}. */
    DECLARATION("declaration"),
    /** A declaration refused, with every problem: {@code DeclarationRejected}. */
    DECLARATION_REJECTED("declarationRejected"),
    /** The item on the bench changed: {@code ActiveItemChanged}. */
    ACTIVE_ITEM("activeItem"),
    /** The inspector closed an inspection: {@code InspectionClosed}. */
    INSPECTION_CLOSED("inspectionClosed"),
    /** An input or a command that could not be taken: {@code InputRejected}. */
    INPUT_REJECTED("inputRejected"),
    /** A reading that names no item the desk could bind it to: {@code ReadingUnbound}. */
    READING_UNBOUND("readingUnbound"),
    /** A weighing bound to an item: {@code WeighingRecorded}. */
    WEIGHING("weighing"),
    /** An XRF shot bound to an item: {@code XrfShotRecorded}. */
    XRF_SHOT("xrfShot"),
    /** A changed verdict, with its message: {@code VerdictChanged}. */
    VERDICT("verdict"),
    /** An alert revision, with its message: an {@code Alert}. */
    ALERT("alert"),
    /** A device's connection state (or the journal's own FULL state), with its message: {@code DeviceStatus}. */
    DEVICE_STATUS("deviceStatus"),
    /** A technician's calibration record: {@code CalibrationBook.Entry}. */
    CALIBRATION("calibration"),
    /** A chain head published to headquarters (plan contract 4), with its message: {@code ChainHead}. */
    CHAIN_HEAD("chainHead"),
    /** The selected item was weighed and taken off the pan; the next load waits for a selection: {@code SelectionWeighed}. */
    SELECTION_WEIGHED("selectionWeighed");

    private static final Map<String, RecordType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(RecordType::storedName, Function.identity()));

    private final String storedName;

    RecordType(String storedName) {
        this.storedName = storedName;
    }

    /** The name in the journal's {@code type} column and in the hash. */
    public String storedName() {
        return storedName;
    }

    /** The type of a stored name; empty for a name this version does not know (a newer agent wrote it). */
    public static Optional<RecordType> ofStoredName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
