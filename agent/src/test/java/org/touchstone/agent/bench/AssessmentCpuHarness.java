package org.touchstone.agent.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The assessment benchmark's three cases measured per CPU-second of the measuring thread (ThreadMXBean), so the
 * figure is "per core" even on a shared, busy machine where JMH's wall-clock scores swing with the neighbours'
 * load. Rounds alternate the cases; medians are printed. Run (after test-compile):
 * {@code java -cp agent/target/test-classes:agent/target/classes:<test classpath>
 * org.touchstone.agent.bench.AssessmentCpuHarness [rounds] [seconds per case]}.
 */
public final class AssessmentCpuHarness {

    private AssessmentCpuHarness() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        AssessmentBenchmark b = new AssessmentBenchmark();
        b.setUp();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = {"full (reference), consignments/s", "one reading changed (live), consignments/s",
            "year after policy change (assessAll), consignments/s"};
        List<List<Double>> results = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Runnable[] cases = {b::assessTenItemsFiftyReadings, b::reassessAfterOneReading,
            b::reassessYearAfterPolicyChange};
        int[] perOp = {1, 1, AssessmentBenchmark.YEAR};
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
            for (int k = 0; k < cases.length; k++) {
                int c = (k + round) % cases.length; // rotate the order every round
                long ops = 0;
                long start = mx.getCurrentThreadCpuTime();
                long budget = (long) (seconds * 1e9);
                while (mx.getCurrentThreadCpuTime() - start < budget) {
                    for (int i = 0; i < (c == 2 ? 1 : 200); i++) {
                        cases[c].run();
                        ops += perOp[c];
                    }
                }
                double cpu = (mx.getCurrentThreadCpuTime() - start) / 1e9;
                if (round > 0) {
                    results.get(c).add(ops / cpu);
                }
            }
        }
        for (int c = 0; c < cases.length; c++) {
            List<Double> r = new ArrayList<>(results.get(c));
            r.sort(null);
            System.out.printf(Locale.ROOT, "ASSESS-CPU %-52s median %,10.0f  range %,.0f-%,.0f  (%d rounds)%n",
                    names[c], r.get(r.size() / 2), r.get(0), r.get(r.size() - 1), r.size());
        }
    }
}
