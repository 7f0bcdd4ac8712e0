package org.touchstone.drivers.transport;

import java.io.IOException;

/**
 * Moves bytes to and from one device link (a serial port, a TCP socket to a serial device server); never parses.
 * Each {@link #open()} makes a new port or socket object. Used by one thread at a time.
 */
public interface ByteTransport extends AutoCloseable {

    /** Opens a fresh link, closing any old one; the message of a failure names the port or address. */
    void open() throws IOException;

    boolean isOpen();

    /**
     * Reads what has arrived, waiting briefly (about 100 ms) for the first byte.
     *
     * @return the number of bytes read, 0 when nothing came in time
     * @throws IOException when the link is gone (the transport is then closed)
     */
    int read(byte[] buffer) throws IOException;

    /** Writes all bytes or closes the link and throws. */
    void write(byte[] bytes) throws IOException;

    /** Drops bytes that arrived before now (stale output of a streaming scale buffered while nobody read). */
    default void discardInput() {
    }

    /** Where the link goes, for messages: {@code /dev/ttyUSB0} or {@code 10.0.0.5:4001}. */
    String describe();

    @Override
    void close();
}
