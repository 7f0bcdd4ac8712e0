package org.touchstone.agent.journal.schema;

import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/** After a restart, the open inspections put back from the journal and the evidence they carry. */
public record InspectionsRecovered(int inspections, int weighings, int xrfShots) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.INSPECTIONS_RECOVERED;
    }
}
