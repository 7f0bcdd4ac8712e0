package org.touchstone.sim.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * An MQTT 3.1.1 broker inside the JVM (Moquette), for the demo and the tests only: it is not part of the agent.
 * It listens on loopback on a free port, keeps nothing on disk, and sends no telemetry.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final Server server;
    private final int port;

    private EmbeddedBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on a free loopback port (retrying if another process takes the port in between). */
    public static EmbeddedBroker start() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Properties p = new Properties();
            p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
            p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
            p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
            p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
            p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
            p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
            p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(1024 * 1024));
            Server server = new Server();
            try {
                server.startServer(new MemoryConfig(p));
                return new EmbeddedBroker(server, port);
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                try {
                    server.stopServer();
                } catch (RuntimeException ignored) {
                    // It never started.
                }
            }
        }
        throw new IOException("could not start the embedded MQTT broker on a free loopback port", last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
