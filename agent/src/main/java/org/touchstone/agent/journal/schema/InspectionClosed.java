package org.touchstone.agent.journal.schema;

import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/** The inspector closed an inspection; stored under the inspection's id, so it stays closed after a restart. */
public record InspectionClosed(String declarationId, String source, String by) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.INSPECTION_CLOSED;
    }
}
