package org.touchstone.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.config.MqttConfig;
import org.touchstone.agent.journal.PendingMessage;
import org.touchstone.hq.config.HqConfig;
import org.touchstone.hq.config.HqConfigLoader;
import org.touchstone.hq.config.IngestConfig;
import org.touchstone.hq.ingest.Received;
import org.touchstone.hq.load.SimulatedPost;
import org.touchstone.sim.broker.ExternalTools;
import org.touchstone.sim.broker.MosquittoProcess;

/**
 * The headquarters load harness, run on demand (its name matches neither *Test nor *IT, so {@code mvn verify} leaves
 * it out):
 *
 * <pre>mvn -pl simulators -am verify -Dit.test=HqLoadHarness -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>500 simulated posts ({@link SimulatedPost}: the agent's own payloads) publish over loopback into a central
 * Mosquitto started here, and one, then two headquarters instances (in this JVM, each with its own MQTT session
 * and connection pool) store into the real PostgreSQL, in a database of its own. Two runs per instance count: at a
 * fixed offered rate, for the delay from publish to commit (p50/p99), and at an offered rate above what the
 * instances can take, for the sustained commit rate. Bounded in time ({@code hq.load.seconds} per run) and count.
 * Options: {@code -Dhq.load.posts=500 -Dhq.load.connections=50 -Dhq.load.rate=1000 -Dhq.load.seconds=15}.
 */
class HqLoadHarness {

    private static final int POSTS = Integer.getInteger("hq.load.posts", 500);
    private static final int CONNECTIONS = Integer.getInteger("hq.load.connections", 50);
    private static final int RATE = Integer.getInteger("hq.load.rate", 200);
    private static final int BACKLOG = Integer.getInteger("hq.load.backlog", 30_000);
    private static final int SECONDS = Integer.getInteger("hq.load.seconds", 15);
    private static final int WARM_UP_SECONDS = 3;
    private static final long MAX_MESSAGES = 2_000_000;

    @TempDir
    Path dir;

