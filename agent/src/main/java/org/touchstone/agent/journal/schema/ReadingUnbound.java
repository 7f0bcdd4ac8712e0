package org.touchstone.agent.journal.schema;

import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/** A reading the desk could not bind to an item, and why (the reading itself is the record before). */
public record ReadingUnbound(String deviceId, String reason) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.READING_UNBOUND;
    }
}
