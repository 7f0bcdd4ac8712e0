package org.touchstone.sim.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The MQTT broker tests talk to. With {@code TOUCHSTONE_TEST_MQTT_URL} set (CI sets it to the machine's
 * Mosquitto) that broker must be reachable, or the test fails: a CI run must not quietly fall back. Without it,
 * an embedded broker is started once per test JVM, so {@code mvn verify} works on a machine with only a JDK.
 */
public final class TestBroker {

    public static final String ENV = "TOUCHSTONE_TEST_MQTT_URL";
    private static EmbeddedBroker embedded;

    private TestBroker() {
    }

    public static synchronized String url() throws IOException {
        String external = System.getenv(ENV);
        if (external != null && !external.isBlank()) {
            URI uri = URI.create(external);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 3000);
            } catch (IOException e) {
                throw new IOException(ENV + "=" + external + " but that broker is not reachable: " + e.getMessage(), e);
            }
            return external;
        }
        if (embedded == null) {
            embedded = EmbeddedBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-broker-stop"));
        }
        return embedded.url();
    }

    /** True when tests run against an external broker (CI's Mosquitto). */
    public static boolean external() {
        String external = System.getenv(ENV);
        return external != null && !external.isBlank();
    }
}
