package org.touchstone.agent.mqtt;

import java.time.Clock;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttPublishException;

/**
 * Publishes the journal's outbox to the broker, oldest first, one message at a time with QoS 1, and marks each
 * sent only once the broker acknowledged it. It publishes only while connected, so nothing waits in Paho's
 * memory buffer; a message whose acknowledgement was lost is sent again after a reconnect or restart, with the
 * same message id, and consumers drop the repeat.
 */
public final class OutboxPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final long ACK_TIMEOUT_MILLIS = 10_000;

    private final SqliteJournal journal;
    private final MqttConnection mqtt;
    private final Clock clock;
    private final Thread thread;
    private final Object wake = new Object();
    private volatile boolean running = true;
    private volatile long published;

    public OutboxPublisher(SqliteJournal journal, MqttConnection mqtt, Clock clock) {
        this.journal = journal;
        this.mqtt = mqtt;
        this.clock = clock;
        this.thread = new Thread(this::run, "outbox");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Something new is in the outbox: publish without waiting for the next poll. */
    public void nudge() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Messages acknowledged by the broker since start. */
    public long published() {
        return published;
    }

    private void run() {
        while (running) {
            try {
                List<SqliteJournal.Pending> batch = mqtt.isConnected() ? journal.unsent(100) : List.of();
                for (SqliteJournal.Pending p : batch) {
                    if (!running || !mqtt.isConnected()) {
                        break;
                    }
                    IMqttDeliveryToken token = mqtt.publish(p.topic(), p.payload(), 1, false);
                    token.waitForCompletion(ACK_TIMEOUT_MILLIS);
                    journal.markSent(p.id(), clock.instant());
                    published++;
                }
                if (batch.isEmpty()) {
                    synchronized (wake) {
                        wake.wait(200);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (MqttException | MqttPublishException e) {
                // Not acknowledged: it stays unsent and goes again once the broker is back.
                log.warn("outbox: publish not acknowledged ({}); {} message(s) waiting", e.getMessage(),
                        journal.unsentCount());
                sleep(500);
            } catch (RuntimeException e) {
                log.error("outbox: {}", e.toString(), e);
                sleep(1000);
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
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
