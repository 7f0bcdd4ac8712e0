package org.touchstone.sim.xrf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thing to put under the simulated analyzer, read from {@code scenarios.json} beside this class: what the
 * item truly is, how the instrument misbehaves (drift), and what a reading of it should show (the check the
 * scenario tests make after, say, ten shots).
 *
 * @param driftPercentPerTest element to drift per test, set on the analyzer by {@link #applyTo}
 * @param expect              the element and the range its mean reading should fall in
 */
public record XrfScenario(String name, String description, XrfItem item, Map<String, Double> driftPercentPerTest,
                          Expectation expect) {

    /** The mean of the element's readings should lie in [min, max] wt% (0..0: not detected at all). */
    public record Expectation(String element, double minPercent, double maxPercent) {
    }

    public static final String RESOURCE = "scenarios.json";

    /** Sets the scenario's drift on an analyzer. */
    public void applyTo(SimulatedXrfAnalyzer analyzer) {
        driftPercentPerTest.forEach(analyzer::setDrift);
    }

    public static List<XrfScenario> all() {
        try (InputStream in = XrfScenario.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the simulators jar");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<XrfScenario> list = new ArrayList<>();
            for (JsonNode s : root.path("scenarios")) {
                XrfItem.Layer layer = null;
                if (s.has("layer")) {
                    JsonNode l = s.get("layer");
                    layer = new XrfItem.Layer(map(l.get("composition")), l.path("thicknessMicrometres").asDouble(),
                            l.path("thicknessSdMicrometres").asDouble(0));
                }
                JsonNode e = s.path("expect");
                list.add(new XrfScenario(s.path("name").asText(), s.path("description").asText(),
                        new XrfItem(map(s.get("bulk")), layer, s.path("spotHeterogeneityPercent").asDouble(0)),
                        map(s.get("driftPercentPerTest")),
                        new Expectation(e.path("element").asText(), e.path("minPercent").asDouble(),
                                e.path("maxPercent").asDouble())));
            }
            return List.copyOf(list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public static XrfScenario named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no XRF scenario '" + name + "'; known: "
                        + all().stream().map(XrfScenario::name).toList()));
    }

    private static Map<String, Double> map(JsonNode n) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (n != null) {
            n.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asDouble()));
        }
        return m;
    }
}
