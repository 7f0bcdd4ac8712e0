package org.touchstone.drivers.transport.tcp;

/**
 * Where a serial device server listens in raw TCP mode (Moxa NPort "TCP Server", default port 4001; Lantronix
 * "Accept", default 10001). Line settings (baud, parity) live in the server's own configuration.
 *
 * @param host             name or address
 * @param port             1..65535
 * @param connectTimeoutMs how long a connect may take
 */
public record TcpSettings(String host, int port, int connectTimeoutMs) {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 3000;

    public TcpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was: " + port);
        }
        if (connectTimeoutMs < 1) {
            throw new IllegalArgumentException("connectTimeoutMs must be > 0, was: " + connectTimeoutMs);
        }
    }

    public TcpSettings(String host, int port) {
        this(host, port, DEFAULT_CONNECT_TIMEOUT_MS);
    }

    /** Parses {@code host:port} (IPv6 in brackets: {@code [::1]:4001}). */
    public static TcpSettings parse(String hostPort) {
        if (hostPort == null) {
            throw new IllegalArgumentException("address must be host:port, was: null");
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("address must be host:port, was: '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port in '" + hostPort + "' is not a number");
        }
        return new TcpSettings(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
