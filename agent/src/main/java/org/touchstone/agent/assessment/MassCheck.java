package org.touchstone.agent.assessment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.ItemForm;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * Compares measured with declared net mass. The allowed deviation is what an honest consignment can show:
 * <ul>
 *   <li>the post's scale: its in-service MPE (OIML R 76: twice the verification MPE) at each weighing's own
 *       load, averaged over the weighings (the mean's error is at most the mean of their errors);</li>
 *   <li>the declarant's own scale: the in-service MPE of the scale the declared figure was weighed on (see
 *       {@link AssessmentPolicy.DeclarantScale});</li>
 *   <li>the declared figure's rounding: half its last digit (capped at 0.1 % so a coarse "1 kg" cannot hide
 *       500 g), or for a good-delivery bar the LBMA convention, weights rounded DOWN to 0.025 ozt (silver
 *       0.1 ozt): the bar may weigh up to that much more, never less;</li>
 *   <li>the configured tolerance.</li>
 * </ul>
 * A reading above Max + 9 e is an overload no scale may show: it is refused, never averaged. Weighings of one
 * item that disagree beyond what their scales explain are not averaged into a false finding: the largest group
 * that agrees is used when it is a majority, the others set aside; without a majority, {@link #compare} says so
 * and the item must be weighed again.
 */
public final class MassCheck {

    private static final double MAX_ROUNDING_FRACTION = 0.001;
    private static final Set<ItemForm> REFINED = Set.of(ItemForm.BAR, ItemForm.COIN, ItemForm.GRAIN,
            ItemForm.JEWELLERY, ItemForm.SEMI_MANUFACTURED, ItemForm.POWDER);
    private static final BigDecimal LBMA_GOLD_OZT = new BigDecimal("0.025");
    private static final BigDecimal LBMA_SILVER_OZT = new BigDecimal("0.1");

    private final AssessmentPolicy policy;

    public MassCheck(AssessmentPolicy policy) {
        this.policy = policy;
    }

    /** The outcome: a comparison, or weighings that disagree with no majority (then {@code disagreeing}). */
    public record Outcome(Optional<MassResult> result, List<Weighing> disagreeing, List<Weighing> overloads) {
    }

    public Optional<MassResult> compare(DeclaredItem item, List<Weighing> weighings) {
        return assess(item, weighings).result();
    }

    public Outcome assess(DeclaredItem item, List<Weighing> weighings) {
        List<Weighing> overloads = new ArrayList<>();
        List<Weighing> valid = new ArrayList<>();
        for (Weighing w : weighings) {
            (w.metrology().overload(w.grams()) ? overloads : valid).add(w);
        }
        if (valid.isEmpty()) {
            return new Outcome(Optional.empty(), List.of(), overloads);
        }
        List<Weighing> used = agreeing(valid);
        if (used.size() * 2 <= valid.size() && valid.size() > 1) {
            return new Outcome(Optional.empty(), valid, overloads);
        }
        List<String> setAside = valid.stream().filter(w -> !used.contains(w))
                .map(w -> w.reading().raw().trim()).toList();
        double declared = item.netMass().grams().doubleValue();
        double measured = used.stream().mapToDouble(Weighing::grams).average().orElseThrow();
        double mpe = used.stream().mapToDouble(w -> w.metrology().inServiceMpeGrams(w.grams())).average().orElseThrow();
        double declarant = declarantScaleMpe(item, declared);
        double half = Math.min(item.netMass().halfLastDigitGrams(), MAX_ROUNDING_FRACTION * declared);
        double roundingBelow = half;
        double roundingAbove = half;
        BigDecimal lbma = lbmaStepOzt(item);
        if (lbma != null) {
            // Rounded down: the bar weighs at least what is declared and less than one step more.
            roundingAbove = WeightUnit.OZT.toGrams(lbma).doubleValue() + (item.netMass().unit() == WeightUnit.OZT ? 0 : half);
            roundingBelow = item.netMass().unit() == WeightUnit.OZT ? 0 : half;
        }
        double tolerance = policy.massToleranceGrams().doubleValue()
                + policy.massTolerancePercent().doubleValue() / 100.0 * declared;
        return new Outcome(Optional.of(new MassResult(declared, measured, mpe + declarant + roundingBelow + tolerance,
                mpe + declarant + roundingAbove + tolerance, mpe, declarant, roundingBelow, roundingAbove, tolerance,
                used.stream().map(w -> w.reading().raw().trim()).toList(),
                used.stream().map(w -> w.reading().deviceId()).distinct().toList(), setAside,
                overloads.stream().map(w -> w.reading().raw().trim()).toList())), List.of(), overloads);
    }

    /** Two weighings agree when they differ by no more than both scales' in-service MPEs at their loads. */
    static boolean agree(Weighing a, Weighing b) {
        return Math.abs(a.grams() - b.grams()) <= a.metrology().inServiceMpeGrams(a.grams())
                + b.metrology().inServiceMpeGrams(b.grams()) + 1e-9;
    }

    /** The largest group of weighings that all agree with each other (the latest one on a tie). */
    static List<Weighing> agreeing(List<Weighing> ws) {
        List<Weighing> sorted = new ArrayList<>(ws);
        sorted.sort((a, b) -> Double.compare(a.grams(), b.grams()));
        List<Weighing> best = List.of();
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i; j < sorted.size(); j++) {
                List<Weighing> window = sorted.subList(i, j + 1);
                if (window.size() < best.size() || !allAgree(window)) {
                    continue;
                }
                Weighing latest = ws.get(ws.size() - 1);
                if (window.size() > best.size() || window.contains(latest) && !best.contains(latest)) {
                    best = List.copyOf(window);
                }
            }
        }
        return best;
    }

    private static boolean allAgree(List<Weighing> ws) {
        for (int i = 0; i < ws.size(); i++) {
            for (int j = i + 1; j < ws.size(); j++) {
                if (!agree(ws.get(i), ws.get(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The LBMA weight step of a good-delivery bar, or null (not good delivery, or no such convention). */
    static BigDecimal lbmaStepOzt(DeclaredItem item) {
        if (!item.marks().goodDelivery() || item.metal() == null) {
            return null;
        }
        return item.metal() == Metal.AU ? LBMA_GOLD_OZT : item.metal() == Metal.AG ? LBMA_SILVER_OZT : null;
    }

    /**
     * In-service MPE of the declarant's scale at the declared load. Its class is assumed by form; its e from the
     * declared figure's last digit d: OIML R 76-1 allows d ≤ e ≤ 10 d, and a class III scale's e is commonly 1, 2
     * or 5 of its last digit, so e is taken as 10 d on class II and 5 d on class III, never finer than the class
     * allows at that load (Max/e at most 100 000 for II, 10 000 for III) and never coarser than a trade scale for
     * metal has (1 g on class II, 10 g on class III: a coarse "1 kg" says nothing of the scale), rounded up to a
     * 1-2-5 value.
     */
    double declarantScaleMpe(DeclaredItem item, double declaredGrams) {
        AssessmentPolicy.DeclarantScale model = policy.declarantScale();
        if (!model.enabled()) {
            return 0;
        }
        AccuracyClass c = REFINED.contains(item.form()) ? model.refined() : model.unrefined();
        double d = 2 * item.netMass().halfLastDigitGrams();
        double digitsPerE = c == AccuracyClass.I || c == AccuracyClass.II ? 10 : 5;
        double nMax = c == AccuracyClass.I ? 1e6 : c == AccuracyClass.II ? 100_000 : c == AccuracyClass.III ? 10_000 : 1_000;
        double coarsest = c == AccuracyClass.I ? 0.01 : c == AccuracyClass.II ? 1 : 10;
        double e = oneTwoFive(Math.max(Math.min(digitsPerE * d, coarsest), declaredGrams / nMax));
        return 2 * c.initialMpeInE(declaredGrams / e) * e;
    }

    /** The smallest 1, 2 or 5 × 10^k at least {@code x}. */
    static double oneTwoFive(double x) {
        double decade = Math.pow(10, Math.floor(Math.log10(x)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * decade >= x * (1 - 1e-12)) {
                return m * decade;
            }
        }
        return 10 * decade;
    }
}
