package org.touchstone.quality;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.assessment.AssessmentPolicy;
import org.touchstone.agent.assessment.Assessor;
import org.touchstone.agent.assessment.Finding;
import org.touchstone.agent.assessment.FindingCode;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.calibration.CheckStandard;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.XrfCheck;
import org.touchstone.agent.calibration.XrfCheckProcedure;
import org.touchstone.agent.calibration.XrfCheckRecord;
import org.touchstone.agent.declaration.BarMarks;
import org.touchstone.agent.declaration.Construction;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.DeclaredValue;
import org.touchstone.agent.declaration.ItemForm;
import org.touchstone.agent.declaration.Mass;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.ItemEvidence;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.Json;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.reading.XrfReading;

/**
 * How often the engine accuses honest cargo, and catches fraud, under field noise: readings made by a noise model
 * of this test's own (not the project's simulators), every source a stated parameter ({@link Field}). Honest
 * cargo comes in consignments of five items of one kind, which share the declarant's scale and the post's
 * analyzer; analyzers are a pool, each with its own calibration bias and a history of daily check-standard runs
 * made through the real {@link XrfCheck}, so the engine's calibration term is what a post would have.
 *
 * <p>Rates are printed with 95 % Wilson intervals; the targets are asserted. A bigger run for the README:
 * {@code -Dtouchstone.fieldmc.consignments=2000 -Dtouchstone.fieldmc.frauds=2000}.
 */
class FieldNoiseMonteCarloTest {

    /** The noise sources, as the assessment issue lists them. */
    record Field(
            /** Shots per item and their length. */
            int shotsPerItem, double shotSeconds,
            /** The analyzer states σ = √((c + 0.1) / (4000 t)) wt% at k = 2; the real counting noise is this × σ. */
            double countingNoiseFactor,
            /** Calibration bias per analyzer and alloy matrix, sd wt%; fine metal (≥ 99 %) has its own. */
            double alloyBiasSd, double fineBiasSd,
            /** Day-to-day wander of that bias, sd wt%. */
            double dailyBiasSd,
            /** Check-standard runs in each analyzer's history (one a day). */
            int checkDays,
            /** The declarant's scale: its error as a fraction of its in-service MPE (normal, sd). */
            double declarantErrorSdOfMpe,
            /** The post's scale: uniform within ± this fraction of its in-service MPE. */
            double postErrorOfMpe,
            /** Porosity of castings weighed in water: uniform 0 .. this, volume %. */
            double castingPorosityPercent,
            /** Share of bars and jewellery also weighed in water (doré and scrap always are). */
            double waterWeighingShare) {
    }

    static final Field FIELD = new Field(3, 60, 1.2, 0.15, 0.02, 0.03, 20, 1.0 / 3, 1.0, 2.5, 0.5);

    private static final int CONSIGNMENTS_PER_KIND = Integer.getInteger("touchstone.fieldmc.consignments", 60);
    private static final int FRAUD_TRIALS = Integer.getInteger("touchstone.fieldmc.frauds", 200);
    private static final int ITEMS_PER_CONSIGNMENT = 5;
    private static final int ANALYZERS = 12;
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final ScaleMetrology BENCH = new ScaleMetrology(AccuracyClass.II, new BigDecimal("0.1"),
            new BigDecimal("6200"));
    private static final ScaleMetrology FLOOR = new ScaleMetrology(AccuracyClass.II, new BigDecimal("1"),
            new BigDecimal("32000"));
    private static final List<String> LOOKED_FOR = List.of("Au", "Ag", "Cu", "Zn", "Pt", "Pd", "Rh", "Ir", "Ru",
            "Hg", "W", "Pb", "Ni");

    private final Random random = new Random(20261202);
    private final AssessmentPolicy policy = AssessmentPolicy.defaults();
    private final Assessor assessor = new Assessor(policy);
    private final List<Analyzer> analyzers = new ArrayList<>();

