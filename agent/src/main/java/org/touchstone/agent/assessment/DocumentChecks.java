package org.touchstone.agent.assessment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.ItemForm;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * Findings the declaration shows on its own, or with the measured mass: the form against the heading, good-delivery
 * bar specifications (LBMA, LPPM) and the declared value against a reference price. They can be raised before
 * anything is measured.
 */
final class DocumentChecks {

    private static final double GRAMS_PER_OZT = WeightUnit.OZT.gramsPerUnit().doubleValue();
    private static final Set<ItemForm> UNREFINED = Set.of(ItemForm.DORE, ItemForm.SCRAP, ItemForm.CONCENTRATE,
            ItemForm.POWDER);

    private DocumentChecks() {
    }

    /** Form against heading, as an HS_CLASS_MISMATCH; merged with the measured class by the caller. */
    static Optional<Finding> form(ItemFacts f) {
        List<String> problems = HsRules.formProblems(f.item());
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("declaredHsCode", f.item().hsCode());
        evidence.put("declaredForm", f.item().form().text());
        evidence.put("problems", problems);
        return Optional.of(f.finding(FindingCode.HS_CLASS_MISMATCH, "Item " + f.item().itemId() + " is "
                + String.join("; ", problems) + ".", evidence));
    }

    /** Good-delivery limits (docs/domain.md 2.3): fine weight or weight, minimum fineness and marks. */
    static Optional<Finding> barSpec(ItemFacts f) {
        DeclaredItem item = f.item();
        if (!item.marks().goodDelivery()) {
            return Optional.empty();
        }
        if (item.metal() == null) {
            return Optional.of(f.finding(FindingCode.BAR_SPEC_MISMATCH, "Item " + item.itemId() + " is declared as a"
                    + " good-delivery bar, but no precious metal is declared.", Map.of("problems",
                    List.of("no precious metal declared"))));
        }
        List<String> problems = new ArrayList<>();
        double fineness = item.finenessMille().doubleValue();
        double declaredGrams = item.netMass().grams().doubleValue();
        Double measuredGrams = f.mass() == null ? null : f.mass().measuredGrams();
        switch (item.metal()) {
            case AU -> {
                if (fineness < 995.0) {
                    problems.add(Text.format("fineness %.1f ‰ is below the LBMA minimum of 995.0", fineness));
                }
                checkRange(problems, "fine gold", declaredGrams * fineness / 1000 / GRAMS_PER_OZT,
                        measuredGrams == null ? null : measuredGrams * fineness / 1000 / GRAMS_PER_OZT, 350, 430, "ozt");
            }
            case AG -> {
                if (fineness < 999.0) {
                    problems.add(Text.format("fineness %.1f ‰ is below the LBMA minimum of 999.0", fineness));
                }
                checkRange(problems, "weight", declaredGrams / GRAMS_PER_OZT,
                        measuredGrams == null ? null : measuredGrams / GRAMS_PER_OZT, 500, 1250, "ozt");
            }
            case PT, PD -> {
                if (fineness < 999.5) {
                    problems.add(Text.format("fineness %.1f ‰ is below the LPPM minimum of 999.5", fineness));
                }
                checkRange(problems, "weight", declaredGrams, measuredGrams, 1000, 6000, "g");
            }
            default -> problems.add("there is no good-delivery standard for " + item.metal().displayName());
        }
        if (item.marks().serial() == null) {
            problems.add("no serial number is declared");
        }
        if (item.marks().refiner() == null) {
            problems.add("no refiner is declared");
        }
        if (item.form() != ItemForm.BAR) {
            problems.add("good delivery applies to bars, not to " + item.form().text());
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("metal", item.metal().symbol());
        evidence.put("declaredFinenessMille", fineness);
        evidence.put("declaredNetGrams", declaredGrams);
        if (measuredGrams != null) {
            evidence.put("measuredGrams", measuredGrams);
        }
        evidence.put("problems", problems);
        return Optional.of(f.finding(FindingCode.BAR_SPEC_MISMATCH, "Item " + item.itemId()
                + " is declared as a good-delivery bar, but " + String.join("; ", problems) + ".", evidence));
    }

    private static void checkRange(List<String> problems, String what, double declared, Double measured, double min,
                                   double max, String unit) {
        if (declared < min || declared > max) {
            problems.add(Text.format("its declared %s of %.1f %s is outside %.0f-%.0f %s", what, declared,
                    unit, min, max, unit));
        } else if (measured != null && (measured < min || measured > max)) {
            problems.add(Text.format("its measured %s of %.1f %s is outside %.0f-%.0f %s", what, measured,
                    unit, min, max, unit));
        }
    }

    /**
     * Declared value per gram of fine metal against the reference, on the declared fine content and, once the
     * fineness is measured, on the measured one (at its lower bound, the declarant's best case): a 22K item
     * declared as 9K at a 9K price is undervalued against what it is. Empty note when no reference applies.
     */
    static Optional<Finding> value(ItemFacts f, List<String> notes) {
        DeclaredItem item = f.item();
        if (item.value() == null) {
            return Optional.empty();
        }
        if (item.metal() == null) {
            notes.add("Item " + item.itemId() + ": declared value not checked, no precious metal is declared.");
            return Optional.empty();
        }
        String metal = item.metal().symbol();
        String currency = item.value().currency();
        Optional<ReferencePrice> ref = f.policy().referencePrices().stream()
                .filter(p -> Metal.fromSymbol(p.metal()).orElse(null) == item.metal() && p.currency().equals(currency))
                .findFirst();
        if (ref.isEmpty()) {
            notes.add("Item " + item.itemId() + ": declared value not checked, no reference price for " + metal + " in "
                    + currency + ".");
            return Optional.empty();
        }
        double reference = ref.get().perGramFine();
        double band = UNREFINED.contains(item.form()) ? f.policy().valueBandPercentUnrefined() : f.policy().valueBandPercent();
        double amount = item.value().amount().doubleValue();
        double perGram = amount / item.fineGrams();
        double deviationPercent = (perGram / reference - 1) * 100;
        String basis = "declared";
        double fineGrams = item.fineGrams();
        FinenessResult fr = f.fineness();
        if (Math.abs(deviationPercent) <= band && fr != null && !fr.provisional() && fr.lowerBoundPercent() > 0) {
            double grams = f.mass() != null ? f.mass().measuredGrams() : item.netMass().grams().doubleValue();
            double measuredFine = grams * Math.min(100, fr.lowerBoundPercent()) / 100;
            double perMeasured = amount / measuredFine;
            double dev = (perMeasured / reference - 1) * 100;
            if (dev < -band) {
                basis = "measured";
                perGram = perMeasured;
                deviationPercent = dev;
                fineGrams = measuredFine;
            }
        }
        if (Math.abs(deviationPercent) <= band) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("basis", basis);
        evidence.put("declaredValue", item.value().toString());
        evidence.put("declaredFineGrams", item.fineGrams());
        evidence.put("fineGrams", fineGrams);
        evidence.put("perGramFine", perGram);
        evidence.put("referencePerGramFine", reference);
        evidence.put("deviationPercent", deviationPercent);
        evidence.put("bandPercent", band);
        return Optional.of(f.finding(FindingCode.VALUE_IMPLAUSIBLE, Text.format(
                "Item %s is declared at %.2f %s per gram of fine %s%s, %.0f %% %s the reference of %.2f (band ±%.0f %%):"
                        + " %s.", item.itemId(), perGram, currency, item.metal().displayName(),
                basis.equals("measured") ? " as measured (" + Text.format("%.1f g", fineGrams) + " fine)" : "",
                Math.abs(deviationPercent), deviationPercent < 0 ? "below" : "above", reference, band,
                deviationPercent < 0 ? "undervaluation (duty evasion, smuggling)" : "overvaluation (trade-based laundering)"),
                evidence));
    }
}
