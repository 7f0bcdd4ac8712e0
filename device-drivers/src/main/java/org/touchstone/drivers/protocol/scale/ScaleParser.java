package org.touchstone.drivers.protocol.scale;

import java.util.List;

/**
 * Decodes one scale's byte stream, fed in whatever chunks the transport delivers. Never throws on input: what it
 * cannot decode comes out as {@link ScaleMessage.Malformed} with the raw bytes, and the next good frame is read.
 * Not thread-safe: one connection, one parser, one reading thread.
 */
public interface ScaleParser {

    /** Returns the messages these bytes completed, in order. */
    List<ScaleMessage> feed(byte[] buf, int off, int len);

    default List<ScaleMessage> feed(byte[] buf) {
        return feed(buf, 0, buf.length);
    }

    /** Forgets any partial frame, e.g. after the connection was reopened. */
    void reset();

    /**
     * The host just asked for the serial number: protocols whose answer has no marker of its own (Sartorius
     * {@code ESC x2_}) read the next text line as the answer.
     */
    default void expectIdentity() {
    }
}
