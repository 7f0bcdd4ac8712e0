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

/**
 * Findings read from an item's surface composition: which metal and alloy class it is, and what should not be in
 * it. Every presence is decided with the uncertainty (shown above zero at the policy's confidence, in at least
 * half the shots), so one noisy shot accuses no one.
 */
final class CompositionChecks {

    /** Above this much mercury the item is an amalgam, not a metal (HS Chapter 71 note 3(a)). */
    static final double AMALGAM_MERCURY_PERCENT = 20.0;
    private static final Set<ItemForm> HOMOGENEOUS = Set.of(ItemForm.BAR, ItemForm.COIN, ItemForm.GRAIN,
            ItemForm.SEMI_MANUFACTURED, ItemForm.JEWELLERY);
    private static final Map<String, Double> DORE_LIMITS = new LinkedHashMap<>();

    static {
        // A refiner's penalty schedule: no smelt above 0.10 % for these, lead refused above 5 % (docs/domain.md 2.4).
        for (String el : List.of("As", "Cd", "Se", "Bi", "Te", "Sb")) {
            DORE_LIMITS.put(el, 0.10);
        }
        DORE_LIMITS.put("Pb", 5.0);
    }

    private CompositionChecks() {
    }

    static List<Finding> check(ItemFacts f) {
        List<Finding> out = new ArrayList<>();
        if (f.composition() == null) {
            return out;
        }
        metal(f).ifPresent(out::add);
        hsClass(f).ifPresent(out::add);
        mercury(f).ifPresent(out::add);
        counterfeit(f).ifPresent(out::add);
        surface(f).ifPresent(out::add);
        deleterious(f).ifPresent(out::add);
        return out;
    }

