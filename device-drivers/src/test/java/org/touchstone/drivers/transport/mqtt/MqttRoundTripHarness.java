package org.touchstone.drivers.transport.mqtt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Times a command's round trip as the bench sees it: a client publishes a QoS 1 command, another (the agent's side)
 * answers it with a QoS 1 reply, and the first waits for the reply. Run with Nagle on (the JDK's default sockets) and
 * off ({@link NoDelaySocketFactories}), against a real broker, and prints medians and 90th percentiles:
 *
 * <pre>java -cp ... org.touchstone.drivers.transport.mqtt.MqttRoundTripHarness tcp://127.0.0.1:18831 300</pre>
 */
public final class MqttRoundTripHarness {

    private MqttRoundTripHarness() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "tcp://127.0.0.1:1883";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        for (int round = 0; round < 2; round++) {
            System.out.println(run(url, n, SocketFactory.getDefault(), "Nagle on (JDK default)"));
            System.out.println(run(url, n, NoDelaySocketFactories.plain(SocketFactory.getDefault()), "TCP_NODELAY"));
        }
    }

    static String run(String url, int n, SocketFactory factory, String label) throws Exception {
        String tag = Long.toHexString(System.nanoTime());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(factory);
        options.setCleanSession(true);
        MqttAsyncClient agent = new MqttAsyncClient(url, "rt-agent-" + tag, new MemoryPersistence());
        MqttAsyncClient bench = new MqttAsyncClient(url, "rt-bench-" + tag, new MemoryPersistence());
        agent.connect(options).waitForCompletion(10_000);
        bench.connect(options).waitForCompletion(10_000);
        SynchronousQueue<byte[]> replies = new SynchronousQueue<>();
        agent.subscribe("rt/" + tag + "/cmd", 1, (t, m) -> agent.publish("rt/" + tag + "/reply", m.getPayload(), 1, false))
                .waitForCompletion(10_000);
        bench.subscribe("rt/" + tag + "/reply", 1, (t, m) -> replies.put(m.getPayload())).waitForCompletion(10_000);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < n + 20; i++) {
            long start = System.nanoTime();
            bench.publish("rt/" + tag + "/cmd", ("{\"requestId\":\"" + i + "\"}").getBytes(), 1, false);
            if (replies.poll(10, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no reply to command " + i);
            }
            if (i >= 20) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        agent.disconnect().waitForCompletion(5000);
        bench.disconnect().waitForCompletion(5000);
        agent.close();
        bench.close();
        Collections.sort(millis);
        return String.format(Locale.ROOT, "%-24s n=%d median %.2f ms, p90 %.2f ms, max %.2f ms", label, n,
                millis.get(n / 2), millis.get((int) (n * 0.9)), millis.get(n - 1));
    }
}
