package org.touchstone.agent.config;

/**
 * A TCP connection to an instrument, or to a serial device server in raw TCP mode (Moxa NPort "TCP Server",
 * default port 4001; Lantronix "Accept", default 10001). Baud and parity are set in the device server, not here.
 *
 * @param connectTimeoutMillis how long a connect may take, default 3000
 */
public record TcpConfig(String host, Integer port, Integer connectTimeoutMillis) {
    public TcpConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required, e.g. 10.0.0.21");
        }
        if (port == null || port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535 (Moxa default 4001, Lantronix 10001), was: "
                    + port);
        }
        connectTimeoutMillis = connectTimeoutMillis == null ? 3000 : connectTimeoutMillis;
        if (connectTimeoutMillis < 100 || connectTimeoutMillis > 60_000) {
            throw new IllegalArgumentException("connectTimeoutMillis must be 100..60000, was: " + connectTimeoutMillis);
        }
    }

    public TcpConfig(String host, Integer port) {
        this(host, port, null);
    }
}
