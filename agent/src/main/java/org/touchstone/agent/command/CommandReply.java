package org.touchstone.agent.command;

import java.time.Instant;

/**
 * The agent's answer to a command (contract 2), given only once the journal has recorded the outcome.
 *
 * @param requestId  the command's request id, or null when it had none
 * @param command    the command's name ({@code declare}, {@code select}, {@code close-inspection}, {@code alert-ack},
 *                   {@code alert-close})
 * @param accepted   whether it was carried out
 * @param reason     why it was refused, naming the field; null when accepted
 * @param journalSeq the sequence number of the record of the outcome (acceptance or refusal); null only when the
 *                   journal could not record it
 * @param at         when the outcome was recorded
 */
public record CommandReply(String requestId, String command, boolean accepted, String reason, Long journalSeq,
                           Instant at) {

    public static CommandReply accepted(Command c, long journalSeq, Instant at) {
        return new CommandReply(c.requestId(), c.name(), true, null, journalSeq, at);
    }

    public static CommandReply refused(Command c, String reason, long journalSeq, Instant at) {
        return new CommandReply(c.requestId(), c.name(), false, reason, journalSeq, at);
    }
}