    /** What is declared and what is there. Surface truth per element; how the lot's surface varies. */
    record Truth(String hs, ItemForm form, Metal metal, String fineness, String fineWritten, double trueGrams,
                 Map<String, Double> surface, double spotSd, double surfaceOffsetSd, String matrix,
                 Construction construction, DeclaredValue value, boolean goodDelivery, String baseAlloy,
                 double porosityMax, Double declaredGrams) {
        Truth(String hs, ItemForm form, Metal metal, String fineness, String fineWritten, double trueGrams,
              Map<String, Double> surface, double spotSd, double surfaceOffsetSd, String matrix,
              Construction construction, DeclaredValue value, boolean goodDelivery, String baseAlloy,
              double porosityMax) {
            this(hs, form, metal, fineness, fineWritten, trueGrams, surface, spotSd, surfaceOffsetSd, matrix,
                    construction, value, goodDelivery, baseAlloy, porosityMax, null);
        }

        /** The same item declared at another mass (a short-weight fraud). */
        Truth declaredAt(double grams) {
            return new Truth(hs, form, metal, fineness, fineWritten, trueGrams, surface, spotSd, surfaceOffsetSd,
                    matrix, construction, value, goodDelivery, baseAlloy, porosityMax, grams);
        }
    }

    /** An analyzer with a bias per matrix (each element of that matrix) and its check-standard trust. */
    final class Analyzer {
        final String id;
        final Map<String, Map<String, Double>> bias = new LinkedHashMap<>();
        DeviceTrust trust;

        Analyzer(String id) {
            this.id = id;
        }

        double bias(String matrix, String element, double level) {
            Map<String, Double> m = bias.computeIfAbsent(matrix, k -> new LinkedHashMap<>());
            return m.computeIfAbsent(element, k -> random.nextGaussian()
                    * (level >= 99 ? FIELD.fineBiasSd() : FIELD.alloyBiasSd()));
        }
    }

    private static Map<String, Double> alloy(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return m;
    }

    private double u(double max) {
        return random.nextDouble() * max;
    }

    /** One shot as the analyzer reports it: biased, heterogeneous, normalised, with counting noise. */
    private XrfReading shoot(Analyzer a, Map<String, Double> surface, String matrix, double spotSd, double dayBias,
                             String label) {
        Map<String, Double> x = new LinkedHashMap<>();
        double sum = 0;
        for (Map.Entry<String, Double> e : surface.entrySet()) {
            double c = e.getValue();
            double v = c <= 0 ? 0 : Math.max(0, c + a.bias(matrix, e.getKey(), c) * Math.min(1, c / 10)
                    + dayBias * Math.min(1, c / 10) + spotSd * random.nextGaussian() * Math.min(1, c / 10));
            x.put(e.getKey(), v);
            sum += v;
        }
        List<ElementResult> out = new ArrayList<>();
        double t = FIELD.shotSeconds();
        double au = surface.getOrDefault("Au", 0.0);
        for (String el : LOOKED_FOR) {
            double c = sum > 0 ? x.getOrDefault(el, 0.0) * 100 / sum : 0;
            // Mercury's background rises with gold (the Au L lines' tail under Hg Lα): 0.05 × Au wt%.
            double background = el.equals("Hg") ? 0.1 + 0.05 * au : 0.1;
            double sigma = Math.sqrt((c + background) / (4000 * t));
            double lod = 3 * Math.sqrt(background / (4000 * t));
            double read = c + FIELD.countingNoiseFactor() * sigma * random.nextGaussian();
            if (read < lod) {
                out.add(ElementResult.belowDetection(el, lod));
            } else {
                out.add(ElementResult.detected(el, Math.min(100, read), 2 * sigma, 2));
            }
        }
        return new XrfReading(a.id, null, "PreciousMetals", label, t, NOW, out, "");
    }

