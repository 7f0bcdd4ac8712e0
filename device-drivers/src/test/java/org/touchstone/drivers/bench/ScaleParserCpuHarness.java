package org.touchstone.drivers.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link ScaleParserBenchmark}'s work measured per CPU-second of the measuring thread, with the bytes it allocates
 * per frame (com.sun.management.ThreadMXBean), so the figures hold on a shared, busy machine where JMH's
 * wall-clock scores swing with the neighbours' load. Protocols rotate every round; medians are printed. Run after
 * test-compile: {@code java -cp device-drivers/target/test-classes:device-drivers/target/classes:<test classpath>
 * org.touchstone.drivers.bench.ScaleParserCpuHarness [rounds] [seconds]}.
 */
public final class ScaleParserCpuHarness {

    private ScaleParserCpuHarness() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        String[] protocols = {"mt-sics", "sartorius-sbi", "and", "toledo-continuous"};
        ScaleParserBenchmark[] benches = new ScaleParserBenchmark[protocols.length];
        for (int p = 0; p < protocols.length; p++) {
            benches[p] = new ScaleParserBenchmark();
            benches[p].protocol = protocols[p];
            benches[p].setUp();
        }
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        List<List<double[]>> results = new ArrayList<>();
        for (int p = 0; p < protocols.length; p++) {
            results.add(new ArrayList<>());
        }
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
            for (int k = 0; k < protocols.length; k++) {
                int p = (k + round) % protocols.length;
                long frames = 0;
                long bytes0 = mx.getThreadAllocatedBytes(self);
                long start = mx.getCurrentThreadCpuTime();
                long budget = (long) (seconds * 1e9);
                while (mx.getCurrentThreadCpuTime() - start < budget) {
                    for (int i = 0; i < 100; i++) {
                        frames += benches[p].parse();
                    }
                }
                double cpu = (mx.getCurrentThreadCpuTime() - start) / 1e9;
                double perFrame = (mx.getThreadAllocatedBytes(self) - bytes0) / (double) frames;
                if (round > 0) {
                    results.get(p).add(new double[] {frames / cpu, perFrame});
                }
            }
        }
        for (int p = 0; p < protocols.length; p++) {
            List<double[]> r = new ArrayList<>(results.get(p));
            r.sort((a, b) -> Double.compare(a[0], b[0]));
            System.out.printf(Locale.ROOT, "PARSER-CPU %-18s median %,11.0f frames/s  range %,.0f-%,.0f  %,.0f B/frame"
                    + "  (%d rounds)%n", protocols[p], r.get(r.size() / 2)[0], r.get(0)[0], r.get(r.size() - 1)[0],
                    r.get(r.size() / 2)[1], r.size());
        }
    }
}
