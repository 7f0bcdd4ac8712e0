package org.touchstone.agent.journal.schema;

import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/** The agent started for a post, with the messages its outbox still held from before. */
public record AgentStarted(String postId, long unsentMessages) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.AGENT_STARTED;
    }
}
