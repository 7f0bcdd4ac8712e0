package org.touchstone.agent.security;

/** The officers file cannot be used; the message names the file, the officer and the field. */
public final class OfficersFileException extends Exception {
    public OfficersFileException(String message) {
        super(message);
    }

    public OfficersFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
