package org.touchstone.agent.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.touchstone.agent.Json;
import org.touchstone.agent.journal.OutboxMessage;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.ReadingReceived;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * Journal appends per second on this machine's disk, with the journal's real settings (WAL, synchronous=FULL: one
 * fsync of the WAL per commit): a scale reading as the agent journals every poll, and a verdict-sized event with
 * its one outbox message written in the same transaction. Each trial starts from an empty journal in
 * {@code target/journal-bench} (override with {@code -Dtouchstone.bench.dir=...}; a tmpfs would measure memory,
 * not the disk).
 *
 * <pre>mvn -pl agent -am -Pbench -DskipTests test -Djmh.args="-f 1 -wi 2 -w 3s -i 5 -r 3s -e AssessmentBenchmark"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalBenchmark {

    private Path dir;
    private SqliteJournal journal;
    private WeightReading reading;
    private VerdictSized verdict;
    private byte[] verdictPayload;
    private long messages;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path root = Path.of(System.getProperty("touchstone.bench.dir", "target/journal-bench"));
        Files.createDirectories(root);
        dir = Files.createTempDirectory(root.toAbsolutePath(), "journal-");
        journal = new SqliteJournal(dir.resolve("journal.db"), Json.mapper(), Clock.systemUTC(), "post-1");
        reading = new WeightReading("scale-1", new BigDecimal("1000.03"), WeightUnit.G, true,
                Instant.parse("2026-11-28T12:00:00Z"), null, "S S    1000.03 g");
        // About the size of a two-item verdict with one finding and its evidence (1.5 KB of JSON).
        char[] text = new char[1200];
        Arrays.fill(text, 'x');
        verdict = new VerdictSized(Map.of("revision", 3, "lane", "RED", "complete", true,
                "findings", List.of(Map.of("code", "MASS_DISCREPANCY", "itemId", "2", "message", new String(text)))));
        verdictPayload = Json.mapper().writeValueAsBytes(verdict);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        journal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One scale poll, as {@code Agent.reading} journals it. */
    @Benchmark
    public long appendReading() {
        return journal.append(ReadingReceived.of(reading)).seq();
    }

    /** A verdict and its message to headquarters, one transaction. */
    @Benchmark
    public long appendEventWithOutboxMessage() {
        messages++;
        return journal.append(verdict, "BENCH-1", List.of(new OutboxMessage(
                "touchstone/post-1/inspections/BENCH-1/verdict", "BENCH-1", id -> verdictPayload))).seq();
    }

    /**
     * One durable decision as the desk commits it since decisions are atomic: the reading, the weighing, the verdict
     * and the alert, with the verdict's and the alert's messages, in one transaction (one fsync).
     */
    @Benchmark
    public long appendDecision() {
        return journal.transaction(() -> {
            journal.append(ReadingReceived.of(reading));
            journal.append(verdict, "BENCH-1", List.of());
            journal.append(verdict, "BENCH-1", List.of(new OutboxMessage(
                    "touchstone/post-1/inspections/BENCH-1/verdict", "BENCH-1", id -> verdictPayload)));
            return journal.append(verdict, "BENCH-1", List.of(new OutboxMessage(
                    "touchstone/post-1/alerts", "BENCH-1", id -> verdictPayload))).seq();
        });
    }

    /** A verdict record's size without building a verdict: the benchmark measures the journal, not the engine. */
    record VerdictSized(Map<String, Object> verdict) implements JournalPayload {
        @Override
        public RecordType type() {
            return RecordType.VERDICT;
        }
    }
}
