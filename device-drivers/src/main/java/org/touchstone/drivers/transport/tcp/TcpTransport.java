package org.touchstone.drivers.transport.tcp;

import org.touchstone.drivers.transport.ByteTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * Moves bytes to and from a serial device server in raw TCP mode: bytes pass through unchanged both ways. Each
 * {@link #open()} makes a new socket; the end of stream or a socket error closes it.
 */
public final class TcpTransport implements ByteTransport {

    /** How long a read waits for the first byte; short so the owning thread can notice a close request. */
    public static final int READ_TIMEOUT_MS = 100;
    /** After a connect, input is dropped until the link has been quiet this long (a device server's buffer dump). */
    public static final int STALE_QUIET_MS = 150;
    /** ... but for at most this long, so that a device streaming without pause is read after a second. */
    public static final int STALE_MAX_MS = 1000;

    private final TcpSettings settings;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public TcpTransport(TcpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
    }

    public TcpSettings settings() {
        return settings;
    }

    @Override
    public void open() throws IOException {
        close();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(settings.host(), settings.port()), settings.connectTimeoutMs());
            s.setSoTimeout(READ_TIMEOUT_MS);
            in = s.getInputStream();
            out = s.getOutputStream();
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + settings + ": " + e.getMessage(), e);
        }
        socket = s;
    }

    @Override
    public boolean isOpen() {
        return socket != null;
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        if (socket == null) {
            throw new IOException(settings + " is not connected");
        }
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            close();
            throw new IOException(settings + " connection lost: " + e.getMessage(), e);
        }
        if (n < 0) {
            close();
            throw new IOException(settings + " closed the connection");
        }
        return n;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (socket == null) {
            throw new IOException(settings + " is not connected");
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            close();
            throw new IOException(settings + " connection lost while writing: " + e.getMessage(), e);
        }
    }

    /**
     * Drops what arrives until the connection has been quiet for {@link #STALE_QUIET_MS}, at most
     * {@link #STALE_MAX_MS}. A serial device server (Moxa NPort, Lantronix) keeps what the serial side sent while no
     * client was connected and sends it all at connect; those are old weights, not answers to anything asked.
     */
    @Override
    public long discardInput() throws IOException {
        byte[] buf = new byte[1024];
        long dropped = 0;
        long start = System.nanoTime();
        long lastByte = start;
        while (true) {
            long now = System.nanoTime();
            if (now - start >= STALE_MAX_MS * 1_000_000L || now - lastByte >= STALE_QUIET_MS * 1_000_000L) {
                return dropped;
            }
            int n = read(buf);
            if (n > 0) {
                dropped += n;
                lastByte = System.nanoTime();
            }
        }
    }

    @Override
    public String describe() {
        return settings.toString();
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing a broken socket can fail; it is gone either way.
            }
        }
    }
}
