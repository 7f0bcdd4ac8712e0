package org.touchstone.hq.ingest;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.drivers.transport.mqtt.MqttTlsContext;
import org.touchstone.hq.ingest.Received.Outcome;
import org.touchstone.hq.store.MessageStore;

/**
 * Takes every post's messages off the central broker and into the database, losing none and counting none twice.
 *
 * <p>Two connections. The <b>event</b> connection has a persistent session under the instance's fixed client id
 * (clean session false), reads verdicts, alerts and device status through shared subscriptions
 * ({@code $share/<group>/...}: the broker hands each message to one instance of the group), and chain heads through
 * a plain subscription (every instance sees every head, in the post's order, which their check needs). Before it
 * subscribes it reads the broker's version: on a broker whose shared subscriptions lose messages (Mosquitto, at
 * reconnects and restarts: {@link BrokerVersion}), or without a share group, it reads every message instead, like the heads. It
 * acknowledges a message only after the transaction that stored it committed (Paho's manual acks): a message
 * whose instance dies before that stays in the session and comes again, and its messageId makes the repeat
 * harmless. The <b>state</b> connection has a clean session and reads the retained presence and bridge state,
 * which are state rather than events: each connect brings the current value.
 *
 * <p>One writer thread stores what arrived in batches. Acknowledgements from before a reconnect are dropped (their
 * packet ids mean nothing in the new connection; the broker sends those messages again).
 */
