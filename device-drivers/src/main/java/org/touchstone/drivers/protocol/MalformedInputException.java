package org.touchstone.drivers.protocol;

/**
 * Input that cannot be read as what it claims to be. The message names the source (topic, file, port) and
 * the place in it (field, line, column), so an operator can find the bad data without a debugger.
 */
public class MalformedInputException extends Exception {
    private final String source;

    public MalformedInputException(String source, String message) {
        super(source + ": " + message);
        this.source = source;
    }

    public String source() {
        return source;
    }
}
