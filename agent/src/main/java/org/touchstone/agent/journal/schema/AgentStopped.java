package org.touchstone.agent.journal.schema;

import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/** The agent stopped normally, with the messages left unsent. A start with no stop before it was a crash or a kill. */
public record AgentStopped(String postId, long unsentMessages) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.AGENT_STOPPED;
    }
}
