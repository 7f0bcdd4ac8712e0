package org.touchstone.agent.bench;

import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.inspection.XrfShot;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.assessment.Assessor;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.assessment.AssessmentPolicy;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.ItemForm;
import org.touchstone.agent.declaration.Mass;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Assessments per second of a ten-item consignment with fifty readings (per item one weighing and four XRF
 * shots of fifteen elements).
 *
 * <ul>
 *   <li>{@code assessTenItemsFiftyReadings}: every item assessed afresh (the reference assessor, and what a
 *       policy change costs per consignment);</li>
 *   <li>{@code reassessAfterOneReading}: the live path, one item's evidence changed since the last assessment
 *       (its weighing confirmed by a stable poll, a different item each time), the nine others reused;</li>
 *   <li>{@code reassessYearAfterPolicyChange}: {@link Assessor#assessAll} of {@value #YEAR} closed ten-item
 *       consignments with a new policy (score × {@value #YEAR} = consignments/s).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AssessmentBenchmark {

    static final int YEAR = 1000;

    private Assessor assessor;
    private Assessor live;
    private Inspection inspection;
    private Inspection liveInspection;
    private List<Inspection> year;
    private AssessmentPolicy changedPolicy;
    private List<org.touchstone.agent.inspection.ItemEvidence> liveItems;
    private int next;
    private final Instant now = Instant.parse("2026-11-28T12:00:00Z");

    @Setup
    public void setUp() {
        assessor = Assessor.withoutMemo(AssessmentPolicy.defaults());
        live = new Assessor(AssessmentPolicy.defaults());
        inspection = consignment(1);
        liveInspection = consignment(1);
        liveItems = new ArrayList<>();
        liveInspection.items().forEach(liveItems::add);
        live.assess(liveInspection, now);
        year = new ArrayList<>();
        for (int i = 0; i < YEAR; i++) {
            year.add(consignment(i + 2));
        }
        AssessmentPolicy d = AssessmentPolicy.defaults();
        changedPolicy = d.withRequireTrustedDevices(!d.requireTrustedDevices());
    }

    private Inspection consignment(long seed) {
        ScaleMetrology scale = new ScaleMetrology(AccuracyClass.II, new BigDecimal("0.1"), new BigDecimal("6200"));
        List<DeclaredItem> items = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            items.add(new DeclaredItem(Integer.toString(i), "7108.12", "bar", ItemForm.BAR, Metal.AU,
                    new BigDecimal("999.9"), "999.9", 1, new Mass(new BigDecimal("1000.0"), WeightUnit.G)));
        }
        Inspection inspection = new Inspection(new Declaration("BENCH-" + seed, null, null, null, items, null), now);
        Random random = new Random(seed);
        String[] panel = {"Au", "Ag", "Cu", "Zn", "Ni", "Pd", "Pt", "Ir", "Rh", "Fe", "Pb", "Hg", "W", "Sn", "Cd"};
        for (var evidence : inspection.items()) {
            evidence.addWeighing(new Weighing(new WeightReading("scale-1", new BigDecimal("1000.02"), WeightUnit.G,
                    true, now, evidence.item().itemId(), "S S    1000.02 g"), scale, 3, DeviceTrust.declared("scale-1", "benchmark")));
            for (int shot = 0; shot < 4; shot++) {
                List<ElementResult> elements = new ArrayList<>();
                elements.add(ElementResult.detected("Au", Math.min(100, 99.95 + random.nextGaussian() * 0.02), 0.1, 2));
                for (int e = 1; e < panel.length; e++) {
                    elements.add(ElementResult.belowDetection(panel[e], 0.0047));
                }
                evidence.addXrfShot(new XrfShot(new XrfReading("xrf-1", Integer.toString(shot), "PreciousMetals",
                        evidence.item().itemId(), 10, now, elements, ""), DeviceTrust.declared("xrf-1", "benchmark")));
            }
        }
        return inspection;
    }

    @Benchmark
    public Verdict assessTenItemsFiftyReadings() {
        return assessor.assess(inspection, now);
    }

    @Benchmark
    public Verdict reassessAfterOneReading() {
        var evidence = liveItems.get(next++ % liveItems.size());
        var last = evidence.weighings().get(0);
        evidence.replaceLastWeighingOf(last, last.confirmedOnceMore());
        return live.assess(liveInspection, now);
    }

    @Benchmark
    public List<Verdict> reassessYearAfterPolicyChange() {
        return new Assessor(changedPolicy).assessAll(year, now);
    }
}
