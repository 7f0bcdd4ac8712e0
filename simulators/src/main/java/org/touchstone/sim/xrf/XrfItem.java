package org.touchstone.sim.xrf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What an item really is, for the simulated analyzer: its bulk composition and, optionally, a surface layer
 * (plating, cladding, paint). XRF sees only the first few µm, so whether the layer or the bulk shows depends on
 * the layer's thickness against its information depth: the layer's share of the signal is
 * {@code 1 - exp(-thickness / depth)}, with a depth of {@value #GOLD_INFORMATION_DEPTH_UM} µm for gold, scaled
 * by density for other layers (lighter layers let the beam see deeper).
 *
 * @param bulk                     element to wt% of the body (normalised)
 * @param layer                    the surface layer, or null
 * @param spotHeterogeneityPercent standard deviation between spots of the main element, wt%
 */
public record XrfItem(Map<String, Double> bulk, Layer layer, double spotHeterogeneityPercent) {

    /** Information depth in dense gold (domain fact sheet 3.1: a few µm for gold). */
    public static final double GOLD_INFORMATION_DEPTH_UM = 2.0;
    private static final double GOLD_DENSITY = 19.32;
    private static final Map<String, Double> DENSITY = Map.ofEntries(Map.entry("Au", 19.32), Map.entry("W", 19.25),
            Map.entry("Pt", 21.45), Map.entry("Pd", 12.02), Map.entry("Ir", 22.56), Map.entry("Rh", 12.41),
            Map.entry("Ag", 10.49), Map.entry("Cu", 8.96), Map.entry("Zn", 7.14), Map.entry("Ni", 8.91),
            Map.entry("Fe", 7.87), Map.entry("Sn", 7.29), Map.entry("Pb", 11.34), Map.entry("Hg", 13.53),
            Map.entry("Cd", 8.65), Map.entry("Ti", 4.51), Map.entry("Al", 2.70), Map.entry("Si", 2.33),
            Map.entry("C", 1.2), Map.entry("O", 1.2));

    /**
     * A surface layer.
     *
     * @param composition          element to wt% (normalised); organic binders may be written as C
     * @param thicknessMicrometres mean thickness
     * @param thicknessSdMicrometres standard deviation of the thickness between spots
     */
    public record Layer(Map<String, Double> composition, double thicknessMicrometres, double thicknessSdMicrometres) {
        public Layer {
            composition = normalised(composition, "layer.composition");
            if (!(thicknessMicrometres >= 0) || !(thicknessSdMicrometres >= 0)) {
                throw new IllegalArgumentException("layer thickness and its spread must be >= 0 µm, were: "
                        + thicknessMicrometres + ", " + thicknessSdMicrometres);
            }
        }

        /** How deep the beam reads in this layer. */
        public double informationDepthMicrometres() {
            double inverse = 0;
            for (Map.Entry<String, Double> e : composition.entrySet()) {
                inverse += e.getValue() / 100.0 / DENSITY.getOrDefault(e.getKey(), 8.0);
            }
            return GOLD_INFORMATION_DEPTH_UM * GOLD_DENSITY * inverse;
        }
    }

    public XrfItem {
        bulk = normalised(bulk, "bulk");
        if (!Double.isFinite(spotHeterogeneityPercent) || spotHeterogeneityPercent < 0) {
            throw new IllegalArgumentException("spotHeterogeneityPercent must be >= 0, was: " + spotHeterogeneityPercent);
        }
    }

    public static XrfItem homogeneous(Map<String, Double> bulk) {
        return new XrfItem(bulk, null, 0);
    }

    /** The share of the signal that comes from the layer at this thickness (0 without a layer). */
    public double layerSignalShare(double thicknessMicrometres) {
        if (layer == null) {
            return 0;
        }
        return 1 - Math.exp(-Math.max(0, thicknessMicrometres) / layer.informationDepthMicrometres());
    }

    /** What the beam meets on one spot: layer and bulk mixed by the layer's share at this spot's thickness. */
    public XrfSample spot(Random random) {
        double share = 0;
        if (layer != null) {
            double t = layer.thicknessMicrometres() + random.nextGaussian() * layer.thicknessSdMicrometres();
            share = layerSignalShare(t);
        }
        Map<String, Double> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : bulk.entrySet()) {
            seen.merge(e.getKey(), e.getValue() * (1 - share), Double::sum);
        }
        if (layer != null) {
            for (Map.Entry<String, Double> e : layer.composition().entrySet()) {
                seen.merge(e.getKey(), e.getValue() * share, Double::sum);
            }
        }
        seen.remove("C"); // binders and other light elements give no line a handheld analyzer reports
        seen.remove("O");
        seen.values().removeIf(v -> v <= 0);
        return new XrfSample(seen, spotHeterogeneityPercent);
    }

    private static Map<String, Double> normalised(Map<String, Double> m, String field) {
        if (m == null || m.isEmpty()) {
            throw new IllegalArgumentException(field + " must name at least one element");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : m.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException(field + "." + e.getKey() + " must be >= 0, was: " + e.getValue());
            }
            sum += e.getValue();
        }
        if (sum <= 0) {
            throw new IllegalArgumentException(field + " must add up to more than 0");
        }
        Map<String, Double> n = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : m.entrySet()) {
            n.put(e.getKey(), e.getValue() * 100.0 / sum);
        }
        return Collections.unmodifiableMap(n);
    }
}
