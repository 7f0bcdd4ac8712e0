package org.touchstone.hq.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.hq.Headquarters;
import org.touchstone.hq.config.HqConfigLoader;
import org.touchstone.hq.ingest.Ingestor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code touchstone hq run}: one headquarters instance, until Ctrl-C (or {@code --duration}). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one headquarters instance: read every post's messages from the central broker into"
                + " PostgreSQL. Run several with distinct instanceIds to share the load.")
public final class HqRunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(HqRunCommand.class);

    @Mixin
    HqCommand.ConfigOption config;

    @Option(names = "--duration", description = "Stop after this many seconds (default: run until stopped).")
    Long durationSeconds;

    @Option(names = "--report-every", defaultValue = "60",
            description = "Print the counts every this many seconds (default: ${DEFAULT-VALUE}).")
    long reportEverySeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HqConfigLoader.Loaded loaded = config.load(spec.commandLine().getErr());
        if (loaded == null) {
            return 2;
        }
        Headquarters hq;
        try {
            hq = Headquarters.start(loaded, null, Clock.systemUTC());
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("touchstone hq: cannot start: " + HqMigrateCommand.rootMessage(e));
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            hq.close();
            stopped.countDown();
        }, "hq-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        var out = spec.commandLine().getOut();
        out.println("touchstone hq: instance " + loaded.config().instanceId() + " reading " + loaded.config().broker().url()
                + " as " + loaded.config().clientId() + " (share group " + loaded.config().shareGroup() + ") into "
                + loaded.config().database().url() + "; Ctrl-C to stop");
        hq.view().ifPresent(v -> out.println("touchstone hq: headquarters view on " + v.uri()));
        out.flush();
        long subscribeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hq.ingestor().subscribed() && System.nanoTime() < subscribeDeadline) {
            // Polls the connection's own state, which Paho's callbacks set; a line says when it is ready.
            if (stopped.await(50, TimeUnit.MILLISECONDS)) {
                return 0;
            }
        }
        out.println(hq.ingestor().subscribed() ? "touchstone hq: subscribed; " + hq.ingestor().reading().why()
                : "touchstone hq: not subscribed after 60 s; still trying (see the log)");
        out.flush();
        long every = TimeUnit.SECONDS.toNanos(Math.max(1, reportEverySeconds));
        long deadline = durationSeconds == null ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        long nextReport = System.nanoTime() + every;
        while (true) {
            long wait = Math.min(nextReport, deadline) - System.nanoTime();
            if (stopped.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
                return 0;
            }
            if (System.nanoTime() - deadline >= 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
                hq.close();
                report(hq.ingestor(), out);
                return 0;
            }
            if (System.nanoTime() - nextReport >= 0) {
                report(hq.ingestor(), out);
                nextReport += every;
            }
        }
    }

    private static void report(Ingestor i, java.io.PrintWriter out) {
        String line = "stored=" + i.stored() + " duplicates=" + i.duplicates() + " conflicts=" + i.conflicts()
                + " rejected=" + i.rejected() + " waiting=" + i.waiting() + " connected=" + i.connected();
        out.println("touchstone hq: " + line);
        out.flush();
        log.info(line);
    }
}
