package org.touchstone.agent.assessment;

import java.util.Map;

/** Densities of the pure elements at room temperature, g/cm³ (CRC Handbook values, rounded). */
final class Densities {
    private Densities() {
    }

    static final Map<String, Double> OF = Map.ofEntries(
            Map.entry("Au", 19.32), Map.entry("Ag", 10.49), Map.entry("Cu", 8.96), Map.entry("Zn", 7.14),
            Map.entry("Ni", 8.91), Map.entry("Pd", 12.02), Map.entry("Pt", 21.45), Map.entry("Ir", 22.56),
            Map.entry("Rh", 12.41), Map.entry("Ru", 12.37), Map.entry("Os", 22.59), Map.entry("Fe", 7.87),
            Map.entry("Pb", 11.34), Map.entry("Hg", 13.53), Map.entry("W", 19.25), Map.entry("Sn", 7.29),
            Map.entry("Cd", 8.65), Map.entry("Co", 8.90), Map.entry("Cr", 7.19), Map.entry("Ti", 4.51),
            Map.entry("Al", 2.70), Map.entry("Si", 2.33), Map.entry("Mn", 7.21), Map.entry("Bi", 9.78),
            Map.entry("Sb", 6.68), Map.entry("As", 5.73), Map.entry("Se", 4.81), Map.entry("Te", 6.24),
            Map.entry("In", 7.31), Map.entry("Ga", 5.91));

    /**
     * The density of an alloy of this composition if its elements mixed ideally (1/ρ = Σ wᵢ/ρᵢ), from the elements
     * whose density is known; NaN when none is.
     */
    static double ideal(Composition c) {
        double known = 0;
        double specificVolume = 0;
        for (ElementEstimate e : c.elements().values()) {
            Double rho = OF.get(e.element());
            if (rho != null && e.meanPercent() > 0) {
                known += e.meanPercent();
                specificVolume += e.meanPercent() / rho;
            }
        }
        return known == 0 ? Double.NaN : known / specificVolume;
    }
}
