package org.touchstone.drivers.transport.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * Moves bytes from one TCP server, such as a serial device server in raw "TCP Server" mode or an instrument's
 * result port; knows nothing of what the bytes mean. Reads wait at most {@link #READ_TIMEOUT_MS} so the owning
 * thread can notice a close request. Used by one thread at a time.
 */
public final class TcpClientTransport implements AutoCloseable {

    public static final int READ_TIMEOUT_MS = 100;
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;

    public TcpClientTransport(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was: " + port);
        }
        this.host = host;
        this.port = port;
    }

    public String describe() {
        return "tcp://" + host + ":" + port;
    }

    /** Connects; the message names the address when it cannot. */
    public void open() throws IOException {
        close();
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.setKeepAlive(true);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + describe() + ": " + e.getMessage(), e);
        }
        socket = s;
        in = s.getInputStream();
    }

    /**
     * Reads what has arrived, waiting up to {@link #READ_TIMEOUT_MS}.
     *
     * @return bytes read, 0 when nothing came in time
     * @throws IOException when not connected or the peer closed the connection (the socket is then closed)
     */
    public int read(byte[] buffer) throws IOException {
        InputStream i = Objects.requireNonNull(in, () -> describe() + " is not connected");
        try {
            int n = i.read(buffer);
            if (n < 0) {
                close();
                throw new IOException(describe() + " closed the connection");
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
