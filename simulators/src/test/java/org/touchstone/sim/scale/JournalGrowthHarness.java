package org.touchstone.sim.scale;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.touchstone.agent.Json;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.DeviceStatus;
import org.touchstone.agent.journal.schema.InputRejected;
import org.touchstone.agent.journal.schema.ReadingReceived;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.ScaleDriver;
import org.touchstone.drivers.protocol.mtsics.MtSicsScaleProtocol;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.transport.tcp.TcpSettings;
import org.touchstone.drivers.transport.tcp.TcpTransport;

/**
 * Measures how much one scale adds to the journal: an MT-SICS scale polled every 250 ms (the agent's default) over
 * loopback TCP, idle (empty pan) and at a busy bench (a weighing every 30 s: load placed, 15 s on the pan, removed),
 * with the driver reporting every frame (as before) and reporting changes (as the agent now configures it), on a
 * simulated balance whose resting noise is 0.3 d (its last digit flickers on about one poll in ten) and on one whose
 * display holds. Every
 * reading the driver reports is appended to a real journal as the agent's {@code EventRecorder.reading} does
 * ({@code ReadingReceived}), every device event as {@code DeviceStatus} and every rejected-frame report as
 * {@code InputRejected}. Prints frames, records and journal bytes, per hour and per day extrapolated from the
 * measured run.
 *
 * <pre>mvn -q -B -pl simulators -am -Pharness -DskipTests test -Dharness.seconds=120</pre>
 *
 * <p>Journal bytes are the database's size after the journal is closed (SQLite checkpoints its write-ahead log into
 * it then), less the size of an empty journal.
 */
public final class JournalGrowthHarness {

    private JournalGrowthHarness() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args.length > 0 ? args[0] : "120");
        Path root = Files.createTempDirectory("journal-growth");
        Path empty = Files.createTempDirectory(root, "empty-");
        new SqliteJournal(empty.resolve("journal.db"), Json.mapper(), Clock.systemUTC()).close();
        long emptyBytes = size(empty);
        System.out.printf(Locale.ROOT, "%-12s %-6s %-8s %9s %9s %12s %12s %14s %12s%n", "reporting", "noise", "bench",
                "seconds", "frames", "records", "records/h", "journal kB/h", "MB/day");
        try {
            // 0.3 d of resting noise flickers the last digit on about one poll in ten; 0 is a display that holds.
            Object[][] configurations = {{ScaleDriver.Reporting.EVERY_FRAME, 0.3}, {ScaleDriver.Reporting.CHANGES, 0.3},
                    {ScaleDriver.Reporting.CHANGES, 0.0}};
            for (Object[] c : configurations) {
                for (boolean busy : new boolean[] {false, true}) {
                    run(root, (ScaleDriver.Reporting) c[0], (Double) c[1], busy, seconds, emptyBytes);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path root, ScaleDriver.Reporting reporting, double noiseInD, boolean busy, long seconds,
                            long emptyBytes) throws Exception {
        Path dir = Files.createTempDirectory(root, "run-");
        SimulatedScale physics = new SimulatedScale(new BigDecimal("6200"), new BigDecimal("0.1"),
                new BigDecimal("0.01"), noiseInD * 0.01, Duration.ofMillis(1500), System::nanoTime, new Random(17));
        AtomicLong records = new AtomicLong();
        long frames;
        double elapsed;
        try (ScaleSimulator sim = new ScaleSimulator(physics, Dialects.forProtocol("mt-sics", physics, "SIM-1", false));
             SqliteJournal journal = new SqliteJournal(dir.resolve("journal.db"), Json.mapper(), Clock.systemUTC())) {
            int port = sim.startTcp(0);
            ScaleDriver driver = new ScaleDriver("scale-1", new TcpTransport(new TcpSettings("127.0.0.1", port)),
                    new MtSicsScaleProtocol(), ScaleProtocol.Mode.POLL, Duration.ofMillis(250), Clock.systemUTC(),
                    new DeviceListener() {
                        @Override
                        public void readingReceived(Reading reading) {
                            journal.append(ReadingReceived.of(reading));
                            records.incrementAndGet();
                        }

                        @Override
                        public void deviceStateChanged(DeviceEvent e) {
                            journal.append(new DeviceStatus(e.deviceId(), e.state().name(), e.detail()));
                            records.incrementAndGet();
                        }

                        @Override
                        public void frameRejected(FrameError f) {
                            journal.append(InputRejected.input(f.deviceId(), f.reason()));
                            records.incrementAndGet();
                        }
                    }).reporting(reporting);
            long start = System.nanoTime();
            driver.start();
            Random loads = new Random(5);
            long end = start + Duration.ofSeconds(seconds).toNanos();
            long nextCycle = start;
            while (System.nanoTime() < end) {
                if (busy && System.nanoTime() >= nextCycle) {
                    physics.setLoad(BigDecimal.valueOf(200 + loads.nextInt(1000)).add(new BigDecimal("0.37")));
                    pauseUntil(Math.min(end, nextCycle + Duration.ofSeconds(15).toNanos()));
                    physics.setLoad(BigDecimal.ZERO);
                    nextCycle += Duration.ofSeconds(30).toNanos();
                }
                pauseUntil(Math.min(end, busy ? nextCycle : end));
            }
            driver.close();
            elapsed = (System.nanoTime() - start) / 1e9;
            frames = driver.weightFrames();
        }
        long bytes = size(dir) - emptyBytes;
        double perHour = 3600 / elapsed;
        System.out.printf(Locale.ROOT, "%-12s %-6s %-8s %9.0f %9d %12d %12.0f %14.1f %12.2f%n", reporting,
                noiseInD + "d", busy ? "busy" : "idle", elapsed, frames, records.get(), records.get() * perHour,
                bytes * perHour / 1024, bytes * perHour * 24 / (1024 * 1024));
    }

    /** The harness's own pacing: the bench's operator, not synchronisation with the code under test. */
    private static void pauseUntil(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
