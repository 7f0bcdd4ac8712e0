package org.touchstone.drivers.transport.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived MQTT connection that keeps trying: it connects in the background, reconnects with a capped
 * backoff, and subscribes again after every reconnect (a clean session forgets subscriptions).
 *
 * <p>Message handlers run on Paho's callback thread and must hand work off quickly. An exception thrown by a
 * handler is logged and swallowed here, because Paho would otherwise drop the whole connection.
 *
 * <p>With an {@code ssl://} URL the connection trusts the CA of {@link MqttSettings#tls()} and presents its client
 * certificate. A refused password or server certificate is explained in {@link #lastConnectFailure()} and the log,
 * and retried like any other failure: the post works offline until it is fixed.
 *
 * <p>Durability is not this class's job: Paho's buffer lives in memory only (its file persistence stalls,
 * see docs/platform-notes.md). What must survive a crash goes through the agent's journal first.
 */
public final class MqttConnection implements AutoCloseable {

    /** Receives one message; must not block. */
    @FunctionalInterface
    public interface MessageHandler {
        void messageArrived(String topic, byte[] payload) throws Exception;
    }

    /**
     * How the broker keeps what is sent to this client while it is away.
     *
     * <p>{@link #CLEAN}: a clean session, acknowledged by Paho when the handler returns (tools, simulators, the
     * officer CLI). {@link #PERSISTENT}: {@code cleanSession=false} under the fixed client id, so the broker queues
     * QoS 1 messages while the client is away and redelivers what it never acknowledged; acknowledgements are
     * manual, sent by {@link Delivery#acknowledge()} (the agent calls it after the journal commit).
     */
    public enum Session {
        CLEAN, PERSISTENT
    }

    /**
     * One message as the broker delivered it, with the means to acknowledge it. In a {@link Session#PERSISTENT}
     * session the broker keeps a QoS 1 message (and redelivers it at the next connection) until
     * {@link #acknowledge()} is called; in a clean session Paho has acknowledged it already and the call does nothing.
     */
    public static final class Delivery {
        private final String topic;
        private final byte[] payload;
        private final int qos;
        private final boolean retained;
        private final boolean duplicate;
        private final int messageId;
        private final Runnable ack;

        public Delivery(String topic, byte[] payload, int qos, boolean retained, boolean duplicate, int messageId) {
            this(topic, payload, qos, retained, duplicate, messageId, () -> { });
        }

        /** A delivery whose {@link #acknowledge()} runs {@code ack} at most once (tests, other transports). */
        public Delivery(String topic, byte[] payload, int qos, boolean retained, boolean duplicate, int messageId,
                        Runnable ack) {
            this.topic = topic;
            this.payload = payload;
            this.qos = qos;
            this.retained = retained;
            this.duplicate = duplicate;
            this.messageId = messageId;
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            this.ack = () -> {
                if (done.compareAndSet(false, true)) {
                    ack.run();
                }
            };
        }

        public String topic() {
            return topic;
        }

        public byte[] payload() {
            return payload;
        }

        public int qos() {
            return qos;
        }

        public boolean retained() {
            return retained;
        }

        /** The broker's DUP flag: it sent this message before on this session and never had it acknowledged. */
        public boolean duplicate() {
            return duplicate;
        }

        public int messageId() {
            return messageId;
        }

        /**
         * Tells the broker the message is safe with us: call it after the journal commit, once per delivery. An
         * acknowledgement for a connection that has since been lost is not sent (its packet id may by now name
         * another message on the new connection); the broker redelivers the message, which the receiver then
         * recognises as already taken and acknowledges again.
         */
        public void acknowledge() {
            ack.run();
        }
    }

    /** Receives one delivery; must not block. */
    @FunctionalInterface
    public interface DeliveryHandler {
        void delivered(Delivery delivery) throws Exception;
    }

    /** A retained message the broker publishes for us when we vanish, and its counterpart we publish when we connect. */
    public record Presence(String topic, String onlinePayload, String offlinePayload) {
    }

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

    private final MqttSettings settings;
    private final Presence presence;
    /**
     * Replaced by a fresh one before each retry of the first connection (see {@link #attemptConnect()}); the same one
     * from the first connection on.
     */
    private volatile MqttAsyncClient client;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    /** Filters the broker has acknowledged since the last (re)connect. */
    private final java.util.Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retry;
    /**
     * Unacknowledged QoS 1/2 publishes Paho allows at once on this connection. The agent's outbox keeps up to 16 in
     * flight; the other 48 are for officer replies, published as each command commits, and presence: more than the
     * 20 queued commands Mosquitto hands a client at once (its max_inflight_messages), so a burst of commands cannot
     * have a reply refused ("Too many publishes in progress") while the outbox is busy.
     */
    public static final int MAX_INFLIGHT = 64;

    private final SocketFactory socketFactory;
    private volatile boolean closed;
    /** The project's one reconnect policy; a broker's CONNACK is a good session. Guarded by itself (Paho's threads). */
    private final org.touchstone.drivers.transport.Backoff backoff;
    private volatile String lastConnectFailure;
    /**
     * Our connection attempts, numbered; {@link #attemptInFlight} is the one Paho is working on (0: none). Only one
     * attempt is ever in flight, and a report about any other (Paho can report one failure twice) is ignored: two
     * attempts at once share Paho's one outbound queue, so the second CONNECT can leave on the first one's socket,
     * and Mosquitto drops the client for it ("sending multiple CONNECT messages") in the middle of handing over a
     * persistent session's queue (DurableInputsChaosIT lost the queued inputs behind the in-flight window that way).
     * Guarded by {@code this}.
     */
    private long attempts;
    private long attemptInFlight;
    /**
     * Set at the first connection: from then on Paho's automatic reconnect (which also keeps the offline buffer
     * open) is the only one to reconnect, and our own retries stop for good, so the two never overlap.
     */
    private volatile boolean connectedOnce;

    private record Subscription(String filter, int qos, DeliveryHandler handler) {
    }

    private final Session session;
    /** Counts lost connections: a packet id is only meaningful on the connection it arrived on. */
    private final java.util.concurrent.atomic.AtomicLong connectionGeneration = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @throws MqttTlsException when a TLS file of the settings is missing or unusable (naming the setting): a post
     *                          cannot fix that by waiting, so it is reported at once rather than retried
     */
    public MqttConnection(MqttSettings settings, Presence presence) {
        this(settings, presence, Session.CLEAN);
    }

    /**
     * @param session {@link Session#PERSISTENT} for a receiver that must not lose what it subscribed to (the agent)
     */
    public MqttConnection(MqttSettings settings, Presence presence, Session session) {
        this.session = session;
        this.settings = settings;
        this.presence = presence;
        java.time.Duration cap = settings.maxReconnectDelay();
        this.backoff = new org.touchstone.drivers.transport.Backoff(
                cap.compareTo(org.touchstone.drivers.transport.Backoff.DEFAULT_FIRST) < 0 ? cap
                        : org.touchstone.drivers.transport.Backoff.DEFAULT_FIRST, cap);
        // Nagle off on every socket: each command, verdict and acknowledgement is a small packet someone waits for.
        this.socketFactory = !settings.secure() ? NoDelaySocketFactories.plain(SocketFactory.getDefault())
                : NoDelaySocketFactories.tls(settings.tls() != null
                        ? MqttTlsContext.create(settings.tls(), settings.url()).getSocketFactory()
                        : (SSLSocketFactory) SSLSocketFactory.getDefault());
        this.client = newClient();
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-connect-" + settings.clientId());
            t.setDaemon(true);
            return t;
        });
    }

    private MqttAsyncClient newClient() {
        MqttAsyncClient c;
        try {
            c = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create MQTT client for " + settings.url() + ": " + e.getMessage(), e);
        }
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setPersistBuffer(false);
        buffer.setBufferSize(10_000);
        buffer.setDeleteOldestMessages(false);
        c.setBufferOpts(buffer);
        c.setManualAcks(session == Session.PERSISTENT);
        c.setCallback(new Callback(c));
        return c;
    }

    /** A client whose attempt failed: nothing of it may reach the broker any more. */
    private static void discard(MqttAsyncClient old) {
        try {
            old.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            // not connected: nothing to cut
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("closing a failed MQTT client: {}", e.toString());
        }
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        retry.execute(this::attemptConnect);
    }

    /** Starts connecting and waits up to {@code timeoutMillis} for the first connection. */
    public boolean startAndAwait(long timeoutMillis) throws InterruptedException {
        start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return isConnected();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public String url() {
        return settings.url();
    }

    /**
     * Why the last connection attempt failed, in the post's terms (refused credentials, an untrusted server
     * certificate, an unreachable host), or empty once connected. Attempts continue in the background.
     */
    public Optional<String> lastConnectFailure() {
        return Optional.ofNullable(lastConnectFailure);
    }

    /**
     * Subscribes now if connected, and again after every reconnect. The message is acknowledged when the handler
     * returns (or throws): for what may be lost in a crash, not for inputs that must be journaled first.
     */
    public void subscribe(String filter, int qos, MessageHandler handler) {
        subscribe(filter, qos, (DeliveryHandler) d -> {
            try {
                handler.messageArrived(d.topic(), d.payload());
            } finally {
                d.acknowledge();
            }
        });
    }

    /**
     * Subscribes now if connected, and again after every reconnect; the handler gets each delivery whole and, in a
     * {@link Session#PERSISTENT} session, must call {@link Delivery#acknowledge()} once it has kept the message (every
     * message, refused ones too: the broker sends at most its in-flight window of unacknowledged messages). Subscribe
     * before {@link #start()}: a persistent session's queued messages arrive right after the connection is made.
     */
    public void subscribe(String filter, int qos, DeliveryHandler handler) {
        Subscription s = new Subscription(filter, qos, handler);
        subscriptions.put(filter, s);
        if (client.isConnected()) {
            doSubscribe(s);
        }
    }

    /**
     * Publishes, or buffers in memory while disconnected.
     *
     * @throws MqttPublishException when the client refuses the message (buffer full, closed)
     */
    public IMqttDeliveryToken publish(String topic, byte[] payload, int qos, boolean retained) {
        try {
            return client.publish(topic, payload, qos, retained);
        } catch (MqttException e) {
            throw new MqttPublishException("cannot publish to " + topic + " on " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    public IMqttDeliveryToken publish(String topic, String payload, int qos, boolean retained) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
    }

    /**
     * Publishes (or buffers while disconnected), and completes once Paho is done with the message: for QoS 1, when
     * the broker has acknowledged it and Paho has given its place in the window ({@link #MAX_INFLIGHT}) back. A
     * publisher that waits for its messages before sending more waits on this, not on the token: Paho 1.2.5 wakes a
     * token's waiters on its receiver thread, before its callback thread frees the message's place in the window
     * (eclipse-paho/paho.mqtt.java#551), so one that waits on tokens can find the window still full of messages the
     * broker acknowledged already, and be refused ("Too many publishes in progress", reason 32202). This completes
     * on that callback thread, which frees the place before it tells the listener.
     *
     * @return completes exceptionally with an {@link MqttPublishException} when the message was not delivered
     * @throws MqttPublishException when the client refuses the message at once (buffer full, closed, window full)
     */
    public CompletableFuture<Void> publishAcknowledged(String topic, byte[] payload, int qos, boolean retained) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.publish(topic, payload, qos, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    done.completeExceptionally(new MqttPublishException("publish to " + topic + " on " + settings.url()
                            + " failed: " + describe(failure), failure));
                }
            });
        } catch (MqttException e) {
            throw new MqttPublishException("cannot publish to " + topic + " on " + settings.url() + ": " + e.getMessage(), e);
        }
        return done;
    }

    /** Runs on {@link #retry} only: the first connection, and the retries until it is made. */
    private void attemptConnect() {
        long attempt;
        synchronized (this) {
            if (closed || connectedOnce || attemptInFlight != 0 || client.isConnected()) {
                return;
            }
            attempt = ++attempts;
            attemptInFlight = attempt;
            if (attempt > 1) {
                // A fresh client for every retry. Paho 1.2.5 can let an attempt that failed go on: when the broker
                // hangs up (a broker shutting down accepts and then drops connections) while Paho is still starting
                // the attempt's threads, the failure is reported first, and the attempt then queues its CONNECT on
                // the client's one outbound queue, where the next attempt's connection sends it as a second CONNECT
                // (eclipse-paho/paho.mqtt.java#1098, #1099). Mosquitto drops the client for that while it hands over
                // the persistent session, and 2.0.11 then redelivers the in-flight window but not the queue behind
                // it. A failed attempt's leftovers can now only reach its own, closed client.
                MqttAsyncClient old = client;
                client = newClient();
                discard(old);
            }
        }
        MqttConnectOptions options = new MqttConnectOptions();
        // 3.1.1 only: with the default, Paho retries a failed attempt as MQTT 3.1 from inside its shutdown of the
        // failed one, a second connect of its own racing ours.
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(session == Session.CLEAN);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) settings.maxReconnectDelay().toMillis());
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout(10);
        // Paho's default is 10 unacknowledged QoS 1/2 publishes (see MAX_INFLIGHT).
        options.setMaxInflight(MAX_INFLIGHT);
        options.setSocketFactory(socketFactory);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(settings.password().toCharArray());
        }
        if (presence != null) {
            options.setWill(presence.topic(), presence.offlinePayload().getBytes(StandardCharsets.UTF_8), 1, true);
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (!finished(attempt)) {
                        return;
                    }
                    connectedOnce = true;
                    synchronized (backoff) {
                        backoff.succeeded();
                    }
                    lastConnectFailure = null;
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    if (!finished(attempt)) {
                        log.debug("ignoring a late failure report of connection attempt {}: {}", attempt,
                                describe(failure));
                        return;
                    }
                    scheduleRetry(failure);
                }
            });
        } catch (MqttException e) {
            if (finished(attempt)) {
                scheduleRetry(e);
            }
        }
    }

    /** Ends {@code attempt} if it is the one in flight; false for a second or late report about it. */
    private synchronized boolean finished(long attempt) {
        if (attemptInFlight != attempt) {
            return false;
        }
        attemptInFlight = 0;
        return true;
    }

    private void scheduleRetry(Throwable failure) {
        if (closed || connectedOnce) {
            // Connected since (Paho's automatic reconnect owns every later connection): a retry would overlap it.
            return;
        }
        long delay;
        synchronized (backoff) {
            delay = backoff.failed().toMillis();
        }
        String reason = explain(settings, failure);
        String previous = lastConnectFailure;
        lastConnectFailure = reason;
        if (reason.equals(previous)) {
            // The same reason at every retry would flood the log of a post that is offline for a day.
            log.debug("{}; retrying in {} ms", reason, delay);
        } else {
            log.warn("{}; retrying in {} ms, and working offline meanwhile", reason, delay);
        }
        retry.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until the broker has acknowledged a subscription, so nothing published afterwards is missed.
     *
     * @return false when it was not acknowledged within the timeout
     */
    public boolean awaitSubscribed(String filter, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!acknowledged.contains(filter)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private void doSubscribe(Subscription s) {
        acknowledged.remove(s.filter());
        IMqttActionListener ack = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acknowledged.add(s.filter());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                log.error("broker {} refused the subscription to {}: {}", settings.url(), s.filter(), failure.toString());
            }
        };
        try {
            // Messages are dispatched by the connection's callback (see Callback.messageArrived), not by a listener of
            // this subscription: a persistent session's queued messages arrive before the subscriptions are renewed.
            client.subscribe(s.filter(), s.qos(), null, ack);
        } catch (MqttException e) {
            log.error("cannot subscribe to {} on {}: {}", s.filter(), settings.url(), e.getMessage());
        }
    }

    private Subscription subscriptionFor(String topic) {
        Subscription exact = subscriptions.get(topic);
        if (exact != null) {
            return exact;
        }
        for (Subscription s : subscriptions.values()) {
            if (org.eclipse.paho.client.mqttv3.MqttTopic.isMatched(s.filter(), topic)) {
                return s;
            }
        }
        return null;
    }

    private Runnable acknowledgement(MqttAsyncClient client, MqttMessage message) {
        if (session == Session.CLEAN || message.getQos() == 0) {
            return () -> { };
        }
        long generation = connectionGeneration.get();
        int id = message.getId();
        int qos = message.getQos();
        return () -> {
            if (generation != connectionGeneration.get() || !client.isConnected()) {
                log.debug("not acknowledging message {} of a lost connection; the broker redelivers it", id);
                return;
            }
            try {
                client.messageArrivedComplete(id, qos);
            } catch (MqttException e) {
                log.debug("acknowledging message {} on {}: {}", id, settings.url(), e.getMessage());
            }
        };
    }

    /**
     * One sentence for a failed connection attempt: what the broker or the TLS handshake refused, and why.
     */
    static String explain(MqttSettings settings, Throwable failure) {
        String url = settings.url();
        if (failure instanceof MqttException m) {
            int code = m.getReasonCode();
            if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION || code == MqttException.REASON_CODE_NOT_AUTHORIZED) {
                return settings.username() == null
                        ? "MQTT broker " + url + " refused an anonymous connection: not authorized (reason " + code
                                + "); set a username and password"
                        : "MQTT broker " + url + " refused user '" + settings.username()
                                + "': bad user name or password (reason " + code + ")";
            }
            if (code == MqttException.REASON_CODE_INVALID_CLIENT_ID) {
                return "MQTT broker " + url + " refused client id '" + settings.clientId() + "' (reason " + code + ")";
            }
        }
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MqttTlsContext.UntrustedServerCertificateException) {
                return c.getMessage();
            }
        }
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException) {
                return "TLS handshake with MQTT broker " + url + " failed: " + c.getMessage()
                        + (settings.secure() ? "" : " (is it a TLS port? use ssl://)");
            }
            if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
                    || c instanceof java.net.SocketTimeoutException) {
                return "MQTT broker " + url + " unreachable: " + c;
            }
        }
        boolean resetAtConnect = failure instanceof MqttException m && m.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST;
        return "MQTT broker " + url + " unreachable (" + describe(failure) + ")"
                + (resetAtConnect && !settings.secure() ? "; if that port speaks TLS, the url must be ssl://" : "");
    }

    static String describe(Throwable t) {
        if (t instanceof MqttException m) {
            return m.getMessage() + " (reason " + m.getReasonCode() + ")"
                    + (m.getCause() != null ? ": " + m.getCause().getMessage() : "");
        }
        return String.valueOf(t);
    }

    @Override
    public void close() {
        closed = true;
        retry.shutdownNow();
        try {
            if (client.isConnected()) {
                if (presence != null) {
                    client.publish(presence.topic(), presence.offlinePayload().getBytes(StandardCharsets.UTF_8), 1, true)
                            .waitForCompletion(2000);
                }
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect from {}: {}", settings.url(), e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallbackExtended {
        /** The client this callback is set on (a discarded client's late events are its own). */
        private final MqttAsyncClient client;

        Callback(MqttAsyncClient client) {
            this.client = client;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (client != MqttConnection.this.client) {
                log.debug("ignoring a connection of a discarded MQTT client");
                return;
            }
            log.info("MQTT {} to {}", reconnect ? "reconnected" : "connected", serverURI);
            connectedOnce = true;
            lastConnectFailure = null;
            if (presence != null) {
                try {
                    client.publish(presence.topic(), presence.onlinePayload().getBytes(StandardCharsets.UTF_8), 1, true);
                } catch (MqttException e) {
                    log.warn("cannot announce presence on {}: {}", presence.topic(), e.getMessage());
                }
            }
            subscriptions.values().forEach(MqttConnection.this::doSubscribe);
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (client != MqttConnection.this.client) {
                return;
            }
            connectionGeneration.incrementAndGet();
            if (!closed) {
                log.warn("MQTT connection to {} lost ({}); reconnecting in the background", settings.url(),
                        describe(cause));
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Delivery d = new Delivery(topic, message.getPayload(), message.getQos(), message.isRetained(),
                    message.isDuplicate(), message.getId(), acknowledgement(client, message));
            Subscription s = subscriptionFor(topic);
            if (s == null) {
                // Not acknowledged: the broker redelivers it at the next connection, when its subscriber may exist.
                log.warn("MQTT message on {} matches no subscription of {}; left unacknowledged", topic,
                        settings.clientId());
                return;
            }
            try {
                s.handler().delivered(d);
            } catch (Exception e) {
                log.error("handler for MQTT topic {} failed: {}", topic, e.toString(), e);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
