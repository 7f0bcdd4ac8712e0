package org.touchstone.agent.journal.schema;

import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/**
 * A device's connection state changed (CONNECTED, SILENT, DISCONNECTED, FAULTY), or the journal is over its size
 * ({@code deviceId} {@code journal}, state FULL); its status message is committed with it.
 */
public record DeviceStatus(String deviceId, String state, String detail) implements JournalPayload {
    public DeviceStatus {
        detail = detail == null ? "" : detail;
    }

    @Override
    public RecordType type() {
        return RecordType.DEVICE_STATUS;
    }
}
