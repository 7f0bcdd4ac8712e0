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

    /** Typical densities of base alloys a declaration names (engineering handbooks; brass 8.4-8.7, bronze 8.7-8.9). */
    static final Map<String, Double> BASE_ALLOYS = Map.of("CuZn", 8.5, "CuSn", 8.8, "CuNi", 8.9, "CuZnNi", 8.7,
            "FeCr", 7.9, "FeCrNi", 8.0, "ZnAl", 6.6, "PbSn", 8.9);

    /**
     * The density the declared body should have: a precious metal at its declared fineness (the rest silver and
     * copper for gold, copper for silver, ruthenium for the platinum group), a named base alloy, or NaN.
     */
    static double declaredBody(org.touchstone.agent.declaration.DeclaredItem item) {
        if (item.metal() != null) {
            double w = item.finenessMille().doubleValue() / 1000;
            String main = item.metal().symbol();
            double rest = 1 - w;
            double v = w / OF.getOrDefault(main, 15.0);
            v += switch (item.metal()) {
                case AU -> rest / 2 / OF.get("Ag") + rest / 2 / OF.get("Cu");
                case AG -> rest / OF.get("Cu");
                default -> rest / OF.get("Ru");
            };
            return 1 / v;
        }
        if (item.baseAlloy() == null) {
            return Double.NaN;
        }
        Double known = BASE_ALLOYS.get(item.baseAlloy());
        if (known != null) {
            return known;
        }
        java.util.List<String> els = org.touchstone.agent.declaration.BaseAlloys.elements(item.baseAlloy());
        double v = 0;
        for (String e : els) {
            Double rho = OF.get(e);
            if (rho == null) {
                return Double.NaN;
            }
            v += 1.0 / els.size() / rho;
        }
        return 1 / v;
    }

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
