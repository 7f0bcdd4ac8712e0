package org.touchstone.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.journal.Outbox;
import org.touchstone.agent.journal.PendingMessage;

/**
 * The outbox publisher's rules, on an in-memory outbox and a broker the test controls: oldest first, marked sent
 * only once acknowledged, a message not acknowledged stays and goes again, nothing is published while disconnected.
 * Every wait is on something the publisher does (a publish, a mark), never on time alone.
 */
class OutboxPublisherTest {

    /** An outbox in memory, with the order and rules of the journal's. */
    static final class MemoryOutbox implements Outbox {
        final List<PendingMessage> rows = new ArrayList<>();
        final List<Long> sent = new ArrayList<>();
        final BlockingQueue<Long> marks = new LinkedBlockingQueue<>();

        synchronized void add(String id) {
            rows.add(new PendingMessage(rows.size() + 1, rows.size() + 1, "t/" + id, id.getBytes(StandardCharsets.UTF_8),
                    id, null));
        }

        @Override
        public synchronized List<PendingMessage> unsent(int limit) {
            return rows.stream().filter(r -> !sent.contains(r.id())).limit(limit).toList();
        }

        @Override
        public synchronized void markSent(long outboxId, Instant at) {
            sent.add(outboxId);
            marks.add(outboxId);
        }

        @Override
        public synchronized long unsentCount() {
            return rows.size() - sent.size();
        }
    }

    /** A broker whose acknowledgements the test hands out one at a time. */
    static final class ControlledBroker implements BrokerLink {
        volatile boolean connected = true;
        final BlockingQueue<String> published = new LinkedBlockingQueue<>();
        final Semaphore acks = new Semaphore(0);
        volatile boolean refuseNext;

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void publish(String topic, byte[] payload, long timeoutMillis) throws NotAcknowledgedException {
            published.add(new String(payload, StandardCharsets.UTF_8));
            if (refuseNext) {
                refuseNext = false;
                throw new NotAcknowledgedException("timed out waiting for PUBACK", null);
            }
            try {
                if (!acks.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new NotAcknowledgedException("test gave no acknowledgement", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotAcknowledgedException("interrupted", e);
            }
        }
    }

    @Test
    void publishesOldestFirst_andMarksEachSentOnlyOnceAcknowledged() throws Exception {
        MemoryOutbox outbox = new MemoryOutbox();
        ControlledBroker broker = new ControlledBroker();
        outbox.add("m1");
        outbox.add("m2");
        try (OutboxPublisher publisher = new OutboxPublisher(outbox, broker, Clock.systemUTC())) {
            publisher.start();
            assertEquals("m1", broker.published.poll(10, TimeUnit.SECONDS));
            assertEquals(2, outbox.unsentCount(), "published, but not acknowledged: still unsent");
            assertNull(broker.published.poll(200, TimeUnit.MILLISECONDS), "one at a time: m2 waits for m1's ack");
            broker.acks.release();
            assertEquals(1L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertEquals("m2", broker.published.poll(10, TimeUnit.SECONDS));
            broker.acks.release();
            assertEquals(2L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of(1L, 2L), outbox.sent);
        }
    }

    @Test
    void aMessageNotAcknowledged_staysAndIsSentAgain() throws Exception {
        MemoryOutbox outbox = new MemoryOutbox();
        ControlledBroker broker = new ControlledBroker();
        broker.refuseNext = true;
        outbox.add("m1");
        try (OutboxPublisher publisher = new OutboxPublisher(outbox, broker, Clock.systemUTC())) {
            publisher.start();
            assertEquals("m1", broker.published.poll(10, TimeUnit.SECONDS));
            assertEquals("m1", broker.published.poll(10, TimeUnit.SECONDS), "sent again after the failure");
            broker.acks.release();
            assertEquals(1L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertEquals(0, outbox.unsentCount());
            assertEquals(List.of(1L), outbox.sent, "marked once");
        }
    }

    @Test
    void nothingIsPublishedWhileDisconnected_andANudgeSendsAtOnceWhenConnected() throws Exception {
        MemoryOutbox outbox = new MemoryOutbox();
        ControlledBroker broker = new ControlledBroker();
        broker.connected = false;
        broker.acks.release(10);
        try (OutboxPublisher publisher = new OutboxPublisher(outbox, broker, Clock.systemUTC())) {
            publisher.start();
            outbox.add("m1");
            publisher.nudge();
            assertNull(broker.published.poll(500, TimeUnit.MILLISECONDS), "disconnected: kept in the outbox");
            assertEquals(1, outbox.unsentCount());
            broker.connected = true;
            publisher.nudge();
            assertEquals("m1", broker.published.poll(10, TimeUnit.SECONDS));
            assertEquals(1L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertTrue(outbox.unsent(10).isEmpty());
        }
    }
}