    private Analyzer commission(String id) {
        Analyzer a = new Analyzer(id);
        CalibrationBook book = new CalibrationBook(Json.mapper());
        XrfCheck check = new XrfCheck(new XrfCheckProcedure("Field MC", List.of(CheckStandard.fineGold("AU-9999"),
                CheckStandard.gold18k("AU-750"), CheckStandard.sterlingSilver("AG-925")), 1, 1, false, null));
        for (int day = FIELD.checkDays(); day >= 1; day--) {
            Instant at = NOW.minus(Duration.ofDays(day)).plusSeconds(3600);
            double dayBias = FIELD.dailyBiasSd() * random.nextGaussian();
            XrfCheckRecord r = null;
            for (int attempt = 0; attempt < 3 && (r == null || !r.passed()); attempt++) {
                // A failed run is repeated, as a technician would, before the day's first item.
                List<XrfReading> shots = new ArrayList<>();
                for (CheckStandard s : List.of(CheckStandard.fineGold("AU-9999"), CheckStandard.gold18k("AU-750"),
                        CheckStandard.sterlingSilver("AG-925"))) {
                    Map<String, Double> truth = new LinkedHashMap<>();
                    s.elements().forEach((el, v) -> truth.put(el, v.percent()));
                    String matrix = s.id().equals("AU-9999") ? "fine-gold" : s.id().equals("AU-750") ? "18K" : "925";
                    shots.add(shoot(a, truth, matrix, 0, dayBias, s.id()));
                }
                r = check.evaluate(id, shots, book.xrfHistory(id), at.plusSeconds(attempt * 60L));
                book.add(r);
            }
        }
        a.trust = book.trustAt(id, NOW);
        return a;
    }

    /**
     * Declared mass as the declarant's scale shows it: true + its error, shown to its d. Refined goods on class II
     * (jewellery under 200 g: d = 0.01 g, e = 0.1 g; heavier: d = e = 0.1 g), doré and scrap on class III
     * (d = e = 0.5 g under 5 kg, 1 g above); the error normal with sd = {@code declarantErrorSdOfMpe} × the
     * in-service MPE at that e, so some declarants' scales are outside their MPE.
     */
    private Mass declared(Truth t) {
        if (t.declaredGrams() != null) {
            return new Mass(BigDecimal.valueOf(t.declaredGrams()).setScale(1, RoundingMode.HALF_UP), WeightUnit.G);
        }
        boolean refined = t.form() != ItemForm.DORE && t.form() != ItemForm.SCRAP;
        if (t.goodDelivery()) {
            // LBMA: weighed to 0.001 ozt, then rounded DOWN to 0.025 ozt (silver 0.1).
            double ozt = t.trueGrams() / 31.1034768 + 0.0005 * random.nextGaussian();
            double step = t.metal() == Metal.AG ? 0.1 : 0.025;
            double down = Math.floor(ozt / step) * step;
            return new Mass(BigDecimal.valueOf(down).setScale(3, RoundingMode.HALF_UP), WeightUnit.OZT);
        }
        double load = t.trueGrams();
        AccuracyClass c = refined ? AccuracyClass.II : AccuracyClass.III;
        double e = refined ? 0.1 : (load < 5000 ? 0.5 : 1.0);
        double d = refined && load < 200 ? 0.01 : e;
        double mpe = 2 * c.initialMpeInE(load / e) * e;
        double shown = Math.round((load + FIELD.declarantErrorSdOfMpe() * mpe * random.nextGaussian()) / d) * d;
        int scale = d >= 1 ? 0 : d >= 0.1 ? 1 : 2;
        return new Mass(BigDecimal.valueOf(shown).setScale(scale, RoundingMode.HALF_UP), WeightUnit.G);
    }

    private Weighing postWeighing(double grams, double water, Analyzer unused, int n) {
        ScaleMetrology scale = grams > 6000 ? FLOOR : BENCH;
        double load = grams * water;
        double mpe = scale.inServiceMpeGrams(load);
        double e = scale.verificationIntervalGrams().doubleValue();
        // Within its MPE, rounding to e included: the error before rounding stays within MPE − e/2.
        double shown = load + FIELD.postErrorOfMpe() * (mpe - e / 2) * (2 * random.nextDouble() - 1);
        BigDecimal value = BigDecimal.valueOf(Math.round(shown / e) * e).setScale(e >= 1 ? 0 : 1, RoundingMode.HALF_UP);
        return new Weighing(new WeightReading("scale-1", value, WeightUnit.G, true, NOW, "1", "S S " + value + " g"),
                scale, 1, water < 1 ? Weighing.Medium.WATER : Weighing.Medium.AIR,
                DeviceTrust.declared("scale-1", "verified"));
    }

