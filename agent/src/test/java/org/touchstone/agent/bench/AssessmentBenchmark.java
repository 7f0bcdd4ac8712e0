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
 * shots of fifteen elements), the work the live agent redoes on every reading.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AssessmentBenchmark {

    private Assessor assessor;
    private Inspection inspection;
    private final Instant now = Instant.parse("2026-11-28T12:00:00Z");

    @Setup
    public void setUp() {
        assessor = new Assessor(AssessmentPolicy.defaults());
        ScaleMetrology scale = new ScaleMetrology(AccuracyClass.II, new BigDecimal("0.1"), new BigDecimal("6200"));
        List<DeclaredItem> items = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            items.add(new DeclaredItem(Integer.toString(i), "7108.12", "bar", ItemForm.BAR, Metal.AU,
                    new BigDecimal("999.9"), "999.9", 1, new Mass(new BigDecimal("1000.0"), WeightUnit.G)));
        }
        inspection = new Inspection(new Declaration("BENCH", null, null, null, items, null), now);
        Random random = new Random(1);
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
    }

    @Benchmark
    public Verdict assessTenItemsFiftyReadings() {
        return assessor.assess(inspection, now);
    }
}
