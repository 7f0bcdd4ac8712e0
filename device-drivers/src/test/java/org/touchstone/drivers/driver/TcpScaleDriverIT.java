package org.touchstone.drivers.driver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.protocol.mtsics.MtSicsScaleProtocol;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.transport.Backoff;
import org.touchstone.drivers.transport.tcp.TcpSettings;
import org.touchstone.drivers.transport.tcp.TcpTransport;

/**
 * The scale driver over real loopback TCP against a stand-in serial device server: one that dumps the weights it
 * buffered while nobody was connected the moment a client connects (a Moxa NPort in TCP Server mode does), and one
 * that accepts and drops every connection.
 */
class TcpScaleDriverIT {

    private final List<WeightReading> readings = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private ScaleDriver driver;

    private final DeviceListener listener = new DeviceListener() {
        @Override
        public void readingReceived(Reading reading) {
            readings.add((WeightReading) reading);
        }

        @Override
        public void deviceStateChanged(DeviceEvent event) {
            events.add(event);
        }
    };

    @AfterEach
    void stop() throws IOException {
        if (driver != null) {
            driver.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private int serve(java.util.function.Consumer<Socket> client) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    client.accept(s);
                } catch (IOException e) {
                    return;
                }
            }
        }, "device-server");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    @Test
    void bufferedWeightsDumpedAtConnect_areDropped_neverReadAsFresh() throws Exception {
        int port = serve(s -> {
            Thread t = new Thread(() -> {
                try (Socket c = s; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                    // What the serial side sent while no client was connected: three old stable weights.
                    out.write("S S     999.99 g\r\nS S     999.99 g\r\nS S     999.99 g\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    byte[] buf = new byte[64];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        String cmd = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                        out.write((cmd.startsWith("I4") ? "I4 A \"B207696838\"\r\n" : "S S     100.00 g\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // the driver closed the connection
                }
            }, "device-server-client");
            t.setDaemon(true);
            t.start();
        });
        driver = new ScaleDriver("scale-1", new TcpTransport(new TcpSettings("127.0.0.1", port)),
                new MtSicsScaleProtocol(), ScaleProtocol.Mode.POLL, Duration.ofMillis(20), Clock.systemUTC(), listener);
        driver.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> readings.size() >= 5);
        assertTrue(readings.stream().allMatch(r -> r.value().equals(new BigDecimal("100.00"))),
                "a stale weight was read as fresh: " + readings.stream().map(r -> r.value().toPlainString()).toList());
        DeviceEvent connected = events.stream().filter(e -> e.state() == DeviceState.CONNECTED).findFirst().orElseThrow();
        assertTrue(connected.detail().contains("54 stale byte(s) from before the connect dropped"), connected.detail());
    }

    @Test
    void serverThatAcceptsAndDrops_isNotAGoodSession_backoffKeepsGrowing() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        int port = serve(s -> {
            accepted.incrementAndGet();
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is the point
            }
        });
        driver = new ScaleDriver("scale-1", new TcpTransport(new TcpSettings("127.0.0.1", port)),
                new MtSicsScaleProtocol(), ScaleProtocol.Mode.POLL, Duration.ofMillis(20), Clock.systemUTC(), listener)
                .reconnectBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(80)));
        driver.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.recentReconnectWaits().size() >= 5);
        assertEquals(List.of(10L, 20L, 40L, 80L, 80L), driver.recentReconnectWaits().subList(0, 5).stream()
                .map(Duration::toMillis).toList(), "a mere open resets nothing");
        assertTrue(accepted.get() >= 5);
    }
}
