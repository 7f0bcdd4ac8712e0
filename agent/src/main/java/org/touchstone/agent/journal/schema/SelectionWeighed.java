package org.touchstone.agent.journal.schema;

import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/**
 * The selected item was weighed and taken off the pan: it is done on the scale, and the next load waits for a
 * selection (it is never added to this item silently).
 *
 * @param deviceId the scale whose pan emptied
 */
public record SelectionWeighed(String declarationId, String itemId, String deviceId) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.SELECTION_WEIGHED;
    }
}
