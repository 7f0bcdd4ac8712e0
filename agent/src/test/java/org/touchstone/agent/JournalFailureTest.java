package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.journal.JournalException;
import org.touchstone.agent.report.AgentEvents;

/**
 * A journal that cannot record is fatal for deciding: the desk stops taking input, says so, and the agent's failure
 * completes (on which {@code touchstone run} exits non-zero, see {@code RunCommandTest}). Nothing is told that was
 * not journaled. The journal is broken for real: another connection drops its table under the running agent.
 */
class JournalFailureTest {

    @TempDir
    Path dir;

    static void breakJournal(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("DROP TABLE journal");
        }
    }

    @Test
    void aFailedAppend_haltsTheDesk_refusesFurtherInput_andTellsNoSink() throws Exception {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        OfflineAgent post = new OfflineAgent(dir, List.of(new AgentEvents() {
            @Override
            public void activeItemChanged(String declarationId, String itemId, String medium, String source) {
                told.add(declarationId + "/" + itemId);
            }

            @Override
            public void inputRejected(String source, String reason) {
                told.add(reason);
            }
        }));
        try (Agent agent = post.agent) {
            assertTrue(agent.deciding());
            breakJournal(OfflineAgent.journalOf(dir));

            Actor officer = new Actor("officer-17", Actor.Channel.IN_PROCESS, "test", true);
            CompletableFuture<?> select = agent.commands().submit(new Command.SelectItem(null, "C-1", "1", null), officer);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> select.get(10, TimeUnit.SECONDS));
            assertInstanceOf(JournalException.class, failed.getCause(), failed.toString());

            Throwable cause = agent.failure().get(10, TimeUnit.SECONDS);
            assertInstanceOf(JournalException.class, cause);
            assertTrue(cause.getMessage().contains("no such table"), cause.getMessage());
            assertFalse(agent.deciding());

            ExecutionException refused = assertThrows(ExecutionException.class, () -> agent.commands()
                    .submit(new Command.CloseInspection(null, "C-1"), officer).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, refused.getCause());
            assertTrue(refused.getCause().getMessage().contains("stopped deciding"), refused.getCause().getMessage());
            // A reading from a device is not taken either, and the device's thread is not troubled by it.
            post.weigh("1000.02");
            assertThrows(ExecutionException.class, () -> agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), told, "the refusal of the select could not be journaled, so nobody was told of it");
    }

    @Test
    void run_exitsNonZero_whenTheJournalFails() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch signal = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return org.touchstone.agent.cli.RunCommandAccess.untilStopped(post.agent, signal,
                        new PrintStream(err, true, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        breakJournal(OfflineAgent.journalOf(dir));
        post.agent.setActiveItem("C-1", "1");
        assertEquals(org.touchstone.agent.cli.ExitCode.JOURNAL_FAILED, exit.get(20, TimeUnit.SECONDS));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the agent stopped deciding"), err.toString());
        assertFalse(post.agent.deciding());
    }

    @Test
    void run_exits0_whenStoppedBySignal() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        CountDownLatch signal = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return org.touchstone.agent.cli.RunCommandAccess.untilStopped(post.agent, signal, System.err);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        signal.countDown();
        assertEquals(0, exit.get(20, TimeUnit.SECONDS));
        post.agent.close();
    }
}
