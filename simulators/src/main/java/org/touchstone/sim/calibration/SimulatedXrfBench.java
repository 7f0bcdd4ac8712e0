package org.touchstone.sim.calibration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.touchstone.agent.calibration.CertifiedValue;
import org.touchstone.agent.calibration.CheckStandard;
import org.touchstone.agent.calibration.XrfBench;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.sim.xrf.SimulatedXrfAnalyzer;
import org.touchstone.sim.xrf.XrfSample;

/**
 * A technician's hands on a simulated XRF analyzer: each CRM is shot as a homogeneous sample of its certified
 * composition; what comes back is whatever the analyzer (with its bias or drift) reports.
 */
public final class SimulatedXrfBench implements XrfBench {

    private final SimulatedXrfAnalyzer analyzer;
    private final double seconds;
    private final Consumer<String> say;
    private final Function<XrfReading, XrfReading> deliver;

    /**
     * @param seconds measuring time per shot
     * @param deliver what happens to a result before the procedure reads it (the demo publishes it over MQTT)
     */
    public SimulatedXrfBench(SimulatedXrfAnalyzer analyzer, double seconds, Consumer<String> say,
                             Function<XrfReading, XrfReading> deliver) {
        this.analyzer = analyzer;
        this.seconds = seconds;
        this.say = say;
        this.deliver = deliver;
    }

    public SimulatedXrfBench(SimulatedXrfAnalyzer analyzer) {
        this(analyzer, 30, s -> { }, r -> r);
    }

    @Override
    public XrfReading measure(CheckStandard standard, int shot, int shots) {
        say.accept("place " + standard.id() + " (" + standard.description() + ") on the window and start test "
                + shot + " of " + shots);
        Map<String, Double> surface = new LinkedHashMap<>();
        for (Map.Entry<String, CertifiedValue> e : standard.elements().entrySet()) {
            surface.put(e.getKey(), e.getValue().percent());
        }
        return deliver.apply(analyzer.shoot(new XrfSample(surface, 0), seconds, standard.id()));
    }
}
