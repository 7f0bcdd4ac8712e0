package org.touchstone.agent.journal.schema;

import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/**
 * The item on the bench changed.
 *
 * @param source the channel it came through (a topic, {@code scanner scan-1}, {@code command line})
 * @param by     the officer, when the channel names one
 */
public record ActiveItemChanged(String declarationId, String itemId, Weighing.Medium medium, String source, String by)
        implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.ACTIVE_ITEM;
    }
}
