package org.touchstone.drivers.protocol.scale;

import java.util.Locale;
import java.util.Optional;

/**
 * What a driver needs to know of a scale protocol: how to decode it and which commands make the scale talk. The
 * protocol decides polling or streaming; the transport only moves bytes.
 */
public interface ScaleProtocol {

    /** Configuration name, e.g. {@code mt-sics}. */
    String name();

    ScaleParser newParser();

    /** The command asking for the serial number on connect, if the protocol has one. */
    Optional<byte[]> identityRequest();

    /** The command asking for one weight now, if the scale can be polled. */
    Optional<byte[]> pollRequest();

    /**
     * The command that starts a continuous stream, if the scale needs one: empty bytes for a scale that streams on
     * its own (Toledo continuous), empty when the protocol cannot stream.
     */
    Optional<byte[]> streamRequest();

    /** How the driver asks for weights. */
    enum Mode {
        /** One command, one answer, at the poll interval. */
        POLL,
        /** The scale sends by itself after an optional start command; silence is noticed by a watchdog. */
        STREAM;

        /** {@code poll} or {@code stream}, any case; anything else is refused in the user's words. */
        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (text != null && m.name().equalsIgnoreCase(text.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("mode must be poll or stream, was: '" + text + "'");
        }
    }

    /** The mode to use when the configuration does not say: poll when the protocol can, else stream. */
    default Mode defaultMode() {
        return pollRequest().isPresent() ? Mode.POLL : Mode.STREAM;
    }

    default boolean supports(Mode mode) {
        return mode == Mode.POLL ? pollRequest().isPresent() : streamRequest().isPresent();
    }
}
