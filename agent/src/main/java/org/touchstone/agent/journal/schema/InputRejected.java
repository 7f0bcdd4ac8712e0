package org.touchstone.agent.journal.schema;

import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/**
 * Input that could not be taken: a garbled frame, a hostile payload, a refused command.
 *
 * @param source    where it came from (topic, device and port)
 * @param reason    why, naming the field
 * @param command   the command's name when the input was a command, else null
 * @param requestId the command's request id, when it had one
 * @param by        the officer the command came from, when known
 */
public record InputRejected(String source, String reason, String command, String requestId, String by)
        implements JournalPayload {

    public static InputRejected input(String source, String reason) {
        return new InputRejected(source, reason, null, null, null);
    }

    @Override
    public RecordType type() {
        return RecordType.INPUT_REJECTED;
    }
}
