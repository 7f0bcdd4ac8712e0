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
    static class MemoryOutbox implements Outbox {
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
        public synchronized void markSent(List<Long> outboxIds, Instant at) {
            transactions++;
            sent.addAll(outboxIds);
            marks.addAll(outboxIds);
        }

        volatile int transactions;
        /** What {@link #busy()} says: a decision holding the journal. */
        volatile boolean busy;

        @Override
        public boolean busy() {
            return busy;
        }

        @Override
        public synchronized long unsentCount() {
            return rows.size() - sent.size();
        }
    }

    /**
     * A broker whose acknowledgements the test hands out one at a time: {@code send} records the message at once,
     * its delivery waits for a permit.
     */
    static final class ControlledBroker implements BrokerLink {
        volatile boolean connected = true;
        final BlockingQueue<String> published = new LinkedBlockingQueue<>();
        final Semaphore acks = new Semaphore(0);
        volatile boolean refuseNext;
        /** A message whose acknowledgement does not come once (a timeout); null for none. */
        volatile String loseAckOf;

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public Delivery send(String topic, byte[] payload) throws NotAcknowledgedException {
            String text = new String(payload, StandardCharsets.UTF_8);
            published.add(text);
            if (refuseNext) {
                refuseNext = false;
                throw new NotAcknowledgedException("client refused the publish", null);
            }
            return timeoutMillis -> {
                if (text.equals(loseAckOf)) {
                    loseAckOf = null;
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
            };
        }
    }

    @Test
    void publishesOldestFirstWithoutWaitingInBetween_andMarksOnlyWhatWasAcknowledged() throws Exception {
        MemoryOutbox outbox = new MemoryOutbox();
        ControlledBroker broker = new ControlledBroker();
        outbox.add("m1");
        outbox.add("m2");
        try (OutboxPublisher publisher = new OutboxPublisher(outbox, broker, Clock.systemUTC())) {
            publisher.start();
            assertEquals("m1", broker.published.poll(10, TimeUnit.SECONDS));
            assertEquals("m2", broker.published.poll(10, TimeUnit.SECONDS), "in flight together: m2 does not wait for m1's ack");
            assertEquals(2, outbox.unsentCount(), "published, but not acknowledged: still unsent");
            broker.acks.release(2);
            assertEquals(1L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertEquals(2L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of(1L, 2L), outbox.sent);
            assertEquals(1, outbox.transactions, "both acknowledgements marked in one transaction");
        }
    }

    @Test
    void aNudgeBetweenTheQueryAndTheWait_isNotLost() throws Exception {
        // The commit and its nudge land just after the publisher found the outbox empty and before it waits: with
        // an idle poll of an hour, only the nudge can get the message out within the test's patience.
        OutboxPublisher[] self = new OutboxPublisher[1];
        MemoryOutbox outbox = new MemoryOutbox() {
            private boolean committedOnce;

            @Override
            public synchronized List<PendingMessage> unsent(int limit) {
                List<PendingMessage> found = super.unsent(limit);
                if (found.isEmpty() && !committedOnce) {
                    committedOnce = true;
                    add("late");
                    self[0].nudge();
                }
                return found;
            }
        };
        ControlledBroker broker = new ControlledBroker();
        broker.acks.release(1);
        try (OutboxPublisher publisher = new OutboxPublisher(outbox, broker, Clock.systemUTC(),
                TimeUnit.HOURS.toMillis(1))) {
            self[0] = publisher;
            publisher.start();
            assertEquals("late", broker.published.poll(10, TimeUnit.SECONDS), "the nudge was lost: it waits for the poll");
            assertEquals(1L, outbox.marks.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void whileADecisionHoldsTheJournal_acknowledgedMessagesWaitToBeMarked_areNotSentAgain_andAreMarkedOnceItIsFree()
            throws Exception {
        MemoryOutbox outbox = new MemoryOutbox();
        ControlledBroker broker = new ControlledBroker();
        outbox.busy = true;
        outbox.add("m1");
        try (OutboxPublisher publisher = new OutboxPublisher(outbox, broker, Clock.systemUTC(),
                TimeUnit.HOURS.toMillis(1))) {
            publisher.start();
            assertEquals("m1", broker.published.poll(10, TimeUnit.SECONDS));
            broker.acks.release();
            outbox.add("m2");
            publisher.nudge();
            assertEquals("m2", broker.published.poll(10, TimeUnit.SECONDS), "m1 acknowledged and not sent again");
            assertTrue(outbox.marks.isEmpty(), "nothing marked while the journal is busy");
            outbox.busy = false;
            broker.acks.release();
            assertEquals(1L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertEquals(2L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertEquals(1, outbox.transactions, "both marked in one transaction once the journal was free");
            assertNull(broker.published.poll(0, TimeUnit.SECONDS), "nothing sent twice");
        }
    }

    @Test
    void aJournalThatStaysBusy_getsItsMarksOnceEnoughWait() throws Exception {
        MemoryOutbox outbox = new MemoryOutbox();
        ControlledBroker broker = new ControlledBroker();
        outbox.busy = true;
        for (int i = 1; i <= OutboxPublisher.MAX_UNMARKED; i++) {
            outbox.add("m" + i);
        }
        broker.acks.release(OutboxPublisher.MAX_UNMARKED);
        try (OutboxPublisher publisher = new OutboxPublisher(outbox, broker, Clock.systemUTC(),
                TimeUnit.HOURS.toMillis(1))) {
            publisher.start();
            for (long id = 1; id <= OutboxPublisher.MAX_UNMARKED; id++) {
                assertEquals(id, outbox.marks.poll(10, TimeUnit.SECONDS), "marked although the journal stayed busy");
            }
            assertEquals(1, outbox.transactions);
        }
    }

    @Test
    void whenAMessageInTheWindowIsNotAcknowledged_itAndWhatFollowsGoAgain_andTheAcknowledgedPrefixIsMarkedOnce()
            throws Exception {
        MemoryOutbox outbox = new MemoryOutbox();
        ControlledBroker broker = new ControlledBroker();
        broker.loseAckOf = "m2";
        outbox.add("m1");
        outbox.add("m2");
        outbox.add("m3");
        broker.acks.release(10);
        try (OutboxPublisher publisher = new OutboxPublisher(outbox, broker, Clock.systemUTC())) {
            publisher.start();
            for (String expected : List.of("m1", "m2", "m3", "m2", "m3")) {
                assertEquals(expected, broker.published.poll(10, TimeUnit.SECONDS));
            }
            assertEquals(1L, outbox.marks.poll(10, TimeUnit.SECONDS), "m1 was acknowledged before m2 failed");
            assertEquals(2L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertEquals(3L, outbox.marks.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of(1L, 2L, 3L), outbox.sent, "each marked once, in order");
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
