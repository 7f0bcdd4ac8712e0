package org.touchstone.agent.journal;

/** The journal could not make an event durable. */
public class JournalException extends RuntimeException {
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
