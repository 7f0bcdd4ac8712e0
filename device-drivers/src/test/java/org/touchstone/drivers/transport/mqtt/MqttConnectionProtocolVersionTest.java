package org.touchstone.drivers.transport.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Every CONNECT is MQTT 3.1.1. Paho's default ({@code MQTT_VERSION_DEFAULT}) takes a connection broken during the
 * connect (a broker restarting, a protocol error) for a refusal of 3.1.1 and tries again at once with MQTT 3.1
 * (paho.mqtt.java issues 569 and 602), on top of this class's own retry: the agent's persistent session was then
 * taken over by a 3.1 connection after "multiple CONNECT messages" on one socket, and the inputs queued in it
 * before a broker restart never arrived (DurableInputsChaosIT, the 20-kill test).
 */
class MqttConnectionProtocolVersionTest {

    /** A "broker" that reads each CONNECT's protocol name and level, then drops the connection without a CONNACK. */
    @Test
    void aConnectionBrokenDuringConnect_isRetriedAsMqtt311_neverAs31() throws Exception {
        List<String> connects = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread broker = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        connects.add(readConnect(new DataInputStream(s.getInputStream())));
                    } catch (IOException e) {
                        // closed: the test is over
                    }
                }
            }, "fake-broker");
            broker.setDaemon(true);
            broker.start();
            MqttSettings settings = new MqttSettings("tcp://127.0.0.1:" + server.getLocalPort(), "version-test",
                    null, null, null, Duration.ofMillis(100));
            MqttConnection connection = new MqttConnection(settings, null, MqttConnection.Session.PERSISTENT);
            try {
                connection.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> connects.size() >= 4);
            } finally {
                connection.close();
            }
        }
        for (String c : connects.subList(0, 4)) {
            assertEquals("MQTT level 4", c, "every CONNECT is MQTT 3.1.1: " + connects);
        }
    }

    private static String readConnect(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        if (type != 0x10) {
            return "not a CONNECT: " + type;
        }
        int remaining = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            remaining |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[remaining];
        in.readFully(body);
        int nameLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        String name = new String(body, 2, nameLength, StandardCharsets.UTF_8);
        return name + " level " + (body[2 + nameLength] & 0xff);
    }
}
