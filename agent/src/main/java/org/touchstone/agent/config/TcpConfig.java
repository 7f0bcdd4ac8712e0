package org.touchstone.agent.config;

/**
 * A TCP connection to an instrument or a serial device server in raw "TCP Server" mode.
 *
 * @param host name or address
 * @param port 1..65535 (Moxa NPort's default data port is 4001)
 */
public record TcpConfig(String host, Integer port) {
    public TcpConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required, e.g. 10.0.0.5");
        }
        if (port == null || port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was: " + (port == null ? "missing" : port));
        }
    }
}
