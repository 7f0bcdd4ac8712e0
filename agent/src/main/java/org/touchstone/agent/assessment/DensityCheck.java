package org.touchstone.agent.assessment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.touchstone.agent.inspection.Weighing;

/**
 * Compares the density from a hydrostatic weighing (in air and in water: ρ = ρw · mAir / (mAir − mWater)) with the
 * density the measured surface alloy should have. XRF sees the surface; density sees the whole item, so the two
 * disagreeing means the inside is not what the surface shows. Gold (19.32 g/cm³) and tungsten (19.25) cannot be
 * told apart this way, and the verdict says so.
 *
 * <p>The declared construction decides what density is expected. A solid item: that of its surface alloy. A
 * plated one: that of its substrate (the surface without the plating, or the declared body when the plating hides
 * it), the plating itself being too thin to weigh. A filled or clad one: its substrate, with room for a cladding
 * of up to about a tenth of its mass. A hollow or stone-set piece has no density of its alloy, and is not judged.
 */
final class DensityCheck {

    /** The outcome: a finding, or a note on what the agreement does not prove. */
    record Outcome(Optional<Finding> finding, Optional<String> note, Map<String, Object> evidence) {
    }

    private DensityCheck() {
    }

    /** Extra allowance, % of the expected density, for a cladding of up to ~10 % of the mass (gold-filled 1/20). */
    static final double CLAD_ALLOWANCE_PERCENT = 8.0;
    /** Extra allowance for a plating's own mass and the substrate figure's distortion. */
    static final double PLATED_ALLOWANCE_PERCENT = 2.0;
    /** Extra allowance for a doré or scrap lot, whose surface alloy differs from its bulk. */
    static final double LOT_ALLOWANCE_PERCENT = 5.0;
    /** Forms that are cast, and may hold gas: not coins, wrought semi-manufactures or powder. */
    static final java.util.Set<org.touchstone.agent.declaration.ItemForm> CAST = java.util.EnumSet.of(
            org.touchstone.agent.declaration.ItemForm.BAR, org.touchstone.agent.declaration.ItemForm.DORE,
            org.touchstone.agent.declaration.ItemForm.GRAIN, org.touchstone.agent.declaration.ItemForm.SCRAP,
            org.touchstone.agent.declaration.ItemForm.JEWELLERY, org.touchstone.agent.declaration.ItemForm.OTHER);

