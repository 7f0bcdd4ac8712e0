package org.touchstone.agent.config;

/** A configuration that cannot be used; the message names the file, the field and, where known, the line. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