    /** Figures of one run. */
    record Run(int instances, int offeredPerSecond, long published, double committedPerSecond, long[] perInstance,
               double p50Millis, double p99Millis, long duplicates) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "instances=%d offered=%d/s published=%d committed=%.0f/s per-instance=%s"
                            + " delay p50=%.1f ms p99=%.1f ms duplicates=%d", instances, offeredPerSecond, published,
                    committedPerSecond, Arrays.toString(perInstance), p50Millis, p99Millis, duplicates);
        }
    }

    @Test
    void measure() throws Exception {
        ExternalTools.require("mosquitto");
        List<Run> runs = new ArrayList<>();
        for (int instances = 1; instances <= 2; instances++) {
            runs.add(run(instances, RATE, "fixed-" + instances));
            runs.add(drain(instances, "backlog-" + instances));
        }
        System.out.println("HQ-LOAD: " + POSTS + " posts over " + CONNECTIONS + " connections, " + SECONDS
                + " s measured per run after " + WARM_UP_SECONDS + " s warm-up, "
                + Runtime.getRuntime().availableProcessors() + " cores");
        runs.forEach(r -> System.out.println("HQ-LOAD: " + r));
        double one = runs.get(1).committedPerSecond();
        double two = runs.get(3).committedPerSecond();
        System.out.println(String.format(Locale.ROOT, "HQ-LOAD: sustained, one instance %.0f msg/s, two %.0f msg/s"
                + " (%.0f per instance), ratio %.2f", one, two, two / 2, two / one));
    }

    private Run run(int instances, int rate, String name) throws Exception {
        try (TestDatabase db = TestDatabase.create();
             MosquittoProcess broker = MosquittoProcess.in(dir.resolve(name))
                     .configuration("max_inflight_messages 1000\nmax_queued_messages 0\n").start()) {
            ConcurrentHashMap<String, Long> publishedAt = new ConcurrentHashMap<>();
            AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
            AtomicLong measuredTo = new AtomicLong(Long.MAX_VALUE);
            long[] committed = new long[instances];
            AtomicLong duplicates = new AtomicLong();
            List<Long> delays = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Headquarters> hqs = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                int index = i;
                HqConfig config = new HqConfig("load-" + i, new MqttConfig(broker.url(), null, "touchstone", null, null),
                        "hq", db.config(), new IngestConfig(1000, 20_000), null);
                hqs.add(Headquarters.start(new HqConfigLoader.Loaded(config, dir), (batch, outcomes) -> {
                    long now = System.nanoTime();
                    for (int k = 0; k < batch.size(); k++) {
                        Received r = batch.get(k);
                        if (outcomes.get(k) == Received.Outcome.DUPLICATE) {
                            duplicates.incrementAndGet();
                        }
                        if (outcomes.get(k) != Received.Outcome.STORED) {
                            continue;
                        }
                        Long at = publishedAt.remove(r.message().messageId());
                        if (at != null && at >= measuredFrom.get() && at < measuredTo.get()) {
                            delays.add(now - at);
                        }
                        if (now >= measuredFrom.get() && now < measuredTo.get()) {
                            synchronized (committed) {
                                committed[index]++;
                            }
                        }
                    }
                }, Clock.systemUTC()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (hqs.stream().anyMatch(h -> !h.ingestor().subscribed())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("headquarters did not subscribe within 30 s");
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            long published = generate(broker.url(), rate, publishedAt, measuredFrom, measuredTo);
            // Let the backlog of a fixed-rate run drain, so its late messages count in the delays (bounded).
            long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(rate == RATE ? 20 : 1);
            while (rate == RATE && !publishedAt.isEmpty() && System.nanoTime() < drain) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            hqs.forEach(Headquarters::close);
            long total = Arrays.stream(committed).sum();
            long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
            Run r = new Run(instances, rate, published, total / (double) SECONDS, committed.clone(),
                    percentile(sorted, 0.50), percentile(sorted, 0.99), duplicates.get());
            System.out.println("HQ-LOAD: " + name + ": " + r);
            if (rate == RATE) {
                assertEquals(0, publishedAt.size(), "every message of the fixed-rate run was committed");
            }
            return r;
        }
    }


    /**
     * The sustained rate, without the generator competing for the CPU: the instances subscribe once (their
     * sessions stay on the broker), stop, a backlog of {@code hq.load.backlog} messages is published into their
     * sessions, and the instances start again and store it all; the rate is the backlog over the time they took.
     */
    private Run drain(int instances, String name) throws Exception {
        try (TestDatabase db = TestDatabase.create();
             MosquittoProcess broker = MosquittoProcess.in(dir.resolve(name))
                     .configuration("max_inflight_messages 1000\nmax_queued_messages 0\n").start()) {
            long[] committed = new long[instances];
            AtomicLong stored = new AtomicLong();
            AtomicLong duplicates = new AtomicLong();
            List<Headquarters> first = startInstances(instances, broker, db, (i, batch, outcomes) -> { });
            first.forEach(Headquarters::close);
            ConcurrentHashMap<String, Long> ignored = new ConcurrentHashMap<>();
            long published = publishBacklog(broker.url(), ignored);
            long start = System.nanoTime();
            List<Headquarters> hqs = startInstances(instances, broker, db, (i, batch, outcomes) -> {
                for (Received.Outcome o : outcomes) {
                    if (o == Received.Outcome.STORED) {
                        stored.incrementAndGet();
                        synchronized (committed) {
                            committed[i]++;
                        }
                    } else if (o == Received.Outcome.DUPLICATE) {
                        duplicates.incrementAndGet();
                    }
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (stored.get() < published && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            hqs.forEach(Headquarters::close);
            assertEquals(published, stored.get(), "the whole backlog was stored, once");
            Run r = new Run(instances, 0, published, published / seconds, committed.clone(), Double.NaN, Double.NaN,
                    duplicates.get());
            System.out.println("HQ-LOAD: " + name + ": " + r + String.format(Locale.ROOT, " (%.1f s)", seconds));
            return r;
        }
    }

    /** Told per instance after each commit. */
    interface Committed {
        void committed(int instance, List<Received> batch, List<Received.Outcome> outcomes);
    }

    private List<Headquarters> startInstances(int instances, MosquittoProcess broker, TestDatabase db, Committed observer)
            throws Exception {
        List<Headquarters> hqs = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            int index = i;
            HqConfig config = new HqConfig("load-" + i, new MqttConfig(broker.url(), null, "touchstone", null, null),
                    "hq", db.config(), new IngestConfig(1000, 20_000), null);
            hqs.add(Headquarters.start(new HqConfigLoader.Loaded(config, dir),
                    (batch, outcomes) -> observer.committed(index, batch, outcomes), Clock.systemUTC()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (hqs.stream().anyMatch(h -> !h.ingestor().subscribed())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("headquarters did not subscribe within 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return hqs;
    }

    /** Publishes {@code hq.load.backlog} messages as fast as the broker takes them; returns how many. */
    private long publishBacklog(String url, ConcurrentHashMap<String, Long> publishedAt) throws Exception {
        AtomicLong from = new AtomicLong();
        AtomicLong to = new AtomicLong();
        return generate(url, Integer.MAX_VALUE, publishedAt, from, to, BACKLOG);
    }

    /** Publishes at {@code rate} messages/s for the warm-up and the measured window; returns how many. */
    private long generate(String url, int rate, ConcurrentHashMap<String, Long> publishedAt, AtomicLong measuredFrom,
                          AtomicLong measuredTo) throws Exception {
        return generate(url, rate, publishedAt, measuredFrom, measuredTo, MAX_MESSAGES);
    }

    private long generate(String url, int rate, ConcurrentHashMap<String, Long> publishedAt, AtomicLong measuredFrom,
                          AtomicLong measuredTo, long maxMessages) throws Exception {
        List<MqttAsyncClient> clients = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            MqttAsyncClient client = new MqttAsyncClient(url, "load-post-" + c + "-" + System.nanoTime(),
                    new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setMaxInflight(1000);
            client.connect(o).waitForCompletion(10_000);
            clients.add(client);
        }
        List<SimulatedPost> posts = new ArrayList<>();
        for (int p = 0; p < POSTS; p++) {
            posts.add(new SimulatedPost("touchstone", String.format(Locale.ROOT, "post-%03d", p), p));
        }
        long start = System.nanoTime();
        measuredFrom.set(start + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS));
        long end = measuredFrom.get() + TimeUnit.SECONDS.toNanos(SECONDS);
        measuredTo.set(end);
        long sent = 0;
        int next = 0;
        java.time.Instant t = java.time.Instant.now();
        while ((maxMessages < MAX_MESSAGES || System.nanoTime() < end) && sent < maxMessages) {
            SimulatedPost post = posts.get(next % POSTS);
            MqttAsyncClient client = clients.get(next % CONNECTIONS);
            next++;
            for (PendingMessage m : post.inspection(t)) {
                // The schedule: message n leaves at start + n / rate.
                long due = start + (long) (sent * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0 && rate != Integer.MAX_VALUE) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                MqttMessage message = new MqttMessage(m.payload());
                message.setQos(1);
                long now = System.nanoTime();
                publishedAt.put(m.messageId(), now);
                if (sent >= maxMessages) {
                    break;
                }
                while (true) {
                    try {
                        client.publish(m.topic(), message);
                        break;
                    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                        if (e.getReasonCode() != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_MAX_INFLIGHT) {
                            throw e;
                        }
                        // Paho's window of 1000 unacknowledged publishes is full: the broker is the bottleneck.
                        TimeUnit.MICROSECONDS.sleep(200);
                    }
                }
                sent++;
            }
        }
        for (MqttAsyncClient c : clients) {
            c.disconnect(5000).waitForCompletion(6000);
            c.close();
        }
        return sent;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