    static Optional<Finding> metal(ItemFacts f) {
        Composition c = f.composition();
        DeclaredItem item = f.item();
        double confidence = f.policy().confidence();
        if (!AlloyClass.decisive(c, confidence)) {
            return Optional.empty();
        }
        AlloyClass measured = AlloyClass.of(c);
        AlloyClass declared = AlloyClass.of(item.metal());
        String found = null;
        if (measured != declared) {
            found = measured == AlloyClass.NOT_PRECIOUS ? "no precious-metal alloy" : "a " + measured.words();
        } else if (measured == AlloyClass.PLATINUM) {
            String major = Composition.PLATINUM_GROUP.stream().max((a, b) -> Double.compare(c.percent(a), c.percent(b)))
                    .orElseThrow();
            if (!major.equals(item.metal().symbol())) {
                found = "an alloy where " + Metal.fromSymbol(major).map(Metal::displayName).orElse(major)
                        + " predominates";
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("declaredMetal", item.metal().symbol());
        evidence.put("measuredClass", measured.name());
        evidence.put("composition", c.summary());
        evidence.put("shots", c.shots());
        return Optional.of(f.finding(FindingCode.METAL_MISMATCH, String.format(Locale.ROOT,
                "Item %s is declared as %s, but its surface is %s (%s, %d shots).", item.itemId(),
                item.metal().displayName(), found, c.summary(), c.shots()), evidence));
    }

    static Optional<Finding> hsClass(ItemFacts f) {
        Composition c = f.composition();
        DeclaredItem item = f.item();
        List<String> problems = new ArrayList<>();
        double confidence = f.policy().confidence();
        ElementEstimate hg = c.element("Hg");
        if (HsRules.preciousHeading(item.hsCode()) && !HsRules.heading(item.hsCode()).equals("2843")
                && hg.shownAbove(AMALGAM_MERCURY_PERCENT, confidence)) {
            problems.add(String.format(Locale.ROOT, "it holds %.1f %% mercury: an amalgam is not chapter 71 but 2843",
                    hg.meanPercent()));
        } else if (AlloyClass.decisive(c, confidence)) {
            AlloyClass measured = AlloyClass.of(c);
            HsRules.expectedClasses(item.hsCode()).filter(expected -> !expected.contains(measured)).ifPresent(expected ->
                    problems.add("the measured alloy is " + (measured == AlloyClass.NOT_PRECIOUS ? "" : "a ")
                            + measured.words() + " by chapter 71 note 5 (" + c.summary() + "), which " + item.hsCode()
                            + " does not cover"));
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("declaredHsCode", item.hsCode());
        evidence.put("declaredForm", item.form().text());
        evidence.put("measuredClass", AlloyClass.of(c).name());
        evidence.put("composition", c.summary());
        evidence.put("problems", problems);
        return Optional.of(f.finding(FindingCode.HS_CLASS_MISMATCH, "Item " + item.itemId() + " is declared under "
                + item.hsCode() + ", but " + String.join("; ", problems) + ".", evidence));
    }

    static Optional<Finding> mercury(ItemFacts f) {
        DeclaredItem item = f.item();
        if (item.metal() != Metal.AU && item.form() != ItemForm.DORE) {
            return Optional.empty();
        }
        ElementEstimate hg = f.composition().element("Hg");
        if (!hg.shownAbove(0, f.policy().confidence())) {
            return Optional.empty();
        }
        Map<String, Object> evidence = presence(hg);
        return Optional.of(f.finding(FindingCode.MERCURY_DETECTED, String.format(Locale.ROOT,
                "Item %s carries mercury, %.3f %% ± %.3f (in %d of %d shots): the mark of amalgamation in artisanal "
                        + "mining. Take a sample for the laboratory: handheld XRF quantifies mercury on gold poorly,"
                        + " its peak sits next to gold's.",
                item.itemId(), hg.meanPercent(), hg.standardUncertainty(), hg.detectedIn(), hg.shots()), evidence));
    }

    static Optional<Finding> counterfeit(ItemFacts f) {
        DeclaredItem item = f.item();
        if (item.metal() != Metal.AU) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        Map<String, Object> evidence = new LinkedHashMap<>();
        List<String> suspects = new ArrayList<>(List.of("W"));
        if (!HsRules.heading(item.hsCode()).equals("7110")) {
            suspects.addAll(List.of("Ir", "Ru", "Os"));
        }
        for (String el : suspects) {
            ElementEstimate e = f.composition().element(el);
            if (e.shownAbove(0, f.policy().confidence())) {
                found.add(String.format(Locale.ROOT, "%s %.2f %%", el, e.meanPercent()));
                evidence.put(el, presence(e));
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        boolean tungsten = evidence.containsKey("W");
        return Optional.of(f.finding(FindingCode.COUNTERFEIT_INDICATOR, "Item " + item.itemId() + " is declared as gold"
                + " but shows " + String.join(", ", found) + (tungsten
                ? ": tungsten is what gold-plated fakes are filled with (its density is gold's); check the bulk by"
                + " conductivity or ultrasound."
                : ": these platinum-group metals are used to adulterate gold."), evidence));
    }

    static Optional<Finding> surface(ItemFacts f) {
        DeclaredItem item = f.item();
        Composition c = f.composition();
        if (!HOMOGENEOUS.contains(item.form()) || c.shots() < 3) {
            return Optional.empty();
        }
        String symbol = c.element(item.metal().symbol()).detectedIn() > 0 ? item.metal().symbol() : c.majorElement();
        ElementEstimate e = c.element(symbol);
        if (e.chiSquarePValue() >= f.policy().surfaceConsistencyAlpha()) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("element", symbol);
        evidence.put("chiSquare", e.chiSquare());
        evidence.put("degreesOfFreedom", e.shots() - 1);
        evidence.put("pValue", e.chiSquarePValue());
        evidence.put("spreadPercent", e.spreadPercent());
        evidence.put("meanPercent", e.meanPercent());
        return Optional.of(f.finding(FindingCode.SURFACE_INCONSISTENT, String.format(Locale.ROOT,
                "Item %s reads differently from spot to spot: %s spreads by %.2f %% between %d shots, far more than "
                        + "their counting errors allow (chi-square p = %.1g). Plating, a coating or an inhomogeneous item;"
                        + " check the bulk.", item.itemId(), symbol, e.spreadPercent(), e.shots(), e.chiSquarePValue()),
                evidence));
    }

    static Optional<Finding> deleterious(ItemFacts f) {
        DeclaredItem item = f.item();
        if (item.form() != ItemForm.DORE) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        Map<String, Object> evidence = new LinkedHashMap<>();
        for (Map.Entry<String, Double> limit : DORE_LIMITS.entrySet()) {
            ElementEstimate e = f.composition().element(limit.getKey());
            if (e.shownAbove(limit.getValue(), f.policy().confidence())) {
                found.add(String.format(Locale.ROOT, "%s %.2f %% (limit %.2f %%)", limit.getKey(), e.meanPercent(),
                        limit.getValue()));
                evidence.put(limit.getKey(), presence(e));
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(f.finding(FindingCode.DELETERIOUS_ELEMENTS, "Doré item " + item.itemId()
                + " carries deleterious elements above what refiners accept: " + String.join(", ", found) + ".",
                evidence));
    }

    private static Map<String, Object> presence(ElementEstimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meanPercent", e.meanPercent());
        m.put("standardUncertaintyPercent", e.standardUncertainty());
        m.put("detectedInShots", e.detectedIn());
        m.put("shots", e.shots());
        if (e.detectionLimit() != null) {
            m.put("detectionLimitPercent", e.detectionLimit());
        }
        return m;
    }
}
