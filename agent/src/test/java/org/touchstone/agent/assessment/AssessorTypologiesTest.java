package org.touchstone.agent.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.touchstone.agent.Fixtures.T0;
import static org.touchstone.agent.Fixtures.declaration;
import static org.touchstone.agent.Fixtures.trusted;
import static org.touchstone.agent.Fixtures.weighing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.declaration.BarMarks;
import org.touchstone.agent.declaration.Construction;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.DeclaredValue;
import org.touchstone.agent.declaration.ItemForm;
import org.touchstone.agent.declaration.Mass;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.ItemEvidence;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.reading.XrfReading;

/** The typologies of the field-conditions issue, one case each, through the whole assessor. */
class AssessorTypologiesTest {

    private static DeclaredItem item(String hs, ItemForm form, Metal metal, String fineness, String grams,
                                     String baseAlloy, Construction construction, DeclaredValue value) {
        return new DeclaredItem("1", hs, null, form, metal, fineness == null ? null : new BigDecimal(fineness),
                fineness, 1, new Mass(new BigDecimal(grams), WeightUnit.G), null, value, BarMarks.NONE, baseAlloy,
                construction);
    }

    private static XrfReading shot(double seconds, String mode, ElementResult... els) {
        return new XrfReading("xrf-1", null, mode, null, seconds, T0, List.of(els), "{}");
    }

    private static ElementResult el(String symbol, double percent) {
        return ElementResult.detected(symbol, percent, 0.1, 2);
    }

