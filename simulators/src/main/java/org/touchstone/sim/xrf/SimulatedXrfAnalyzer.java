package org.touchstone.sim.xrf;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * A handheld XRF analyzer in precious-metals mode, honest about counting statistics: the physics, no I/O.
 *
 * <p>Counts for an element grow with its concentration and the measuring time, so its counting standard
 * deviation is {@code sqrt((c + b) / (K t))} wt%, with a background b that sets the detection limit
 * (3 sigma at c = 0). With the defaults, 99.99 % gold measured 10 s reads ±0.05 wt% (1 sigma) and the detection
 * limit is about 0.005 wt%, in line with handheld units (±0.1-0.5 % quoted for Au). Results are normalised to
 * 100 % as fundamental-parameter software does, and reported with k = 2.
 */
public final class SimulatedXrfAnalyzer {

    /** Elements the precious-metals mode reports, whether present or not. */
    public static final List<String> PANEL = List.of("Au", "Ag", "Cu", "Zn", "Ni", "Pd", "Pt", "Ir", "Rh", "Fe",
            "Pb", "Hg", "W", "Sn", "Cd");

    private static final double SENSITIVITY = 4000; // K in the formula above, per wt% per second
    private static final double BACKGROUND_PERCENT = 0.1;
    private static final double COVERAGE = 2.0;

    private final String deviceId;
    private final Random random;
    private final Clock clock;
    private final Map<String, Double> biasPercent = new LinkedHashMap<>();
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

    /** One test of {@code seconds} on a spot of the sample, labelled with the item it was taken on. */
    public synchronized XrfReading shoot(XrfSample sample, double seconds, String sampleLabel) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be > 0, was: " + seconds);
        }
        Set<String> elements = new LinkedHashSet<>(PANEL);
        elements.addAll(sample.surfacePercent().keySet());
        String main = sample.surfacePercent().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Map<String, Double> measured = new LinkedHashMap<>();
        double sum = 0;
        for (String el : elements) {
            double c = sample.surfacePercent().getOrDefault(el, 0.0);
            if (el.equals(main) && sample.spotHeterogeneityPercent() > 0) {
                c = Math.max(0, c + random.nextGaussian() * sample.spotHeterogeneityPercent());
            }
            double value = c + biasPercent.getOrDefault(el, 0.0) + random.nextGaussian() * sigma(c, seconds);
            measured.put(el, value);
            sum += Math.max(0, value);
        }
        List<ElementResult> results = new ArrayList<>();
        for (Map.Entry<String, Double> m : measured.entrySet()) {
            double value = Math.max(0, m.getValue()) * 100.0 / sum;
            double lod = 3 * sigma(0, seconds);
            if (value < lod) {
                results.add(ElementResult.belowDetection(m.getKey(), lod));
            } else {
                results.add(ElementResult.detected(m.getKey(), value, COVERAGE * sigma(value, seconds), COVERAGE));
            }
        }
        testNumber++;
        return new XrfReading(deviceId, Long.toString(testNumber), "PreciousMetals", sampleLabel, seconds,
                clock.instant(), results, "");
    }

    /** Counting standard deviation in wt% of an element at {@code percent}, measured {@code seconds}. */
    public static double sigma(double percent, double seconds) {
        return Math.sqrt((percent + BACKGROUND_PERCENT) / (SENSITIVITY * seconds));
    }

    public String deviceId() {
        return deviceId;
    }
}
