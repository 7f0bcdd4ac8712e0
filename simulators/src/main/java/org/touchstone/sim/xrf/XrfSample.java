package org.touchstone.sim.xrf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the analyzer's beam meets: the composition of the item's surface (the first few µm), in wt%, and how much
 * it varies from spot to spot. XRF never sees deeper, so a plated item is described by its plating here.
 *
 * @param surfacePercent         element symbol to wt%; normalised to 100 if it does not add up
 * @param spotHeterogeneityPercent standard deviation of the main element between spots, in wt% (0 for a homogeneous item)
 */
public record XrfSample(Map<String, Double> surfacePercent, double spotHeterogeneityPercent) {

    public XrfSample {
        if (surfacePercent == null || surfacePercent.isEmpty()) {
            throw new IllegalArgumentException("surfacePercent must name at least one element");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : surfacePercent.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("surfacePercent." + e.getKey() + " must be >= 0, was: " + e.getValue());
            }
            sum += e.getValue();
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("surfacePercent must add up to more than 0");
        }
        Map<String, Double> normalised = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : surfacePercent.entrySet()) {
            normalised.put(e.getKey(), e.getValue() * 100.0 / sum);
        }
        surfacePercent = Collections.unmodifiableMap(normalised);
        if (!Double.isFinite(spotHeterogeneityPercent) || spotHeterogeneityPercent < 0) {
            throw new IllegalArgumentException("spotHeterogeneityPercent must be >= 0, was: " + spotHeterogeneityPercent);
        }
    }

    public static XrfSample homogeneous(Map<String, Double> percent) {
        return new XrfSample(percent, 0);
    }
}
