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

    /**
     * Drops what the link delivers right after an open: output buffered while nobody read (a streaming scale's old
     * frames in the port, a serial device server dumping its buffer at connect), so that a stale weight is never
     * stamped as fresh. Call it once after {@link #open()}, before the first request.
     *
     * @return how many bytes were dropped (as far as the transport can tell)
     * @throws IOException when the link is gone while draining
     */
    default long discardInput() throws IOException {
        return 0;
    }

    /** Where the link goes, for messages: {@code /dev/ttyUSB0} or {@code 10.0.0.5:4001}. */
    String describe();

    @Override
    void close();
}
