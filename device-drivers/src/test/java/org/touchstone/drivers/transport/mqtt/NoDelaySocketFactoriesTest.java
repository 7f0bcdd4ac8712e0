package org.touchstone.drivers.transport.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/**
 * Every socket the MQTT connection makes has Nagle off: unconnected ones (which Paho creates and then connects), and
 * connected ones. The JDK's default is on, which is what made each command wait for a delayed ACK (issue 17).
 */
class NoDelaySocketFactoriesTest {

    @Test
    void plainSockets_haveNagleOff_theDefaultHasItOn() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket jdk = SocketFactory.getDefault().createSocket();
             Socket unconnected = NoDelaySocketFactories.plain(SocketFactory.getDefault()).createSocket();
             Socket connected = NoDelaySocketFactories.plain(SocketFactory.getDefault())
                     .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertFalse(jdk.getTcpNoDelay(), "the JDK's default, which this class exists to change");
            assertTrue(unconnected.getTcpNoDelay());
            unconnected.connect(server.getLocalSocketAddress());
            assertTrue(unconnected.getTcpNoDelay(), "still off once connected");
            assertTrue(connected.getTcpNoDelay());
        }
    }

    @Test
    void tlsSockets_haveNagleOff_andStayTlsSockets() throws Exception {
        SSLSocketFactory tls = NoDelaySocketFactories.tls((SSLSocketFactory) SSLSocketFactory.getDefault());
        try (Socket s = tls.createSocket()) {
            assertTrue(s instanceof javax.net.ssl.SSLSocket, "Paho needs an SSL socket for ssl://");
            assertTrue(s.getTcpNoDelay());
        }
    }
}
