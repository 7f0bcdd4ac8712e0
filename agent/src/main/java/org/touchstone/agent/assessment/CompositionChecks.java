package org.touchstone.agent.assessment;

import java.util.ArrayList;
import java.util.EnumSet;
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
    /** Cu Kβ (8.905 keV) sits on Os Lα (8.911 keV): an osmium reading up to this share of the copper is suspect. */
    static final double OS_PER_CU = 0.05;
    /** Scrap with less copper than this, shown, and gold and silver making up the rest, reads as doré. */
    static final double DORE_MAX_COPPER_PERCENT = 1.0;
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
        Set<AlloyClass> possible = f.body() == null ? EnumSet.allOf(AlloyClass.class)
                : AlloyClass.possible(f.body(), f.calibration(), f.policy().confidence());
        metal(f, possible).ifPresent(out::add);
        hsClass(f, possible).ifPresent(out::add);
        mercury(f).ifPresent(out::add);
        counterfeit(f).ifPresent(out::add);
        surface(f).ifPresent(out::add);
        deleterious(f).ifPresent(out::add);
        doreSignature(f).ifPresent(out::add);
        return out;
    }

    private static String classWords(Set<AlloyClass> classes) {
        return classes.size() == 1 ? classes.iterator().next().words()
                : String.join(" or ", classes.stream().map(AlloyClass::words).toList());
    }

    /**
     * The declared metal (or, with none declared, "no precious metal") against what note 5 leaves possible for the
     * body: a finding only when the declared class is no longer possible.
     */
    static Optional<Finding> metal(ItemFacts f, Set<AlloyClass> possible) {
        DeclaredItem item = f.item();
        Composition c = f.body();
        if (c == null || item.metal() == null && HsRules.preciousHeading(item.hsCode())) {
            return Optional.empty();
        }
        AlloyClass declared = AlloyClass.of(item.metal());
        String found = null;
        if (!possible.contains(declared)) {
            found = possible.equals(EnumSet.of(AlloyClass.NOT_PRECIOUS)) ? "no precious-metal alloy"
                    : "a " + classWords(possible);
        } else if (possible.size() == 1 && declared == AlloyClass.PLATINUM) {
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
        String what = c.removedLayer() == null ? "its surface" : "under its " + c.removedLayer() + " layer it";
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("declaredMetal", item.metal() == null ? item.bodyInWords() : item.metal().symbol());
        evidence.put("measuredClasses", possible.stream().map(Enum::name).toList());
        evidence.put("composition", c.summary());
        evidence.put("shots", c.shots());
        return Optional.of(f.finding(FindingCode.METAL_MISMATCH, Text.format(
                "Item %s is declared as %s, but %s is %s (%s, %d shots).", item.itemId(),
                item.metal() == null ? item.bodyInWords() + " (no precious metal)" : item.metal().displayName(), what,
                found, c.summary(), c.shots()), evidence));
    }

    static Optional<Finding> hsClass(ItemFacts f, Set<AlloyClass> possible) {
        Composition surface = f.composition();
        Composition c = f.body();
        DeclaredItem item = f.item();
        List<String> problems = new ArrayList<>();
        double confidence = f.policy().confidence();
        ElementEstimate hg = surface.element("Hg");
        if (HsRules.preciousHeading(item.hsCode()) && !HsRules.heading(item.hsCode()).equals("2843")
                && hg.shownAbove(AMALGAM_MERCURY_PERCENT, confidence)) {
            problems.add(Text.format("it holds %.1f %% mercury: an amalgam is not chapter 71 but 2843",
                    hg.meanPercent()));
        } else if (c != null) {
            HsRules.expectedClasses(item.hsCode()).filter(expected -> expected.stream().noneMatch(possible::contains))
                    .ifPresent(expected -> problems.add("the measured alloy is "
                            + (possible.equals(EnumSet.of(AlloyClass.NOT_PRECIOUS)) ? "" : "a ") + classWords(possible)
                            + " by chapter 71 note 5 (" + c.summary() + "), which " + item.hsCode()
                            + " does not cover"));
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("declaredHsCode", item.hsCode());
        evidence.put("declaredForm", item.form().text());
        evidence.put("measuredClasses", possible.stream().map(Enum::name).toList());
        evidence.put("composition", (c == null ? surface : c).summary());
        evidence.put("problems", problems);
        return Optional.of(f.finding(FindingCode.HS_CLASS_MISMATCH, "Item " + item.itemId() + " is declared under "
                + item.hsCode() + ", but " + String.join("; ", problems) + ".", evidence));
    }

    /**
     * Mercury shown above its presence level (the Au Lα tail under Hg Lα makes lower readings artefacts as
     * often as not) in gold, doré, or any item whose surface is gold. The lane depends on the level shown: above
     * {@code mercuryRedPercent} (refiners retort anything above 0.1 %) the code's lane, below it the policy's low-
     * level lane, with a laboratory sample.
     */
    static Optional<Finding> mercury(ItemFacts f) {
        DeclaredItem item = f.item();
        Composition c = f.composition();
        if (item.metal() != Metal.AU && item.form() != ItemForm.DORE && c.percent("Au") < AlloyClass.THRESHOLD_PERCENT) {
            return Optional.empty();
        }
        ElementEstimate hg = c.element("Hg");
        double confidence = f.policy().confidence();
        if (!hg.shownAbove(f.policy().presenceLevel("Hg"), confidence)) {
            return Optional.empty();
        }
        boolean high = hg.shownAbove(f.policy().mercuryRedPercent(), confidence);
        Lane lane = high ? f.policy().lane(FindingCode.MERCURY_DETECTED) : f.policy().mercuryLowLevelLane();
        Map<String, Object> evidence = presence(hg);
        evidence.put("presenceLevelPercent", f.policy().presenceLevel("Hg"));
        evidence.put("redLevelPercent", f.policy().mercuryRedPercent());
        evidence.put("level", high ? "HIGH" : "LOW");
        return Optional.of(f.finding(FindingCode.MERCURY_DETECTED, lane, Text.format(
                "Item %s carries mercury, %.4f %% ± %.4f (in %d of %d shots), %s: the mark of amalgamation in"
                        + " artisanal mining. Take a sample for the laboratory: handheld XRF quantifies mercury on gold"
                        + " poorly, its peak sits next to gold's.",
                item.itemId(), hg.meanPercent(), hg.standardUncertainty(), hg.detectedIn(), hg.shots(),
                high ? Text.format("shown above %.2f %%", f.policy().mercuryRedPercent())
                        : Text.format("a low level (not shown above %.2f %%)", f.policy().mercuryRedPercent())),
                evidence));
    }

    /**
     * Tungsten, or platinum-group metals outside a platinum heading, shown above their presence levels in a gold
     * item: iridium and ruthenium grain refiners up to about 0.1 % are normal in cast gold, and osmium is counted
     * only above what copper's Kβ line, on top of Os Lα, can fake (5 % of the copper).
     */
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
        Composition c = f.composition();
        for (String el : suspects) {
            ElementEstimate e = c.element(el);
            double level = f.policy().presenceLevel(el);
            if (el.equals("Os")) {
                level = Math.max(level, OS_PER_CU * c.percent("Cu"));
            }
            if (e.shownAbove(level, f.policy().confidence())) {
                found.add(Text.format("%s %.2f %%", el, e.meanPercent()));
                Map<String, Object> p = presence(e);
                p.put("presenceLevelPercent", level);
                evidence.put(el, p);
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
                : ": beyond grain-refiner levels, these platinum-group metals are used to adulterate gold."), evidence));
    }

    /**
     * Shots on a homogeneous solid item that disagree beyond their counting errors and an honest item's spot
     * reproducibility (chi-square, p below the policy's alpha). The reproducibility term keeps long, precise shots
     * on an honest item from failing it; plated, filled and clad items are expected to vary and are not tested.
     */
    static Optional<Finding> surface(ItemFacts f) {
        DeclaredItem item = f.item();
        Composition c = f.composition();
        if (!HOMOGENEOUS.contains(item.form()) || c.shots() < 3 || item.construction().kind().layered()) {
            return Optional.empty();
        }
        String declared = item.metal() == null ? null : item.metal().symbol();
        String symbol = declared != null && c.element(declared).detectedIn() > 0 ? declared : c.majorElement();
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
        return Optional.of(f.finding(FindingCode.SURFACE_INCONSISTENT, Text.format(
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
                found.add(Text.format("%s %.2f %% (limit %.2f %%)", limit.getKey(), e.meanPercent(),
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

    /**
     * Scrap that reads as a gold-silver binary with no copper: jewellery scrap carries copper (and zinc) from its
     * karat alloys, doré does not. Mined gold declared as scrap is a known typology (Global Witness 2021).
     */
    static Optional<Finding> doreSignature(ItemFacts f) {
        DeclaredItem item = f.item();
        if (item.form() != ItemForm.SCRAP && !HsRules.heading(item.hsCode()).equals("7112")) {
            return Optional.empty();
        }
        Composition c = f.composition();
        double au = c.percent("Au");
        double ag = c.percent("Ag");
        ElementEstimate cu = c.element("Cu");
        boolean noCopper = cu.meanPercent() + cu.budget().oneSidedFactor(f.policy().confidence())
                * Math.max(cu.standardUncertainty(), 0.05) < DORE_MAX_COPPER_PERCENT;
        if (au < 20 || au > 97 || au + ag < 97 || !noCopper) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("composition", c.summary());
        evidence.put("goldPercent", au);
        evidence.put("silverPercent", ag);
        evidence.put("copperPercent", cu.meanPercent());
        return Optional.of(f.finding(FindingCode.DORE_SIGNATURE, Text.format(
                "Item %s is declared as scrap, but reads as a gold-silver binary without copper (%s): the composition"
                        + " of doré from a mine, not of jewellery scrap, which carries copper from its karat alloys.",
                item.itemId(), c.summary()), evidence));
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
