package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.command.CommandReply;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.journal.JournalFile;
import org.touchstone.agent.journal.JournalVerifier;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.report.AgentEvents;

/**
 * Group commit on a real agent and journal: declarations that wait for the desk together share commits, every one
 * is journaled once and in order, and none is told to anybody (a sink; the future that acknowledges an MQTT input)
 * before it is committed: a second, read-only connection to the file, which sees only committed rows, already
 * holds it when the sink hears of it.
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void declarationsWaitingTogether_shareCommits_andNoneIsToldBeforeItIsCommitted() throws Exception {
        List<String> toldBeforeCommit = new CopyOnWriteArrayList<>();
        List<String> told = new CopyOnWriteArrayList<>();
        Path[] journal = new Path[1];
        AgentEvents sink = new AgentEvents() {
            @Override
            public void declarationAccepted(Declaration declaration, String source) {
                told.add(declaration.declarationId());
                if (!committed(journal[0], declaration.declarationId())) {
                    toldBeforeCommit.add(declaration.declarationId());
                }
            }
        };
        OfflineAgent post = new OfflineAgent(dir, List.of(sink));
        journal[0] = OfflineAgent.journalOf(dir);
        Actor officer = new Actor("officer-17", Actor.Channel.IN_PROCESS, "console", true);
        int n = 40;
        try (Agent agent = post.agent) {
            CountDownLatch release = occupy(agent);
            long commitsBefore = agent.deskLoad().batchCommits();
            List<CompletableFuture<CommandReply>> replies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = "G-" + i;
                replies.add(agent.commands().submit(new Command.Declare(null, declaration(id)
                        .getBytes(StandardCharsets.UTF_8), "test"), officer));
            }
            release.countDown();
            for (CompletableFuture<CommandReply> r : replies) {
                CommandReply reply = r.get(20, TimeUnit.SECONDS);
                assertTrue(reply.accepted(), reply::toString);
                assertTrue(committed(journal[0], reply.journalSeq()), "the reply names a committed record");
            }
            assertTrue(agent.deskLoad().batchCommits() > commitsBefore, "the waiting declarations shared commits");
            assertTrue(agent.deskLoad().batchedTasks() >= n, "every one of them in a batch");
        }
        assertEquals(List.of(), toldBeforeCommit);
        assertEquals(n, told.size());
        try (JournalFile file = JournalFile.open(journal[0])) {
            List<String> declared = new ArrayList<>();
            file.forEach(r -> {
                if (r.is(RecordType.DECLARATION)) {
                    declared.add(r.inspectionId());
                }
            });
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add("G-" + i);
            }
            assertEquals(expected, declared, "each once, in the order submitted");
            assertTrue(JournalVerifier.verify(file, null, null).ok());
        }
    }

    /**
     * What an MQTT instrument's reading is acknowledged with runs after the commit that holds the reading, also when
     * the reading waited with others and was committed in their batch: each acknowledgement finds its reading in a
     * second, read-only connection to the file.
     */
    @Test
    void readingsWaitingTogether_areAcknowledgedOnlyOnceCommitted() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        Path journal = OfflineAgent.journalOf(dir);
        List<String> ackedBeforeCommit = new CopyOnWriteArrayList<>();
        int n = 30;
        CountDownLatch acked = new CountDownLatch(n);
        try (Agent agent = post.agent) {
            CountDownLatch release = occupy(agent);
            for (int i = 0; i < n; i++) {
                String raw = "S S " + (1000 + i) + ".00 g";
                org.touchstone.drivers.reading.WeightReading r = new org.touchstone.drivers.reading.WeightReading(
                        "scale-1", new java.math.BigDecimal(1000 + i), org.touchstone.drivers.reading.WeightUnit.G,
                        true, java.time.Instant.now(), null, raw);
                post.devices().journaled().accept(r, org.touchstone.agent.journal.InputKey.ofContent(
                        "touchstone/offline/scale/scale-1/weight", raw.getBytes(StandardCharsets.UTF_8)), () -> {
                    if (!rawCommitted(journal, raw)) {
                        ackedBeforeCommit.add(raw);
                    }
                    acked.countDown();
                });
            }
            release.countDown();
            assertTrue(acked.await(20, TimeUnit.SECONDS));
            assertEquals(List.of(), ackedBeforeCommit);
            // The batch is counted once its commit's followers (these acknowledgements) have run.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> agent.deskLoad().batchCommits() > 0);
        }
    }

    private static boolean rawCommitted(Path journal, String raw) {
        try (JournalFile file = JournalFile.open(journal)) {
            boolean[] found = {false};
            file.forEach(r -> found[0] |= r.is(RecordType.READING) && r.data().contains(raw));
            return found[0];
        }
    }

    /** Occupies the desk until the latch is released, so that what is submitted meanwhile waits together. */
    private static CountDownLatch occupy(Agent agent) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch occupied = new CountDownLatch(1);
        agent.onDesk(() -> {
            occupied.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(occupied.await(10, TimeUnit.SECONDS));
        return release;
    }

    private static String declaration(String id) {
        return """
                {"declarationId": "%s", "items": [
                  {"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au", "fineness": 999.9,
                   "netMass": {"value": 1000.0, "unit": "g"}}]}""".formatted(id);
    }

    /** Whether another connection, read-only, sees the declaration's record: committed rows only. */
    private static boolean committed(Path journal, String declarationId) {
        try (JournalFile file = JournalFile.open(journal)) {
            boolean[] found = {false};
            file.forEach(r -> found[0] |= r.is(RecordType.DECLARATION) && declarationId.equals(r.inspectionId()));
            return found[0];
        }
    }

    private static boolean committed(Path journal, long seq) {
        try (JournalFile file = JournalFile.open(journal)) {
            return file.record(seq).isPresent();
        }
    }
}
