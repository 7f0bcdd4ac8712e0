package org.touchstone.agent.journal.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.journal.JournalException;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;

/**
 * The journal's schema: the payload record each {@link RecordType} carries, and how a stored record is read back
 * into it. Fields are listed in {@code docs/journal.md}. Reading is lenient about fields it does not know, so an
 * older agent can read what a newer one wrote.
 */
public final class JournalSchema {

    private static final Map<RecordType, Class<? extends JournalPayload>> PAYLOADS = new EnumMap<>(RecordType.class);

    static {
        PAYLOADS.put(RecordType.AGENT_STARTED, AgentStarted.class);
        PAYLOADS.put(RecordType.AGENT_STOPPED, AgentStopped.class);
        PAYLOADS.put(RecordType.INSPECTIONS_RECOVERED, InspectionsRecovered.class);
        PAYLOADS.put(RecordType.READING, ReadingReceived.class);
        PAYLOADS.put(RecordType.DECLARATION, DeclarationAccepted.class);
        PAYLOADS.put(RecordType.DECLARATION_REJECTED, DeclarationRefused.class);
        PAYLOADS.put(RecordType.ACTIVE_ITEM, ActiveItemChanged.class);
        PAYLOADS.put(RecordType.SELECTION_WEIGHED, SelectionWeighed.class);
        PAYLOADS.put(RecordType.INSPECTION_CLOSED, InspectionClosed.class);
        PAYLOADS.put(RecordType.INPUT_REJECTED, InputRejected.class);
        PAYLOADS.put(RecordType.READING_UNBOUND, ReadingUnbound.class);
        PAYLOADS.put(RecordType.WEIGHING, WeighingRecorded.class);
        PAYLOADS.put(RecordType.XRF_SHOT, XrfShotRecorded.class);
        PAYLOADS.put(RecordType.VERDICT, VerdictChanged.class);
        PAYLOADS.put(RecordType.ALERT, Alert.class);
        PAYLOADS.put(RecordType.DEVICE_STATUS, DeviceStatus.class);
        PAYLOADS.put(RecordType.CALIBRATION, CalibrationBook.Entry.class);
        PAYLOADS.put(RecordType.CHAIN_HEAD, ChainHead.class);
    }

    private final ObjectMapper json;

    public JournalSchema(ObjectMapper json) {
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The payload record a type carries. */
    public static Class<? extends JournalPayload> payloadOf(RecordType type) {
        return PAYLOADS.get(type);
    }

    /**
     * Reads a record's payload.
     *
     * @throws IllegalArgumentException when the record is not of the type {@code payload} belongs to
     * @throws JournalException         when its data cannot be read as that payload
     */
    public <P extends JournalPayload> P read(JournalRecord record, Class<P> payload) {
        RecordType type = record.type();
        if (type == null || PAYLOADS.get(type) != payload) {
            throw new IllegalArgumentException("journal record #" + record.seq() + " is a " + record.storedType()
                    + ", not a " + payload.getSimpleName());
        }
        try {
            return json.readValue(record.data(), payload);
        } catch (IOException | RuntimeException e) {
            throw new JournalException("journal record #" + record.seq() + " (" + record.storedType()
                    + ") cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads a record's payload by its type; null for a type this version does not know. */
    public JournalPayload read(JournalRecord record) {
        RecordType type = record.type();
        return type == null ? null : read(record, PAYLOADS.get(type));
    }
}
