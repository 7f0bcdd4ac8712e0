package org.touchstone.sim.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.drivers.transport.mqtt.MqttTls;

/**
 * A real Mosquitto with TLS and a password file, certificates made by openssl in the test: the post connects
 * with the right CA and password, and a wrong password or a broker signed by an unknown CA is refused with a
 * message that says so, while the connection keeps retrying in the background.
 */
class MosquittoTlsIT {

    private static final String USER = "agent";
    private static final String PASSWORD = "correct-horse";

    @TempDir
    Path dir;

    private TestCertificates certs;
    private Path passwords;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @BeforeEach
    void makeCertificates() throws Exception {
        ExternalTools.require("mosquitto", "mosquitto_passwd", "openssl");
        certs = TestCertificates.generate(dir.resolve("certs"));
        passwords = dir.resolve("passwd");
        MosquittoProcess.setPassword(passwords, USER, PASSWORD);
    }

    @AfterEach
    void closeEverything() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // Keep closing the rest; a broker left running would outlive the test.
            }
        }
    }

    private MosquittoProcess broker(boolean requireClientCertificate) throws Exception {
        MosquittoProcess broker = MosquittoProcess.in(dir.resolve("broker"))
                .tls(new MosquittoProcess.Tls(certs.caCertificate(), certs.serverCertificate(), certs.serverKey(),
                        requireClientCertificate))
                .passwordFile(passwords)
                .start();
        open.add(broker);
        return broker;
    }

    private MqttConnection connection(MqttSettings settings) {
        MqttConnection c = new MqttConnection(settings.withMaxReconnectDelay(Duration.ofMillis(500)), null);
        open.add(c);
        return c;
    }

    @Test
    void rightCaAndPassword_connects_andAMessageRoundTrips() throws Exception {
        MosquittoProcess broker = broker(false);
        MqttSettings settings = new MqttSettings(broker.url(), "post-1", USER, PASSWORD, null, null,
                MqttTls.trusting(certs.caCertificate()));
        assertRoundTrip(connection(settings), broker);
    }

    @Test
    void clientCertificate_pkcs12PemPairAndEncryptedPem_allAcceptedByABrokerThatRequiresOne() throws Exception {
        MosquittoProcess broker = broker(true);
        MqttSettings pkcs12 = new MqttSettings(broker.url(), "post-p12", USER, PASSWORD, null, null,
                new MqttTls(certs.caCertificate(), certs.clientPkcs12(), null, certs.clientPkcs12Password()));
        assertRoundTrip(connection(pkcs12), broker);
        MqttSettings pem = pkcs12.withClientId("post-pem")
                .withTls(new MqttTls(certs.caCertificate(), certs.clientCertificate(), certs.clientKey(), null));
        assertRoundTrip(connection(pem), broker);
        MqttSettings encryptedPem = pkcs12.withClientId("post-pem-encrypted").withTls(new MqttTls(
                certs.caCertificate(), certs.clientCertificate(), certs.clientEncryptedKey(), certs.clientPkcs12Password()));
        assertRoundTrip(connection(encryptedPem), broker);

        MqttConnection none = connection(pkcs12.withClientId("post-none").withTls(MqttTls.trusting(certs.caCertificate())));
        none.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> none.lastConnectFailure().isPresent());
        assertFalse(none.isConnected(), "a broker requiring client certificates refuses a client without one");
    }

    @Test
    void wrongPassword_isRefusedWithAClearMessage_andRetriedUntilTheBrokerAcceptsIt() throws Exception {
        MosquittoProcess broker = broker(false);
        MqttConnection c = connection(new MqttSettings(broker.url(), "post-1", USER, "wrong-password", null, null,
                MqttTls.trusting(certs.caCertificate())));
        c.start();
        String expected = "MQTT broker " + broker.url() + " refused user 'agent': bad user name or password (reason ";
        await().atMost(Duration.ofSeconds(30)).until(() -> c.lastConnectFailure().orElse("").startsWith(expected));
        String message = c.lastConnectFailure().orElseThrow();
        assertTrue(message.endsWith("(reason 4)") || message.endsWith("(reason 5)"), message);
        System.out.println("wrong password: " + message);
        assertFalse(c.isConnected());

        // The post keeps trying: once headquarters fixes the password on the broker, it connects by itself.
        MosquittoProcess.setPassword(passwords, USER, "wrong-password");
        broker.restart();
        await().atMost(Duration.ofSeconds(30)).until(c::isConnected);
        assertTrue(c.lastConnectFailure().isEmpty());
    }

    @Test
    void unknownCa_isRefusedWithAClearMessage() throws Exception {
        MosquittoProcess broker = broker(false);
        MqttConnection c = connection(new MqttSettings(broker.url(), "post-1", USER, PASSWORD, null, null,
                MqttTls.trusting(certs.otherCaCertificate())));
        c.start();
        String expected = "server certificate of " + broker.url();
        await().atMost(Duration.ofSeconds(30)).until(() -> c.lastConnectFailure().orElse("").startsWith(expected));
        String message = c.lastConnectFailure().orElseThrow();
        System.out.println("unknown CA: " + message);
        assertTrue(message.endsWith("is not signed by the CA in " + certs.otherCaCertificate()), message);
        assertTrue(message.contains("CN=127.0.0.1, issued by CN=touchstone-test-ca"), message);
        assertFalse(c.isConnected());
    }

    @Test
    void plainTcpToATlsPort_isExplained() throws Exception {
        MosquittoProcess broker = broker(false);
        MqttConnection c = connection(new MqttSettings("tcp://127.0.0.1:" + broker.port(), "post-1", USER, PASSWORD,
                null, null));
        c.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> c.lastConnectFailure().isPresent());
        String message = c.lastConnectFailure().orElseThrow();
        System.out.println("plain tcp to a TLS port: " + message);
        assertTrue(message.endsWith("if that port speaks TLS, the url must be ssl://"), message);
        assertFalse(c.isConnected());
    }

    private void assertRoundTrip(MqttConnection c, MosquittoProcess broker) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        String topic = "touchstone/tls-test/" + System.nanoTime();
        c.subscribe(topic, 1, (t, p) -> received.add(new String(p, StandardCharsets.UTF_8)));
        assertTrue(c.startAndAwait(30_000), () -> "connects to " + broker.url() + ": " + c.lastConnectFailure()
                + "\nbroker log:\n" + broker.log());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            c.publish(topic, "over TLS", 1, false).waitForCompletion(5000);
            return !received.isEmpty();
        });
        assertEquals("over TLS", received.get(0));
    }
}
