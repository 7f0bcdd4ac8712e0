package org.touchstone.agent.mqtt;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.journal.Outbox;
import org.touchstone.agent.journal.PendingMessage;

/**
 * Publishes the journal's outbox to the broker, oldest first, with QoS 1, and marks a message sent only once the
 * broker acknowledged it. Up to {@link #WINDOW} messages are in flight at once (they leave in order on the one
 * connection, so a verdict's alert does not wait for the verdict's acknowledgement), and the acknowledged ones are
 * marked in one journal transaction. Only an acknowledged prefix is marked: when a message fails, it and everything
 * after it go again. It publishes only while connected, so nothing waits in Paho's memory buffer; a message whose
 * acknowledgement was lost is sent again after a reconnect or restart, with the same message id, and consumers drop
 * the repeat. Runs on its own thread ("outbox").
 *
 * <p>Acknowledged messages are marked sent when the publisher has nothing new to send and no decision holds the
 * journal (or once {@link #MAX_UNMARKED} wait): marking right after each acknowledgement made the publisher queue
 * behind the next decision's transaction and then write, so that decision's verdict waited for both (0.7 ms of a
 * 3.3 ms frame on the bench). Until marked they are kept in memory and not sent again; after a crash in between
 * they are, with their ids, as after any lost acknowledgement.
 */
public final class OutboxPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    static final long ACK_TIMEOUT_MILLIS = 10_000;
    static final long RETRY_MILLIS = 500;
    /** The outbox's poll while connected and idle (an idle agent's largest wake-up: 1.7 ms of CPU a second at 200 ms). */
    static final long IDLE_POLL_MILLIS = 1000;
    static final long RECONNECT_POLL_MILLIS = 200;
    /** Messages in flight at once: below {@link org.touchstone.drivers.transport.mqtt.MqttConnection#MAX_INFLIGHT}. */
    static final int WINDOW = 16;
    /** Acknowledged messages that may wait in memory to be marked sent, before they are marked whatever the journal does. */
    static final int MAX_UNMARKED = 64;

    private final Outbox outbox;
    private final BrokerLink broker;
    private final Clock clock;
    private final long idlePollMillis;
    private final Thread thread;
    private final Object wake = new Object();
    /** A nudge not yet answered by a query of the outbox (guarded by wake): one that comes between the query and
     * the wait is not lost. */
    private boolean nudged;
    private volatile boolean running = true;
    private volatile long published;
    /** Acknowledged, not yet marked sent (publisher thread only), in order. */
    private final java.util.LinkedHashSet<Long> unmarked = new java.util.LinkedHashSet<>();

    public OutboxPublisher(Outbox outbox, BrokerLink broker, Clock clock) {
        this(outbox, broker, clock, IDLE_POLL_MILLIS);
    }

    /** With another idle poll (tests: one long enough that only a nudge can explain a prompt publish). */
    OutboxPublisher(Outbox outbox, BrokerLink broker, Clock clock, long idlePollMillis) {
        this.idlePollMillis = idlePollMillis;
        this.outbox = outbox;
        this.broker = broker;
        this.clock = clock;
        this.thread = new Thread(this::run, "outbox");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Something new is in the outbox: publish without waiting for the next poll. Safe before {@link #start()}. */
    public void nudge() {
        synchronized (wake) {
            nudged = true;
            wake.notifyAll();
        }
    }

    /** Messages acknowledged by the broker since start. */
    public long published() {
        return published;
    }

    private void run() {
        try {
            loop();
        } finally {
            try {
                markAcknowledged();
            } catch (RuntimeException e) {
                log.warn("outbox: {} acknowledged message(s) not marked sent at stop (they go again at the next start):"
                        + " {}", unmarked.size(), e.toString());
            }
        }
    }

    private void loop() {
        while (running) {
            try {
                List<PendingMessage> batch = broker.isConnected() ? notYetAcknowledged(outbox.unsent(WINDOW
                        + unmarked.size())) : List.of();
                if (batch.isEmpty()) {
                    if (!unmarked.isEmpty() && !outbox.busy()) {
                        markAcknowledged();
                    }
                    // Connected, this process nudges for what it commits: the poll is for what another one (a
                    // technician's CLI) committed, and a second is soon enough. Disconnected, it watches for the
                    // connection's return.
                    synchronized (wake) {
                        if (!nudged) {
                            wake.wait(broker.isConnected() ? idlePollMillis : RECONNECT_POLL_MILLIS);
                        }
                        nudged = false;
                    }
                } else {
                    publish(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (BrokerLink.NotAcknowledgedException e) {
                // Not acknowledged: it stays unsent and goes again once the broker is back.
                log.warn("outbox: publish not acknowledged ({}); {} message(s) waiting", e.getMessage(),
                        outbox.unsentCount());
                pause(RETRY_MILLIS);
            } catch (RuntimeException e) {
                log.error("outbox: {}", e.toString(), e);
                pause(2 * RETRY_MILLIS);
            }
        }
    }

    /**
     * Sends the batch without waiting in between, then waits for the acknowledgements in order and marks the
     * acknowledged prefix sent.
     *
     * @throws BrokerLink.NotAcknowledgedException after marking, when a message was refused or not acknowledged
     */
    private void publish(List<PendingMessage> batch) throws BrokerLink.NotAcknowledgedException {
        List<BrokerLink.Delivery> inFlight = new ArrayList<>(batch.size());
        BrokerLink.NotAcknowledgedException failure = null;
        for (PendingMessage p : batch) {
            if (!running || !broker.isConnected()) {
                break;
            }
            try {
                inFlight.add(broker.send(p.topic(), p.payload()));
            } catch (BrokerLink.NotAcknowledgedException e) {
                failure = e;
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>(inFlight.size());
        for (int i = 0; i < inFlight.size(); i++) {
            try {
                inFlight.get(i).await(ACK_TIMEOUT_MILLIS);
            } catch (BrokerLink.NotAcknowledgedException e) {
                failure = e;
                break;
            }
            acknowledged.add(batch.get(i).id());
        }
        unmarked.addAll(acknowledged);
        published += acknowledged.size();
        if (unmarked.size() >= MAX_UNMARKED) {
            markAcknowledged();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The rows not acknowledged yet, at most a window of them. */
    private List<PendingMessage> notYetAcknowledged(List<PendingMessage> rows) {
        if (unmarked.isEmpty()) {
            return rows;
        }
        List<PendingMessage> out = new ArrayList<>(Math.min(rows.size(), WINDOW));
        for (PendingMessage p : rows) {
            if (!unmarked.contains(p.id()) && out.size() < WINDOW) {
                out.add(p);
            }
        }
        return out;
    }

    /** Marks what the broker acknowledged sent, in one transaction. */
    private void markAcknowledged() {
        if (unmarked.isEmpty()) {
            return;
        }
        outbox.markSent(new ArrayList<>(unmarked), clock.instant());
        unmarked.clear();
    }

    /** A back-off before trying a broker or an outbox that just failed again. */
    private void pause(long millis) {
        try {
            synchronized (wake) {
                wake.wait(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Waits, at most {@code millis}, while connected, for the outbox to be sent (a clean stop); what is still unsent
     * then stays in the outbox for the next start.
     *
     * @return true when nothing is left unsent
     */
    public boolean drain(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        nudge();
        try {
            while (outbox.unsentCount() > 0 && broker.isConnected() && running && System.nanoTime() - deadline < 0) {
                synchronized (wake) {
                    wake.wait(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return outbox.unsentCount() == 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