    /** Inspects one consignment of items, each made by {@code kind}, on one analyzer. */
    private Verdict inspect(List<Truth> truths, Analyzer a, int shots) {
        List<DeclaredItem> items = new ArrayList<>();
        for (int i = 0; i < truths.size(); i++) {
            Truth t = truths.get(i);
            items.add(new DeclaredItem(Integer.toString(i + 1), t.hs(), null, t.form(), t.metal(),
                    t.fineness() == null ? null : new BigDecimal(t.fineness()), t.fineWritten(), 1, declared(t), null,
                    t.value(), new BarMarks(t.goodDelivery() ? "Refiner" : null, t.goodDelivery() ? "S1" : null,
                    t.goodDelivery()), t.baseAlloy(), t.construction()));
        }
        Inspection inspection = new Inspection(new Declaration("FMC", null, null, null, items, null), NOW);
        double dayBias = FIELD.dailyBiasSd() * random.nextGaussian();
        for (int i = 0; i < truths.size(); i++) {
            Truth t = truths.get(i);
            ItemEvidence ev = inspection.item(Integer.toString(i + 1)).orElseThrow();
            ev.addWeighing(postWeighing(t.trueGrams(), 1, a, 1));
            boolean water = t.form() == ItemForm.DORE || t.form() == ItemForm.SCRAP
                    || random.nextDouble() < FIELD.waterWeighingShare();
            if (water && t.construction().kind() != Construction.Kind.HOLLOW) {
                Map<String, Double> body = new LinkedHashMap<>(t.surface());
                if (t.construction().layer() != null) {
                    body.remove(t.construction().layer());  // a plating is too thin to weigh
                }
                double rho = density(body);
                double porosity = u(t.porosityMax()) / 100;
                double apparent = rho * (1 - porosity);
                // In water the item loses the mass of the water it displaces: m (1 − ρw / ρ).
                ev.addWeighing(postWeighing(t.trueGrams(), 1 - 0.9982 / apparent, a, 1));
            }
            Map<String, Double> surface = new LinkedHashMap<>();
            double offset = t.surfaceOffsetSd() * random.nextGaussian();
            t.surface().forEach((el, c) -> surface.put(el, c));
            if (offset != 0 && surface.containsKey("Au") && surface.containsKey("Ag")) {
                surface.put("Au", surface.get("Au") + offset);
                surface.put("Ag", Math.max(0, surface.get("Ag") - offset));
            }
            for (int s = 0; s < shots; s++) {
                ev.addXrfShot(new XrfShot(shoot(a, surface, t.matrix(), t.spotSd(), dayBias, Integer.toString(i + 1)),
                        a.trust));
            }
        }
        return assessor.assess(inspection, NOW, true);
    }

    /** Ideal-mixing density of the body (the surface truth, minus a plating layer). */
    private static double density(Map<String, Double> c) {
        // CRC Handbook densities, g/cm³.
        Map<String, Double> rho = alloy("Au", 19.32, "Ag", 10.49, "Cu", 8.96, "Zn", 7.14, "Pt", 21.45, "Ru", 12.37,
                "Rh", 12.41, "Pb", 11.34, "Ni", 8.91, "Ir", 22.56, "Hg", 13.53, "W", 19.25, "Pd", 12.02);
        double w = 0;
        double v = 0;
        for (var e : c.entrySet()) {
            if (e.getValue() > 0 && rho.containsKey(e.getKey())) {
                w += e.getValue();
                v += e.getValue() / rho.get(e.getKey());
            }
        }
        return w / v;
    }

    interface Kind {
        Truth next();
    }