    static Optional<Outcome> check(ItemFacts f) {
        if (f.air().isEmpty() || f.water().isEmpty() || f.composition() == null) {
            return Optional.empty();
        }
        var kind = f.item().construction().kind();
        if (kind == org.touchstone.agent.declaration.Construction.Kind.HOLLOW
                || kind == org.touchstone.agent.declaration.Construction.Kind.STONE_SET) {
            return Optional.of(new Outcome(Optional.empty(), Optional.of("Item " + f.item().itemId() + ": density not"
                    + " assessed, the piece is declared " + kind.text() + " (its volume is not its alloy's)."), Map.of()));
        }
        double rhoWater = f.policy().waterDensity();
        double mAir = mean(f.air());
        double mWater = mean(f.water());
        if (!(mWater > 0) || mWater >= mAir) {
            return Optional.of(new Outcome(Optional.empty(), Optional.of("Item " + f.item().itemId()
                    + ": the weighing in water (" + grams(mWater) + " g) is not below the weighing in air ("
                    + grams(mAir) + " g); density not assessed."), Map.of()));
        }
        double lost = mAir - mWater;
        double rho = rhoWater * mAir / lost;
        // The scales' errors as rectangular distributions (MPE / √3), propagated to the density.
        double uAir = maxMpe(f.air(), mAir) / Math.sqrt(3);
        double uWater = maxMpe(f.water(), mWater) / Math.sqrt(3);
        double dAir = rhoWater * -mWater / (lost * lost);
        double dWater = rhoWater * mAir / (lost * lost);
        double uRho = Math.sqrt(dAir * dAir * uAir * uAir + dWater * dWater * uWater * uWater);
        Composition basis = f.composition();
        String against = "surface alloy";
        double extra = 0;
        double expected;
        if (kind.layered()) {
            Composition substrate = f.composition().withoutLayer(f.item().construction().layer());
            against = "declared substrate";
            extra = kind == org.touchstone.agent.declaration.Construction.Kind.PLATED ? PLATED_ALLOWANCE_PERCENT
                    : CLAD_ALLOWANCE_PERCENT;
            if (substrate.substrateSignalPercent() >= FinenessCheck.MIN_SUBSTRATE_SIGNAL_PERCENT) {
                basis = substrate;
                expected = Densities.ideal(substrate);
            } else {
                expected = Densities.declaredBody(f.item());
            }
        } else {
            expected = Densities.ideal(basis);
        }
        if (FinenessCheck.LOTS.contains(f.item().form())) {
            // A lot's surface is not its bulk: a few wt% of gold for silver moves the density ~1 % per 1.5 wt%.
            extra += LOT_ALLOWANCE_PERCENT;
        }
        double k = org.touchstone.agent.metrology.OneSidedQuantile.normal(f.policy().confidence());
        double allowed = k * uRho + (f.policy().densityTolerancePercent() + extra) / 100.0 * expected;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("massInAirGrams", mAir);
        evidence.put("massInWaterGrams", mWater);
        evidence.put("waterDensity", rhoWater);
        evidence.put("measuredDensity", rho);
        evidence.put("measuredDensityUncertainty", uRho);
        evidence.put("expectedDensity", expected);
        evidence.put("allowedDeviation", allowed);
        evidence.put("surfaceComposition", f.composition().summary());
        evidence.put("comparedWith", against);
        String item = f.item().itemId();
        if (Double.isNaN(expected)) {
            return Optional.of(new Outcome(Optional.empty(), Optional.of("Item " + item
                    + ": no density known for the measured elements; density not assessed."), evidence));
        }
        // Gas trapped in a casting makes it lighter in water, never heavier: a one-sided allowance.
        double porosity = CAST.contains(f.item().form()) ? f.policy().castingPorosityPercent() / 100.0 * expected : 0;
        evidence.put("porosityAllowance", porosity);
        if (rho > expected + allowed || rho < expected - allowed - porosity) {
            String inside = rho < expected
                    ? "lighter inside than its surface: a core of silver (10.5 g/cm³), copper (9.0) or lead (11.3) would do this"
                    : "heavier inside than its surface alloy";
            return Optional.of(new Outcome(Optional.of(f.finding(FindingCode.DENSITY_MISMATCH, Text.format(
                    "Item %s has a density of %.2f g/cm³ (± %.2f) from weighing in air and in water, but its %s"
                            + " (%s) should be %.2f g/cm³: the item is %s.",
                    item, rho, uRho, against, basis.summary(), expected, inside), evidence)), Optional.empty(), evidence));
        }
        boolean goldLike = Math.abs(expected - Densities.OF.get("W")) / expected < 0.02;
        return Optional.of(new Outcome(Optional.empty(), Optional.of(Text.format(
                "Item %s: density %.2f g/cm³ agrees with the surface alloy (%.2f)%s", item, rho, expected,
                goldLike ? "; tungsten (19.25) is as dense as gold (19.32), so density cannot exclude a tungsten core."
                        : ".")), evidence));
    }

    private static double mean(List<Weighing> ws) {
        return ws.stream().mapToDouble(Weighing::grams).average().orElse(Double.NaN);
    }

    private static double maxMpe(List<Weighing> ws, double load) {
        return ws.stream().mapToDouble(w -> w.metrology().inServiceMpeGrams(load)).max().orElse(0);
    }

    private static String grams(double g) {
        return Text.format("%.2f", g);
    }
}
