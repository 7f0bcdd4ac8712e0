package org.touchstone.sim.xrf;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.GradeMatch;
import org.touchstone.drivers.reading.XrfReading;

/**
 * A handheld XRF analyzer, honest about what XRF does: the physics, no I/O. The protocol endpoints
 * ({@link MqttXrfPublisher}, {@link XrfResultLineServer}, {@link SciApsApiSimulator}, {@link XrfExportFolderWriter})
 * only carry what this produces.
 *
 * <ul>
 * <li>Counting statistics: counts for an element grow with its concentration and the measuring time, so its
 * counting standard deviation is {@code sqrt((c + b) / (K t))} wt%, with a background b that sets the detection
 * limit (3 sigma at c = 0). With the defaults, 99.99 % gold measured 10 s reads ±0.05 wt% (1 sigma) and the
 * detection limit is about 0.005 wt% (0.034 wt% for Hg under pure gold), in line with handheld units (±0.1-0.5 % quoted for Au).</li>
 * <li>Surface only: it measures {@link XrfSample}, what the beam meets; {@link XrfItem#spot} turns an item with a
 * plating into that, spot by spot.</li>
 * <li>Interferences: W Lβ1 (9.67 keV) sits on Au Lα (9.71 keV). In {@link #PRECIOUS_METALS} mode the fit has no W
 * line to put those counts on, so most of the tungsten is reported as gold and some as platinum (a 90 % W ingot
 * "showed high Au and Pt"). Hg Lα (9.99 keV) sits next to Au: gold's counts raise mercury's background, so its
 * detection limit and uncertainty grow with the gold content.</li>
 * <li>Shot-to-shot variation between spots ({@link XrfSample#spotHeterogeneityPercent()}), calibration bias and
 * drift that grows by a fixed amount per test.</li>
 * </ul>
 * Results are normalised to 100 % as fundamental-parameter software does, and reported with k = 2.
 */
public final class SimulatedXrfAnalyzer {

    /** Elements the precious-metals mode reports, whether present or not. */
    public static final List<String> PANEL = List.of("Au", "Ag", "Cu", "Zn", "Ni", "Pd", "Pt", "Ir", "Rh", "Fe",
            "Pb", "Hg", "W", "Sn", "Cd");
    public static final String PRECIOUS_METALS = "PreciousMetals";
    /** An alloy mode with a full element list: tungsten is fitted as tungsten. */
    public static final String ALLOY = "Alloy";

    private static final double SENSITIVITY = 4000; // K in the formula above, per wt% per second
    private static final double BACKGROUND_PERCENT = 0.1;
    private static final double COVERAGE = 2.0;
    /** Share of tungsten reported as gold and as platinum in precious-metals mode; the rest stays W. */
    static final double W_AS_AU = 0.62;
    static final double W_AS_PT = 0.30;
    /** Extra background under Hg per wt% of Au (the Au L lines' tail). */
    static final double HG_BACKGROUND_PER_AU = 0.05;

    private static final List<Grade> GRADES = List.of(new Grade("24K Gold", "Au", 99.9), new Grade("22K Gold", "Au", 91.6),
            new Grade("18K Gold", "Au", 75.0), new Grade("14K Gold", "Au", 58.5), new Grade("9K Gold", "Au", 37.5),
            new Grade("Fine Silver", "Ag", 99.9), new Grade("Sterling Silver 925", "Ag", 92.5),
            new Grade("Platinum 950", "Pt", 95.0), new Grade("Brass", "Cu", 65.0), new Grade("Tungsten", "W", 90.0));

    private record Grade(String name, String element, double percent) {
    }

    private final String deviceId;
    private final Random random;
    private final Clock clock;
    private final Map<String, Double> biasPercent = new LinkedHashMap<>();
    private final Map<String, Double> driftPercentPerTest = new LinkedHashMap<>();
    private String mode = PRECIOUS_METALS;
    private String model = "Simulated XRF";
    private String serial = "SIM-XRF-0001";
    private String operator;
    private long testNumber;

    public SimulatedXrfAnalyzer(String deviceId, Random random, Clock clock) {
        this.deviceId = deviceId;
        this.random = random;
        this.clock = clock;
    }

    /** A calibration error: this element reads {@code percent} too high (negative: too low). */
    public synchronized void setBias(String element, double percent) {
        biasPercent.put(element, percent);
    }

    /** Instrument drift: the element's bias grows by this much with every test. */
    public synchronized void setDrift(String element, double percentPerTest) {
        driftPercentPerTest.put(element, percentPerTest);
    }