    private Map<String, Kind> honestKinds() {
        Map<String, Kind> k = new LinkedHashMap<>();
        k.put("999.9 kilobar", () -> {
            double au = 99.99 + u(0.009);
            return new Truth("7108.12", ItemForm.BAR, Metal.AU, "999.9", "999.9", 1000 + u(0.1),
                    alloy("Au", au, "Ag", (100 - au) * 0.7, "Cu", (100 - au) * 0.3), 0.003, 0, "fine-gold",
                    Construction.SOLID, null, false, null, 0.5);
        });
        k.put("LBMA 400 oz bar (ozt, rounded down)", () -> {
            double au = 99.5 + u(0.45);
            return new Truth("7108.12", ItemForm.BAR, Metal.AU, "995.0", "995.0", 12400 + u(60),
                    alloy("Au", au, "Ag", (100 - au) * 0.8, "Cu", (100 - au) * 0.2), 0.01, 0, "fine-gold",
                    Construction.SOLID, null, true, null, 0.5);
        });
        k.put("18K jewellery (Ru refiner)", () -> {
            double au = 75.0 + u(0.4);
            double ru = random.nextBoolean() ? u(0.1) : 0;
            return new Truth("7113.19", ItemForm.JEWELLERY, Metal.AU, "750", "18K", 20 + u(150),
                    alloy("Au", au, "Ag", (100 - au - ru) / 2, "Cu", (100 - au - ru) / 2, "Ru", ru), 0.15, 0, "18K",
                    Construction.SOLID, null, false, null, 1.5);
        });
        k.put("22K jewellery", () -> {
            double au = 91.6 + u(0.4);
            return new Truth("7113.19", ItemForm.JEWELLERY, Metal.AU, "916", "22K", 10 + u(100),
                    alloy("Au", au, "Ag", (100 - au) * 0.5, "Cu", (100 - au) * 0.5), 0.15, 0, "22K",
                    Construction.SOLID, null, false, null, 1.5);
        });
        k.put("9K jewellery", () -> {
            double au = 37.5 + u(0.4);
            return new Truth("7113.19", ItemForm.JEWELLERY, Metal.AU, "375", "9K", 10 + u(100),
                    alloy("Au", au, "Ag", 12.1, "Cu", 100 - au - 12.1 - 6, "Zn", 6.0), 0.15, 0, "9K",
                    Construction.SOLID, null, false, null, 1.5);
        });
        k.put("silver 925", () -> {
            double ag = 92.5 + u(0.5);
            return new Truth("7113.11", ItemForm.JEWELLERY, Metal.AG, "925", "925", 50 + u(500),
                    alloy("Ag", ag, "Cu", 100 - ag), 0.15, 0, "925", Construction.SOLID, null, false, null, 1.5);
        });
        k.put("rhodium-plated 925", () -> {
            double ag = 92.5 + u(0.5);
            double rh = 15 + u(40);
            double f = (100 - rh) / 100;
            return new Truth("7113.11", ItemForm.JEWELLERY, Metal.AG, "925", "925", 20 + u(200),
                    alloy("Rh", rh, "Ag", ag * f, "Cu", (100 - ag) * f), 0.5, 0, "925",
                    new Construction(Construction.Kind.PLATED, "Rh"), null, false, null, 1.5);
        });
        k.put("platinum 950", () -> {
            double pt = 95.0 + u(0.3);
            return new Truth("7113.19", ItemForm.JEWELLERY, Metal.PT, "950", "950", 10 + u(60),
                    alloy("Pt", pt, "Ru", 100 - pt), 0.15, 0, "pt950", Construction.SOLID, null, false, null, 1.0);
        });
        k.put("dore 800", () -> {
            double au = 80.0 + u(0.8);
            return new Truth("7108.12", ItemForm.DORE, Metal.AU, "800", "800", 2000 + u(4000),
                    alloy("Au", au, "Ag", 100 - au - 2, "Cu", 2.0), 0.6, 1.5, "dore", Construction.SOLID, null,
                    false, null, FIELD.castingPorosityPercent());
        });
        k.put("gold scrap 585", () -> {
            double au = 58.5 + u(1.5);
            return new Truth("7112.91", ItemForm.SCRAP, Metal.AU, "585", "585", 200 + u(2000),
                    alloy("Au", au, "Ag", (100 - au) * 0.5, "Cu", (100 - au) * 0.45, "Zn", (100 - au) * 0.05),
                    1.0, 2.0, "scrap", Construction.SOLID, null, false, null, FIELD.castingPorosityPercent());
        });
        k.put("brass fittings 7419", () -> {
            double cu = 60 + u(8);
            return new Truth("7419.80", ItemForm.OTHER, null, null, null, 500 + u(3000),
                    alloy("Cu", cu, "Zn", 100 - cu - 2, "Pb", 2.0), 0.3, 0, "brass", Construction.SOLID, null,
                    false, "CuZn", 1.0);
        });
        return k;
    }