public final class Ingestor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Ingestor.class);

    /** Told after each commit; the load harness measures delays with it, {@code hq run} counts. */
    public interface Observer {
        void committed(List<Received> batch, List<Outcome> outcomes);
    }

    /**
     * The shape of the instance: where, who, how much at once.
     *
     * @param shareGroup the shared-subscription group, or null for an instance that reads every message
     */
    public record Settings(MqttSettings broker, String shareGroup, int maxBatch, int queueCapacity) {
    }

    /** How the event connection reads verdicts, alerts and device status, and why. */
    public record Reading(boolean shared, String why) {
    }

    /** How long the event connection waits for {@code $SYS/broker/version} before it takes the broker as unknown. */
    private static final long VERSION_WAIT_MILLIS = 3_000;

    private record Pending(Received received, Connection connection, int packetId, int qos, long generation) {
    }

    private final Settings settings;
    private final PostMessageReader reader;
    private final MessageStore store;
    private final Observer observer;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    private final ScheduledExecutorService connector;
    private final Connection events;
    private final Connection state;
    private final Thread writer;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean running;
    private volatile Reading reading;

    public Ingestor(Settings settings, PostMessageReader reader, MessageStore store, Observer observer, Clock clock) {
        this.settings = settings;
        this.reader = reader;
        this.store = store;
        this.observer = observer;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hq-connect");
            t.setDaemon(true);
            return t;
        });
        SSLSocketFactory sockets = settings.broker().secure() && settings.broker().tls() != null
                ? MqttTlsContext.create(settings.broker().tls(), settings.broker().url()).getSocketFactory() : null;
        this.events = new Connection("events", settings.broker(), false, List.of(), sockets);
        this.state = new Connection("state", settings.broker().withClientId(settings.broker().clientId() + "-state"),
                true, reader.stateFilters(), sockets);
        this.writer = new Thread(this::write, "hq-writer");
    }

    public void start() {
        running = true;
        writer.start();
        events.connect();
        state.connect();
    }

    public boolean connected() {
        return events.client.isConnected() && state.client.isConnected();
    }

    /** How this instance reads, once the event connection has decided; null before its first connect. */
    public Reading reading() {
        return reading;
    }

    /** The event connection's filters for a way of reading: shared ones, or every message. */
    private List<String> eventFilters(boolean shared) {
        List<String> filters = new ArrayList<>();
        for (String f : reader.eventFilters()) {
            filters.add(shared ? "$share/" + settings.shareGroup() + "/" + f : f);
        }
        filters.add(reader.chainHeadFilter());
        return filters;
    }

    /** Decides from what the broker said (null: nothing within the wait) whether to share. */
    Reading decide(String brokerVersion) {
        if (settings.shareGroup() == null) {
            return new Reading(false, "no shareGroup configured: this instance reads every message");
        }
        if (brokerVersion == null) {
            return new Reading(true, "broker version unknown (" + BrokerVersion.TOPIC + " not readable): sharing in"
                    + " group " + settings.shareGroup() + "; on a Mosquitto that would lose messages, so let hq read "
                    + BrokerVersion.TOPIC);
        }
        if (new BrokerVersion(brokerVersion).losesSharedMessages()) {
            return new Reading(false, "the central broker is " + brokerVersion.trim() + ", whose shared"
                    + " subscriptions lose messages of persistent sessions at reconnects and broker restarts: this"
                    + " instance reads every message instead of sharing them, and the store keeps each once");
        }
        return new Reading(true, "sharing in group " + settings.shareGroup() + " on " + brokerVersion.trim());
    }

    /** True once both connections have had their subscriptions acknowledged since they last connected. */
    public boolean subscribed() {
        return events.subscribed && state.subscribed && connected();
    }

    public long stored() {
        return stored.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long conflicts() {
        return conflicts.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** Messages received and not yet committed. */
    public int waiting() {
        return queue.size();
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(settings.maxBatch());
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                List<Received> received = new ArrayList<>(batch.size());
                batch.forEach(p -> received.add(p.received()));
                List<Outcome> outcomes = storeUntilDone(received);
                if (outcomes == null) {
                    return;
                }
                for (Pending p : batch) {
                    p.connection().acknowledge(p);
                }
                count(outcomes);
                if (observer != null) {
                    observer.committed(received, outcomes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // After the commit (acknowledging, the observer): the writer must go on; what was not
                // acknowledged comes again after the next reconnect and is a duplicate.
                log.error("after storing a batch: {}", e.toString(), e);
            }
        }
    }

    /** Stores, retrying while the database is unreachable; null when the instance was closed meanwhile. */
    private List<Outcome> storeUntilDone(List<Received> batch) throws InterruptedException {
        long backoff = 500;
        while (running) {
            try {
                return store.store(batch);
            } catch (SQLException e) {
                log.error("cannot store {} message(s) in the database ({}: {}); retrying in {} ms, nothing is"
                        + " acknowledged meanwhile", batch.size(), e.getSQLState(), e.getMessage(), backoff);
            } catch (RuntimeException e) {
                // A bug must not lose the batch: dropped here unacknowledged, the broker would not send it again
                // until the next reconnect. It is kept and tried again, loudly.
                log.error("storing {} message(s) failed unexpectedly; retrying in {} ms, nothing is acknowledged"
                        + " meanwhile", batch.size(), backoff, e);
            }
            // Retry backoff against an unreachable database, not synchronisation.
            TimeUnit.MILLISECONDS.sleep(backoff);
            backoff = Math.min(backoff * 2, 30_000);
        }
        return null;
    }

    private void count(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            switch (o) {
                case STORED, STATE -> stored.incrementAndGet();
                case DUPLICATE -> duplicates.incrementAndGet();
                case CONFLICT -> conflicts.incrementAndGet();
                case REJECTED -> rejected.incrementAndGet();
            }
        }
    }

    /** Stops reading, lets the writer finish its batch, and disconnects; what was not committed stays unacknowledged. */
    @Override
    public void close() {
        events.closing = true;
        state.closing = true;
        running = false;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        state.close();
        connector.shutdownNow();
    }

    /** One Paho client with its subscriptions, reconnecting by itself. */
    private final class Connection implements MqttCallbackExtended {
        private final String name;
        private final MqttSettings broker;
        private final boolean cleanSession;
        private final List<String> filters;
        private final SSLSocketFactory sockets;
        private final MqttAsyncClient client;
        private final AtomicLong generation = new AtomicLong();
        private volatile boolean subscribed;
        private volatile boolean closing;
        private long decidedFor = -1;
        private volatile long backoff = 200;

        Connection(String name, MqttSettings broker, boolean cleanSession, List<String> filters, SSLSocketFactory sockets) {
            this.name = name;
            this.broker = broker;
            this.cleanSession = cleanSession;
            this.filters = List.copyOf(filters);
            this.sockets = sockets;
            try {
                this.client = new MqttAsyncClient(broker.url(), broker.clientId(), new MemoryPersistence());
            } catch (MqttException e) {
                throw new IllegalArgumentException("cannot create an MQTT client for " + broker.url() + ": "
                        + e.getMessage(), e);
            }
            // Events are acknowledged after their commit; state messages as Paho receives them.
            client.setManualAcks(!cleanSession);
            client.setCallback(this);
        }

        void connect() {
            connector.execute(this::attempt);
        }

        private void attempt() {
            if (closing || client.isConnected()) {
                return;
            }
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setCleanSession(cleanSession);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay((int) broker.maxReconnectDelay().toMillis());
            o.setKeepAliveInterval((int) broker.keepAlive().toSeconds());
            o.setConnectionTimeout(10);
            if (sockets != null) {
                o.setSocketFactory(sockets);
            }
            if (broker.username() != null) {
                o.setUserName(broker.username());
            }
            if (broker.password() != null) {
                o.setPassword(broker.password().toCharArray());
            }
            try {
                client.connect(o, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        backoff = 200;
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        retry(failure);
                    }
                });
            } catch (MqttException e) {
                retry(e);
            }
        }

        private void retry(Throwable failure) {
            if (closing) {
                return;
            }
            log.warn("hq {} connection to {} as {} failed ({}); retrying in {} ms", name, broker.url(),
                    broker.clientId(), failure.getMessage(), backoff);
            connector.schedule(this::attempt, backoff, TimeUnit.MILLISECONDS);
            backoff = Math.min(backoff * 2, broker.maxReconnectDelay().toMillis());
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            long connected = generation.incrementAndGet();
            log.info("hq {} connection {} to {} as {}", name, reconnect ? "restored" : "made", serverURI,
                    broker.clientId());
            if (cleanSession) {
                subscribe(filters, List.of());
                return;
            }
            // The event connection first asks the broker what it is, then subscribes as that allows.
            try {
                client.subscribe(BrokerVersion.TOPIC, 0);
            } catch (MqttException e) {
                log.warn("hq {} cannot ask the broker for {}: {}", name, BrokerVersion.TOPIC, e.getMessage());
            }
            connector.schedule(() -> decide(connected, null), VERSION_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }

        /** Once per connection: chooses how to read from the broker's version (null: it did not say) and subscribes. */
        private synchronized void decide(long connection, String version) {
            if (connection != generation.get() || decidedFor == connection || closing) {
                return;
            }
            decidedFor = connection;
            Reading r = Ingestor.this.decide(version);
            if (!r.equals(reading)) {
                if (r.shared()) {
                    log.info("hq {}: {}", name, r.why());
                } else {
                    log.warn("hq {}: {}", name, r.why());
                }
            }
            reading = r;
            List<String> other = new ArrayList<>(eventFilters(!r.shared()));
            other.remove(reader.chainHeadFilter());
            // A session kept from a run that read the other way would still hold those filters.
            subscribe(eventFilters(r.shared()), settings.shareGroup() == null ? List.of() : other);
        }

        private void subscribe(List<String> wanted, List<String> unwanted) {
            int[] qos = new int[wanted.size()];
            java.util.Arrays.fill(qos, 1);
            try {
                if (!unwanted.isEmpty()) {
                    client.unsubscribe(unwanted.toArray(String[]::new));
                }
                client.subscribe(wanted.toArray(String[]::new), qos, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        int[] granted = token.getGrantedQos();
                        boolean all = true;
                        for (int i = 0; i < granted.length && i < wanted.size(); i++) {
                            if (granted[i] == 0x80) {
                                all = false;
                                log.error("the broker refused hq's subscription to {} (check its ACL)", wanted.get(i));
                            }
                        }
                        subscribed = all;
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        log.error("hq {} cannot subscribe to {}: {}", name, wanted, failure.toString());
                    }
                });
            } catch (MqttException e) {
                log.error("hq {} cannot subscribe to {}: {}", name, wanted, e.getMessage());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            generation.incrementAndGet();
            subscribed = false;
            if (!closing) {
                log.warn("hq {} connection to {} lost ({}); reconnecting", name, broker.url(), cause == null ? "" : cause.toString());
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
            if (!cleanSession && BrokerVersion.TOPIC.equals(topic)) {
                long connection = generation.get();
                String version = new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
                // Not on Paho's callback thread, which must not subscribe while it delivers.
                connector.execute(() -> decide(connection, version.length() > 200 ? version.substring(0, 200) : version));
                return;
            }
            Received r = Received.read(reader, topic, message.getPayload(), clock.instant());
            // Blocks only when the queue is full; the broker's in-flight window normally keeps it from filling.
            queue.put(new Pending(r, this, message.getId(), message.getQos(), generation.get()));
        }

        void acknowledge(Pending p) {
            if (cleanSession || p.qos() == 0) {
                return;
            }
            if (p.generation() != generation.get()) {
                // The connection it came on is gone; the broker sends it again, and it will be a duplicate.
                return;
            }
            try {
                client.messageArrivedComplete(p.packetId(), p.qos());
            } catch (MqttException e) {
                log.warn("cannot acknowledge message {} on {}: {}; the broker will send it again", p.packetId(),
                        p.received().topic(), e.getMessage());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // hq publishes nothing on these connections.
        }

        void close() {
            closing = true;
            try {
                if (client.isConnected()) {
                    client.disconnect(2000).waitForCompletion(3000);
                }
            } catch (MqttException e) {
                log.debug("disconnect of hq {}: {}", name, e.getMessage());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                log.debug("close of hq {}: {}", name, e.getMessage());
            }
        }
    }
}