    /** {@link #PRECIOUS_METALS} (W interferes) or {@link #ALLOY}. */
    public synchronized void setMode(String newMode) {
        this.mode = newMode;
    }

    public synchronized void setIdentity(String newModel, String newSerial, String newOperator) {
        this.model = newModel;
        this.serial = newSerial;
        this.operator = newOperator;
    }

    public synchronized String mode() {
        return mode;
    }

    public synchronized String model() {
        return model;
    }

    public synchronized String serial() {
        return serial;
    }

    /** One test of {@code seconds} on a random spot of the item. */
    public synchronized XrfReading shoot(XrfItem item, double seconds, String sampleLabel) {
        return shoot(item.spot(random), seconds, sampleLabel);
    }

    /** One test of {@code seconds} on a spot of the sample, labelled with the item it was taken on. */
    public synchronized XrfReading shoot(XrfSample sample, double seconds, String sampleLabel) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be > 0, was: " + seconds);
        }
        testNumber++;
        Map<String, Double> surface = new LinkedHashMap<>(sample.surfacePercent());
        String main = surface.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        if (sample.spotHeterogeneityPercent() > 0) {
            surface.put(main, Math.max(0, surface.get(main) + random.nextGaussian() * sample.spotHeterogeneityPercent()));
        }
        if (PRECIOUS_METALS.equals(mode)) {
            double w = surface.getOrDefault("W", 0.0);
            if (w > 0) {
                surface.merge("Au", w * W_AS_AU, Double::sum);
                surface.merge("Pt", w * W_AS_PT, Double::sum);
                surface.put("W", w * (1 - W_AS_AU - W_AS_PT));
            }
        }
        double gold = surface.getOrDefault("Au", 0.0);
        Set<String> elements = new LinkedHashSet<>(PANEL);
        elements.addAll(surface.keySet());
        Map<String, Double> measured = new LinkedHashMap<>();
        double sum = 0;
        for (String el : elements) {
            double c = surface.getOrDefault(el, 0.0);
            double bias = biasPercent.getOrDefault(el, 0.0) + driftPercentPerTest.getOrDefault(el, 0.0) * testNumber;
            double value = c + bias + random.nextGaussian() * sigma(c, seconds, background(el, gold));
            measured.put(el, value);
            sum += Math.max(0, value);
        }
        List<ElementResult> results = new ArrayList<>();
        for (Map.Entry<String, Double> m : measured.entrySet()) {
            double value = Math.max(0, m.getValue()) * 100.0 / sum;
            double background = background(m.getKey(), gold);
            double lod = 3 * sigma(0, seconds, background);
            if (value < lod) {
                results.add(ElementResult.belowDetection(m.getKey(), lod));
            } else {
                results.add(ElementResult.detected(m.getKey(), value,
                        COVERAGE * sigma(value, seconds, background), COVERAGE));
            }
        }
        Instant now = clock.instant();
        return new XrfReading(deviceId, Long.toString(testNumber), mode, sampleLabel, seconds, now, results, "",
                model, serial, now.minus(Duration.ofMillis(Math.round(seconds * 1000))), operator, sampleLabel,
                gradeMatches(results));
    }

    private static double background(String element, double goldPercent) {
        return element.equals("Hg") ? BACKGROUND_PERCENT + HG_BACKGROUND_PER_AU * goldPercent : BACKGROUND_PERCENT;
    }

    /** The library's two nearest grades, by the main element; quality is the distance in wt% (lower is closer). */
    private static List<GradeMatch> gradeMatches(List<ElementResult> results) {
        ElementResult main = results.stream().filter(r -> !r.belowDetection())
                .max(Comparator.comparingDouble(ElementResult::percent)).orElse(null);
        if (main == null) {
            return List.of();
        }
        return GRADES.stream().filter(g -> g.element().equals(main.element()))
                .sorted(Comparator.comparingDouble(g -> Math.abs(g.percent() - main.percent())))
                .limit(2)
                .map(g -> new GradeMatch(g.name(), Math.round(Math.abs(g.percent() - main.percent()) * 10) / 10.0))
                .toList();
    }

    /** Counting standard deviation in wt% of an element at {@code percent}, measured {@code seconds}. */
    public static double sigma(double percent, double seconds) {
        return sigma(percent, seconds, BACKGROUND_PERCENT);
    }

    private static double sigma(double percent, double seconds, double background) {
        return Math.sqrt((percent + background) / (SENSITIVITY * seconds));
    }

    public String deviceId() {
        return deviceId;
    }
}
