package org.touchstone.sim.demo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.touchstone.sim.xrf.XrfSample;

/**
 * The truth behind the demo's declarations: what each item really weighs and is made of. The declarations in
 * {@code config/declarations/demo/} say what the declarant claims; the agent only ever sees the instruments.
 */
public record DemoScenario(List<Consignment> consignments) {

    /** One declaration file and the real items behind it. */
    public record Consignment(String declarationFile, String declarationId, String story, List<TrueItem> items) {
    }

    /** What an item really is. */
    public record TrueItem(String itemId, BigDecimal trueGrams, XrfSample surface, String truth) {
    }

    public static DemoScenario standard() {
        return new DemoScenario(List.of(
                new Consignment("DEMO-0001-honest.json", "DEMO-0001",
                        "honest: a 999.9 kilobar and twelve 18K chains, as declared",
                        List.of(
                                new TrueItem("1", new BigDecimal("1000.03"),
                                        XrfSample.homogeneous(Map.of("Au", 99.993, "Ag", 0.005, "Cu", 0.002)),
                                        "999.9 gold, 1000.03 g"),
                                new TrueItem("2", new BigDecimal("245.58"),
                                        XrfSample.homogeneous(Map.of("Au", 75.15, "Ag", 12.5, "Cu", 12.35)),
                                        "18K yellow gold (Au 75.15 %), 245.58 g"))),
                new Consignment("DEMO-0002-misdeclared.json", "DEMO-0002",
                        "misdeclared: the 'fine' bar is 22K, and the grain weighs far more than declared",
                        List.of(
                                new TrueItem("1", new BigDecimal("1000.01"),
                                        XrfSample.homogeneous(Map.of("Au", 91.70, "Ag", 4.20, "Cu", 4.10)),
                                        "22K gold (Au 91.70 %) declared as 999.9, 1000.01 g"),
                                new TrueItem("2", new BigDecimal("612.40"),
                                        XrfSample.homogeneous(Map.of("Au", 99.55, "Ag", 0.40, "Cu", 0.05)),
                                        "995 gold grain, 612.40 g declared as 500.0 g")))));
    }
}