    private static String wilson(int hits, int n) {
        double z = 1.96;
        double p = hits / (double) n;
        double d = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / d;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
        return String.format(Locale.ROOT, "%5.2f %% [%.2f, %.2f]", 100 * p, 100 * Math.max(0, centre - half),
                100 * Math.min(1, centre + half));
    }

    private Analyzer anyAnalyzer() {
        return analyzers.get(random.nextInt(analyzers.size()));
    }

    private double rate(int trials, Kind kind, int shots, Predicate<Verdict> caught) {
        int hits = 0;
        int shown = 0;
        for (int i = 0; i < trials; i++) {
            Verdict v = inspect(List.of(kind.next()), anyAnalyzer(), shots);
            if (caught.test(v)) {
                hits++;
            } else if (shown++ < 1) {
                System.out.println("    a miss: " + v.lane() + " " + v.findings().stream()
                        .map(f -> f.code() + ": " + f.message()).toList());
            }
        }
        return hits / (double) trials;
    }

    private static Predicate<Verdict> red(FindingCode code) {
        return v -> v.lane() == Lane.RED && v.findings().stream().anyMatch(f -> f.code() == code);
    }

    @Test
    void fieldNoise_honestRarelyAccusedPerItemAndPerConsignment_clearFraudCaught() {
        long start = System.nanoTime();
        for (int i = 0; i < ANALYZERS; i++) {
            analyzers.add(commission("xrf-" + i));
        }
        long trusted = analyzers.stream().filter(a -> a.trust.trusted()).count();
        System.out.println("Field Monte Carlo: " + FIELD);
        System.out.printf(Locale.ROOT, "  analyzers %d, trusted after %d days of checks: %d%n", ANALYZERS,
                FIELD.checkDays(), trusted);
        int items = 0;
        int itemRed = 0;
        int itemNonGreen = 0;
        int cons = 0;
        int consRed = 0;
        int consNonGreen = 0;
        Map<String, Integer> causes = new LinkedHashMap<>();
        for (Map.Entry<String, Kind> kind : honestKinds().entrySet()) {
            int kRed = 0;
            int kNonGreen = 0;
            int kConsNonGreen = 0;
            for (int c = 0; c < CONSIGNMENTS_PER_KIND; c++) {
                List<Truth> truths = new ArrayList<>();
                for (int i = 0; i < ITEMS_PER_CONSIGNMENT; i++) {
                    truths.add(kind.getValue().next());
                }
                Verdict v = inspect(truths, anyAnalyzer(), FIELD.shotsPerItem());
                cons++;
                consRed += v.lane() == Lane.RED ? 1 : 0;
                consNonGreen += v.lane() != Lane.GREEN ? 1 : 0;
                kConsNonGreen += v.lane() != Lane.GREEN ? 1 : 0;
                for (int i = 1; i <= ITEMS_PER_CONSIGNMENT; i++) {
                    String id = Integer.toString(i);
                    List<Finding> fs = v.findings().stream().filter(f -> f.itemId().equals(id)).toList();
                    Lane lane = fs.stream().map(Finding::severity).reduce(Lane.GREEN, Lane::worse);
                    items++;
                    itemRed += lane == Lane.RED ? 1 : 0;
                    itemNonGreen += lane != Lane.GREEN ? 1 : 0;
                    kRed += lane == Lane.RED ? 1 : 0;
                    kNonGreen += lane != Lane.GREEN ? 1 : 0;
                    fs.forEach(f -> causes.merge(kind.getKey() + ": " + f.code(), 1, Integer::sum));
                    if (!fs.isEmpty() && causes.getOrDefault("shown", 0) < 6) {
                        causes.merge("shown", 1, Integer::sum);
                        System.out.println("    honest " + kind.getKey() + ": " + fs.get(0).message());
                    }
                }
            }
            int n = CONSIGNMENTS_PER_KIND * ITEMS_PER_CONSIGNMENT;
            System.out.printf(Locale.ROOT, "  %-36s items RED %s  non-GREEN %s  consignments non-GREEN %s%n",
                    kind.getKey(), wilson(kRed, n), wilson(kNonGreen, n), wilson(kConsNonGreen, CONSIGNMENTS_PER_KIND));
        }
        System.out.printf(Locale.ROOT, "  all %d honest items: RED %s, non-GREEN %s%n", items, wilson(itemRed, items),
                wilson(itemNonGreen, items));
        System.out.printf(Locale.ROOT, "  all %d honest 5-item consignments: RED %s, non-GREEN %s%n", cons,
                wilson(consRed, cons), wilson(consNonGreen, cons));
        causes.forEach((k, v) -> System.out.println("    finding on honest cargo: " + k + " x" + v));

        Map<String, Double> caught = new LinkedHashMap<>();
        caught.put("mass 1 % short (kilobar)", rate(FRAUD_TRIALS, () -> new Truth("7108.12", ItemForm.BAR, Metal.AU,
                "999.9", "999.9", 990, alloy("Au", 99.995, "Ag", 0.005), 0.003, 0, "fine-gold", Construction.SOLID,
                null, false, null, 0.5).declaredAt(1000.0), FIELD.shotsPerItem(), red(FindingCode.MASS_DISCREPANCY)));
        caught.put("fineness 1 pp short (999.9 at 989.9)", rate(FRAUD_TRIALS, () -> new Truth("7108.12", ItemForm.BAR,
                Metal.AU, "999.9", "999.9", 1000, alloy("Au", 98.99, "Ag", 0.8, "Cu", 0.21), 0.003, 0, "fine-gold",
                Construction.SOLID, null, false, null, 0.5), FIELD.shotsPerItem(), red(FindingCode.FINENESS_BELOW_DECLARED)));
        caught.put("fineness 1 pp short (18K at 740)", rate(FRAUD_TRIALS, () -> new Truth("7113.19",
                ItemForm.JEWELLERY, Metal.AU, "750", "18K", 100, alloy("Au", 74.0, "Ag", 13.0, "Cu", 13.0), 0.15, 0,
                "18K", Construction.SOLID, null, false, null, 1.5), FIELD.shotsPerItem(),
                red(FindingCode.FINENESS_BELOW_DECLARED)));
        caught.put("gold declared as silver", rate(FRAUD_TRIALS, () -> new Truth("7106.91", ItemForm.GRAIN, Metal.AG,
                "999", "999", 2000, alloy("Au", 60.0, "Ag", 40.0), 0.2, 0, "AuAg", Construction.SOLID, null, false,
                null, 1.0), FIELD.shotsPerItem(), red(FindingCode.METAL_MISMATCH)));
        caught.put("18K gold declared as brass fittings", rate(FRAUD_TRIALS, () -> new Truth("7419.80", ItemForm.OTHER,
                null, null, null, 800, alloy("Au", 75.0, "Ag", 12.5, "Cu", 12.5), 0.15, 0, "18K", Construction.SOLID,
                null, false, "CuZn", 1.0), FIELD.shotsPerItem(), red(FindingCode.HS_CLASS_MISMATCH)));
        caught.put("mercury in dore (0.2 %)", rate(FRAUD_TRIALS, () -> new Truth("7108.12", ItemForm.DORE, Metal.AU,
                "800", "800", 1500, alloy("Au", 80.5, "Ag", 17.3, "Cu", 2.0, "Hg", 0.2), 0.6, 1.5, "dore",
                Construction.SOLID, null, false, null, 2.5), FIELD.shotsPerItem(), red(FindingCode.MERCURY_DETECTED)));
        caught.put("22K declared as 9K", rate(FRAUD_TRIALS, () -> new Truth("7113.19", ItemForm.JEWELLERY, Metal.AU,
                "375", "9K", 100, alloy("Au", 91.7, "Ag", 4.2, "Cu", 4.1), 0.15, 0, "22K", Construction.SOLID, null,
                false, null, 1.5), FIELD.shotsPerItem(), red(FindingCode.FINENESS_ABOVE_DECLARED)));
        caught.put("one shot of silver on a 999.9 gold bar", rate(FRAUD_TRIALS, () -> new Truth("7108.12",
                ItemForm.BAR, Metal.AU, "999.9", "999.9", 1000, alloy("Ag", 99.9, "Cu", 0.1), 0.003, 0, "925",
                Construction.SOLID, null, false, null, 0.5), 1, red(FindingCode.FINENESS_BELOW_DECLARED)));
        System.out.println("Field Monte Carlo, clear fraud (" + FRAUD_TRIALS + " each, caught = RED with the finding):");
        caught.forEach((k, r) -> System.out.printf(Locale.ROOT, "  %-40s caught %s%n", k,
                wilson((int) Math.round(r * FRAUD_TRIALS), FRAUD_TRIALS)));

        Map<String, Double> limits = new LinkedHashMap<>();
        limits.put("18K at 745", rate(FRAUD_TRIALS, () -> new Truth("7113.19", ItemForm.JEWELLERY, Metal.AU, "750",
                "18K", 100, alloy("Au", 74.5, "Ag", 12.75, "Cu", 12.75), 0.15, 0, "18K", Construction.SOLID, null,
                false, null, 1.5), FIELD.shotsPerItem(), red(FindingCode.FINENESS_BELOW_DECLARED)));
        limits.put("999.9 bar at 998.0", rate(FRAUD_TRIALS, () -> new Truth("7108.12", ItemForm.BAR, Metal.AU, "999.9",
                "999.9", 1000, alloy("Au", 99.80, "Ag", 0.15, "Cu", 0.05), 0.003, 0, "fine-gold", Construction.SOLID,
                null, false, null, 0.5), FIELD.shotsPerItem(), red(FindingCode.FINENESS_BELOW_DECLARED)));
        // Twice the LOD the analyzer states for Hg in doré of 80 % gold, 60 s: 2 × 3 √((0.1 + 4.0) / 240 000).
        double hg = 2 * 3 * Math.sqrt((0.1 + 0.05 * 80) / (4000 * FIELD.shotSeconds()));
        limits.put(String.format(Locale.ROOT, "dore with Hg at 2 x LOD (%.3f %%), any lane", hg), rate(FRAUD_TRIALS,
                () -> new Truth("7108.12", ItemForm.DORE, Metal.AU, "800", "800", 1500,
                        alloy("Au", 80.5, "Ag", 17.5 - hg, "Cu", 2.0, "Hg", hg), 0.6, 1.5, "dore", Construction.SOLID,
                        null, false, null, 2.5), FIELD.shotsPerItem(),
                v -> v.findings().stream().anyMatch(f -> f.code() == FindingCode.MERCURY_DETECTED)));
        System.out.println("Field Monte Carlo, near the limits (not targets):");
        limits.forEach((k, r) -> System.out.printf(Locale.ROOT, "  %-40s caught %s%n", k,
                wilson((int) Math.round(r * FRAUD_TRIALS), FRAUD_TRIALS)));
        System.out.printf(Locale.ROOT, "  (%.1f s)%n", (System.nanoTime() - start) / 1e9);

        assertTrue(itemRed / (double) items <= 0.005, "honest items RED " + itemRed + "/" + items);
        assertTrue(itemNonGreen / (double) items <= 0.05, "honest items non-GREEN " + itemNonGreen + "/" + items);
        assertTrue(consRed / (double) cons <= 0.005, "honest consignments RED " + consRed + "/" + cons);
        assertTrue(consNonGreen / (double) cons <= 0.05, "honest consignments non-GREEN " + consNonGreen + "/" + cons);
        caught.forEach((k, r) -> assertTrue(r >= 0.99, k + " caught " + r));
    }
}
