package org.touchstone.agent.journal.schema;

import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/** An inspection's decision changed; its verdict message is committed with it. Stored under the inspection's id. */
public record VerdictChanged(int revision, Verdict verdict) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.VERDICT;
    }
}
