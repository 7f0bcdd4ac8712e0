package org.touchstone.drivers.transport.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories that switch Nagle's algorithm off (TCP_NODELAY) on every socket they make. MQTT sends small
 * packets that wait for an answer (a command, its PUBACK, the verdict that follows); with Nagle on, a small packet
 * behind an unacknowledged one waits for the peer's delayed ACK, about 40 ms per round trip on Linux (measured
 * in issue 17). Paho creates an unconnected socket with {@code createSocket()} and connects it itself, for
 * {@code tcp://} and for {@code ssl://}; the other methods are wrapped too for any caller that uses them.
 */
final class NoDelaySocketFactories {

    private NoDelaySocketFactories() {
    }

    /** For {@code tcp://}: the JDK's plain sockets, without Nagle. */
    static SocketFactory plain(SocketFactory delegate) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return noDelay(delegate.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return noDelay(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return noDelay(delegate.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return noDelay(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                return noDelay(delegate.createSocket(address, port, localAddress, localPort));
            }
        };
    }

    /** For {@code ssl://}: Paho requires an {@link SSLSocketFactory}, so this one is one, around the real one. */
    static SSLSocketFactory tls(SSLSocketFactory delegate) {
        return new SSLSocketFactory() {
            @Override
            public String[] getDefaultCipherSuites() {
                return delegate.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return delegate.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket() throws IOException {
                return noDelay(delegate.createSocket());
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                return noDelay(delegate.createSocket(s, host, port, autoClose));
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return noDelay(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return noDelay(delegate.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return noDelay(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                return noDelay(delegate.createSocket(address, port, localAddress, localPort));
            }
        };
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