    /** Three identical shots of the given composition (symbol, percent pairs). */
    private static List<XrfReading> shots(Object... pairs) {
        List<XrfReading> out = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            List<ElementResult> els = new ArrayList<>();
            for (int i = 0; i < pairs.length; i += 2) {
                els.add(el((String) pairs[i], ((Number) pairs[i + 1]).doubleValue()));
            }
            out.add(shot(10, "PreciousMetals", els.toArray(ElementResult[]::new)));
        }
        return out;
    }

    private static Verdict assess(AssessmentPolicy policy, DeclaredItem item, String grams, List<XrfReading> shots,
                                  String... water) {
        Inspection i = new Inspection(declaration("D-1", item), T0);
        ItemEvidence e = i.item("1").orElseThrow();
        if (grams != null) {
            e.addWeighing(weighing(grams));
        }
        for (String w : water) {
            e.addWeighing(new org.touchstone.agent.inspection.Weighing(org.touchstone.agent.Fixtures.stable(w),
                    org.touchstone.agent.Fixtures.CLASS_II_E01, 1,
                    org.touchstone.agent.inspection.Weighing.Medium.WATER, trusted("scale-1")));
        }
        shots.forEach(r -> e.addXrfShot(new XrfShot(r, trusted("xrf-1"))));
        return new Assessor(policy).assess(i, T0, true);
    }

    private static Verdict assess(DeclaredItem item, String grams, List<XrfReading> shots, String... water) {
        return assess(AssessmentPolicy.defaults(), item, grams, shots, water);
    }

    private static Set<FindingCode> codes(Verdict v) {
        return v.findings().stream().map(Finding::code).collect(Collectors.toSet());
    }

    @Test
    void goldDeclaredAsBrassFittings_hsAndMetalMismatch_red() {
        DeclaredItem brass = item("7419.80", ItemForm.OTHER, null, null, "800.0", "CuZn", null, null);
        Verdict v = assess(brass, "800.0", shots("Au", 75.0, "Ag", 12.5, "Cu", 12.5));
        assertEquals(Lane.RED, v.lane());
        assertEquals(Set.of(FindingCode.HS_CLASS_MISMATCH, FindingCode.METAL_MISMATCH), codes(v));
    }

    @Test
    void honestBrassWithAGoldTraceBelowTwoPercent_green() {
        DeclaredItem brass = item("7419.80", ItemForm.OTHER, null, null, "800.0", "CuZn", null, null);
        Verdict v = assess(brass, "800.0", shots("Cu", 63.0, "Zn", 35.5, "Pb", 1.0, "Au", 0.5));
        assertEquals(Lane.GREEN, v.lane(), v.findings().toString());
        assertTrue(v.notTested().stream().anyMatch(n -> n.contains("searched for precious metal")));
    }

    @Test
    void rhodiumPlated925_judgedOnItsSubstrate_green_butDeclaredSolid_red() {
        List<XrfReading> surface = shots("Rh", 40.0, "Ag", 55.5, "Cu", 4.5);
        DeclaredItem plated = item("7113.11", ItemForm.JEWELLERY, Metal.AG, "925", "20.00", null,
                new Construction(Construction.Kind.PLATED, "Rh"), null);
        assertEquals(Lane.GREEN, assess(plated, "20.00", surface).lane());
        DeclaredItem solid = item("7113.11", ItemForm.JEWELLERY, Metal.AG, "925", "20.00", null, null, null);
        Verdict v = assess(solid, "20.00", surface);
        assertEquals(Lane.RED, v.lane());
        assertTrue(codes(v).contains(FindingCode.METAL_MISMATCH), v.findings().toString());
    }

    @Test
    void goldPlatedBrassAs7117_greenWhenDeclaredPlated_redWhenNot() {
        List<XrfReading> surface = shots("Au", 70.0, "Cu", 20.0, "Zn", 10.0);
        DeclaredItem plated = item("7117.19", ItemForm.JEWELLERY, null, null, "30.0", "CuZn",
                new Construction(Construction.Kind.PLATED, "Au"), null);
        assertEquals(Lane.GREEN, assess(plated, "30.0", surface).lane());
        DeclaredItem bare = item("7117.19", ItemForm.JEWELLERY, null, null, "30.0", "CuZn", null, null);
        assertEquals(Lane.RED, assess(bare, "30.0", surface).lane());
    }

    @Test
    void surfaceInconsistent_spotsFarApartOnAHomogeneousItem_yellow_notTestedWhenPlated() {
        List<XrfReading> spots = List.of(shot(10, "PreciousMetals", el("Au", 82.0), el("Ag", 18.0)),
                shot(10, "PreciousMetals", el("Au", 70.0), el("Ag", 30.0)),
                shot(10, "PreciousMetals", el("Au", 76.0), el("Ag", 24.0)));
        DeclaredItem ring = item("7113.19", ItemForm.JEWELLERY, Metal.AU, "750", "10.00", null, null, null);
        Verdict v = assess(ring, "10.00", spots);
        Finding f = v.findings().stream().filter(x -> x.code() == FindingCode.SURFACE_INCONSISTENT).findFirst()
                .orElseThrow(() -> new AssertionError(v.findings().toString()));
        assertEquals(Lane.YELLOW, f.severity());
        assertEquals("Au", f.evidence().get("element"));
        assertTrue((double) f.evidence().get("pValue") < 0.001);
        DeclaredItem plated = item("7113.19", ItemForm.JEWELLERY, Metal.AU, "750", "10.00", null,
                new Construction(Construction.Kind.PLATED, "Rh"), null);
        assertTrue(assess(plated, "10.00", spots).findings().stream()
                .noneMatch(x -> x.code() == FindingCode.SURFACE_INCONSISTENT));
    }

    @Test
    void lanePolicy_overridesTheDefault_butNeverBelowYellowForAnUntrustedDevice() {
        List<XrfReading> spots = List.of(shot(10, "PreciousMetals", el("Au", 82.0), el("Ag", 18.0)),
                shot(10, "PreciousMetals", el("Au", 70.0), el("Ag", 30.0)),
                shot(10, "PreciousMetals", el("Au", 76.0), el("Ag", 24.0)));
        DeclaredItem ring = item("7113.19", ItemForm.JEWELLERY, Metal.AU, "750", "10.00", null, null, null);
        AssessmentPolicy strict = new AssessmentPolicy(null, null, null, null, null, null,
                Map.of(FindingCode.SURFACE_INCONSISTENT, Lane.RED), null, null, null, null, null, null, null);
        Verdict v = assess(strict, ring, "10.00", spots);
        assertEquals(Lane.RED, v.lane());
        // INCOMPLETE_INSPECTION mapped to GREEN: an unknown device still gives at least YELLOW.
        AssessmentPolicy lax = new AssessmentPolicy(null, null, null, null, null, null,
                Map.of(FindingCode.INCOMPLETE_INSPECTION, Lane.GREEN), null, null, null, null, null, null, null);
        Inspection i = new Inspection(declaration("D-1", org.touchstone.agent.Fixtures.gold("1", "999.9", "1000.0 g")), T0);
        ItemEvidence e = i.item("1").orElseThrow();
        e.addWeighing(weighing("1000.0"));
        for (int s = 0; s < 3; s++) {
            e.addXrfShot(new XrfShot(shot(10, "PreciousMetals", el("Au", 99.99)), DeviceTrust.unknown("xrf-1")));
        }
        Verdict untrusted = new Assessor(lax).assess(i, T0, true);
        assertEquals(Lane.YELLOW, untrusted.lane());
        assertEquals(Lane.YELLOW, untrusted.findings().get(0).severity());
        // The same policy's GREEN holds for what is merely missing at close: informative only.
        Inspection j = new Inspection(declaration("D-2", org.touchstone.agent.Fixtures.gold("1", "999.9", "1000.0 g")), T0);
        j.item("1").orElseThrow().addWeighing(weighing("1000.0"));
        Verdict missing = new Assessor(lax).assess(j, T0, true);
        assertEquals(Lane.GREEN, missing.lane());
        assertEquals(FindingCode.INCOMPLETE_INSPECTION, missing.findings().get(0).code());
    }

    @Test
    void qualifiedShots_neverCountAsMeasurements_andTheVerdictSaysWhy() {
        DeclaredItem bar = org.touchstone.agent.Fixtures.gold("1", "999.9", "1000.0 g");
        List<XrfReading> shots = new ArrayList<>(shots("Au", 99.99));
        shots.set(0, shot(10, "PreciousMetals", el("Au", 99.99).withFlags(Set.of(ElementResult.Flag.NOMINAL))));
        shots.add(shot(4, "PreciousMetals", el("Au", 99.99)));
        shots.add(shot(10, "Soil", el("Au", 99.99)));
        Verdict v = assess(bar, "1000.0", shots);
        assertEquals(2, v.items().get(0).xrfShots());
        assertEquals(Lane.YELLOW, v.lane(), "closed with 2 of 3 counted shots");
        assertTrue(v.notTested().stream().anyMatch(n -> n.contains("NOMINAL")), v.notTested().toString());
        assertTrue(v.notTested().stream().anyMatch(n -> n.contains("lasted 4.0 s")), v.notTested().toString());
        assertTrue(v.notTested().stream().anyMatch(n -> n.contains("mode 'Soil'")), v.notTested().toString());
    }

    @Test
    void overloadReading_refused_disagreeingWeighings_reweighRequested() {
        DeclaredItem bar = org.touchstone.agent.Fixtures.gold("1", "999.9", "6200.0 g");
        Verdict over = assess(bar, "6201.0", shots("Au", 99.99));
        assertTrue(over.notTested().stream().anyMatch(n -> n.contains("overload")), over.notTested().toString());
        assertEquals(List.of("no stable weighing"), over.items().get(0).missing());

        Inspection i = new Inspection(declaration("D-1", org.touchstone.agent.Fixtures.gold("1", "999.9", "1000.0 g")), T0);
        ItemEvidence e = i.item("1").orElseThrow();
        e.addWeighing(weighing("1000.0"));
        e.addWeighing(weighing("1012.0"));
        shots("Au", 99.99).forEach(r -> e.addXrfShot(new XrfShot(r, trusted("xrf-1"))));
        Verdict v = new Assessor(AssessmentPolicy.defaults()).assess(i, T0);
        assertEquals(Lane.YELLOW, v.lane());
        Finding f = v.findings().get(0);
        assertEquals(FindingCode.WEIGHINGS_DISAGREE, f.code());
        assertEquals("REWEIGH", f.evidence().get("request"));
        assertTrue(codes(v).stream().noneMatch(c -> c == FindingCode.MASS_DISCREPANCY));
    }

    @Test
    void mercury_laneByLevel() {
        DeclaredItem dore = item("7108.12", ItemForm.DORE, Metal.AU, "800", "2000.0", null, null, null);
        List<XrfReading> low = new ArrayList<>();
        List<XrfReading> high = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            low.add(shot(60, "PreciousMetals", el("Au", 80.5), el("Ag", 17.5), el("Cu", 2.0),
                    ElementResult.detected("Hg", 0.03, 0.004, 2)));
            high.add(shot(60, "PreciousMetals", el("Au", 80.2), el("Ag", 17.5), el("Cu", 2.0),
                    ElementResult.detected("Hg", 0.3, 0.01, 2)));
        }
        Finding lowF = assess(dore, "2000.0", low).findings().get(0);
        assertEquals(FindingCode.MERCURY_DETECTED, lowF.code());
        assertEquals(Lane.YELLOW, lowF.severity());
        assertEquals("LOW", lowF.evidence().get("level"));
        Finding highF = assess(dore, "2000.0", high).findings().get(0);
        assertEquals(Lane.RED, highF.severity());
    }

    @Test
    void goldSilverBinaryWithoutCopperDeclaredAsScrap_doreSignature() {
        DeclaredItem scrap = item("7112.91", ItemForm.SCRAP, Metal.AU, "700", "1500.0", null, null, null);
        Verdict v = assess(scrap, "1500.0", shots("Au", 70.5, "Ag", 29.4, "Cu", 0.1));
        assertTrue(codes(v).contains(FindingCode.DORE_SIGNATURE), v.findings().toString());
        Verdict jewelleryScrap = assess(scrap, "1500.0", shots("Au", 70.5, "Ag", 15.0, "Cu", 14.5));
        assertTrue(!codes(jewelleryScrap).contains(FindingCode.DORE_SIGNATURE));
    }

    @Test
    void iridiumAtGrainRefinerLevel_notACounterfeit_wellAboveIt_is() {
        DeclaredItem bar = org.touchstone.agent.Fixtures.gold("1", "995.0", "500.0 g");
        List<XrfReading> refiner = new ArrayList<>();
        List<XrfReading> adulterated = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            refiner.add(shot(10, "PreciousMetals", el("Au", 99.6), ElementResult.detected("Ir", 0.08, 0.01, 2)));
            adulterated.add(shot(10, "PreciousMetals", el("Au", 99.6), ElementResult.detected("Ir", 1.0, 0.02, 2)));
        }
        assertTrue(!codes(assess(bar, "500.0", refiner)).contains(FindingCode.COUNTERFEIT_INDICATOR));
        assertTrue(codes(assess(bar, "500.0", adulterated)).contains(FindingCode.COUNTERFEIT_INDICATOR));
    }

    @Test
    void coins_goldCoinUnder711810_andCoinsUnder7108_areFormProblems() {
        DeclaredItem gold711810 = item("7118.10", ItemForm.COIN, Metal.AU, "916", "31.1", null, null, null);
        assertTrue(codes(assess(gold711810, "31.1", shots("Au", 91.7, "Cu", 8.3))).contains(FindingCode.HS_CLASS_MISMATCH));
        DeclaredItem monetary = item("7108.20", ItemForm.COIN, Metal.AU, "916", "31.1", null, null, null);
        Verdict v = assess(monetary, "31.1", shots("Au", 91.7, "Cu", 8.3));
        assertTrue(v.findings().stream().anyMatch(f -> f.message().contains("monetary gold")), v.findings().toString());
        DeclaredItem right = item("7118.90", ItemForm.COIN, Metal.AU, "916", "31.1", null, null, null);
        assertEquals(Lane.GREEN, assess(right, "31.1", shots("Au", 91.7, "Cu", 8.3)).lane());
    }

    @Test
    void hollowPiece_densityNotJudged_andSaysWhy() {
        DeclaredItem hollow = item("7113.19", ItemForm.JEWELLERY, Metal.AU, "750", "20.0", null,
                new Construction(Construction.Kind.HOLLOW, null), null);
        Verdict v = assess(hollow, "20.0", shots("Au", 75.2, "Ag", 12.4, "Cu", 12.4), "15.0");
        assertEquals(Lane.GREEN, v.lane(), v.findings().toString());
        assertTrue(v.notTested().stream().anyMatch(n -> n.contains("declared hollow")), v.notTested().toString());
    }

    @Test
    void twentyTwoKaratDeclaredAsNineAtANineKaratPrice_aboveDeclaredAndUndervalued() {
        AssessmentPolicy priced = new AssessmentPolicy(null, null, null, null, null, null, null,
                List.of(new ReferencePrice("Au", "USD", 130.0)), null, null, null, null, null, null);
        // 100 g of 9K is 37.5 g fine: at 130 USD that is 4 875 USD, the declared value.
        DeclaredItem nineK = item("7113.19", ItemForm.JEWELLERY, Metal.AU, "375", "100.0", null, null,
                new DeclaredValue(new BigDecimal("4875"), "USD"));
        Verdict v = assess(priced, nineK, "100.0", shots("Au", 91.7, "Ag", 4.2, "Cu", 4.1));
        assertEquals(Lane.RED, v.lane());
        assertTrue(codes(v).containsAll(Set.of(FindingCode.FINENESS_ABOVE_DECLARED, FindingCode.VALUE_IMPLAUSIBLE)),
                v.findings().toString());
        Finding value = v.findings().stream().filter(f -> f.code() == FindingCode.VALUE_IMPLAUSIBLE).findFirst()
                .orElseThrow();
        assertEquals("measured", value.evidence().get("basis"));
    }
}
