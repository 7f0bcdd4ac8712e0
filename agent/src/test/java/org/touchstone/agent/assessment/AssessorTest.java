package org.touchstone.agent.assessment;

import org.touchstone.agent.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.touchstone.agent.Fixtures.T0;
import static org.touchstone.agent.Fixtures.declaration;
import static org.touchstone.agent.Fixtures.gold;
import static org.touchstone.agent.Fixtures.goldShots;
import static org.touchstone.agent.Fixtures.policy;
import static org.touchstone.agent.Fixtures.weighing;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.ItemEvidence;
import org.touchstone.drivers.reading.XrfReading;

class AssessorTest {

    private final Assessor assessor = new Assessor(policy());

    private static Inspection inspection() {
        return new Inspection(declaration("D-1", gold("1", "999.9", "1000.0 g"), gold("2", "995.0", "500.0 g")), T0);
    }

    private static void measure(Inspection inspection, String itemId, String grams, List<XrfReading> shots) {
        ItemEvidence e = inspection.item(itemId).orElseThrow();
        if (grams != null) {
            e.addWeighing(weighing(grams));
        }
        shots.forEach(r -> e.addXrfShot(Fixtures.trustedShot(r)));
    }

    @Test
    void assess_honestItems_green() {
        Inspection i = inspection();
        measure(i, "1", "1000.1", goldShots(99.99, 99.98, 100.0));
        measure(i, "2", "499.9", goldShots(99.5, 99.52, 99.49));
        Verdict v = assessor.assess(i, T0);
        assertEquals(Lane.GREEN, v.lane());
        assertTrue(v.complete());
        assertEquals(List.of(), v.findings());
        assertEquals("D-1", v.declarationId());
        assertEquals(T0, v.assessedAt());
        assertEquals(List.of(Assessor.SURFACE_ONLY), v.notTested());
    }

    @Test
    void assess_fewerShotsThanPolicy_pendingAndSaysWhatIsMissing() {
        Inspection i = inspection();
        measure(i, "1", "1000.1", goldShots(99.99, 99.98));
        measure(i, "2", "499.9", goldShots(99.5, 99.52, 99.49));
        Verdict v = assessor.assess(i, T0);
        assertEquals(Lane.PENDING, v.lane());
        assertFalse(v.complete());
        ItemAssessment first = v.items().get(0);
        assertNull(first.fineness());
        assertEquals(2, first.xrfShots());
        assertEquals(List.of("2 of 3 XRF shots"), first.missing());
        assertTrue(v.notTested().contains("Item 1: 2 of 3 XRF shots."), v.notTested().toString());
    }

    @Test
    void assess_redFinding_decidesRedWhileAnotherItemIncomplete() {
        Inspection i = inspection();
        measure(i, "1", "1000.0", goldShots(91.7, 91.7, 91.7));
        Verdict v = assessor.assess(i, T0);
        assertEquals(Lane.RED, v.lane());
        assertFalse(v.complete());
        Finding f = v.findings().get(0);
        assertEquals(FindingCode.FINENESS_BELOW_DECLARED, f.code());
        assertEquals("1", f.itemId());
        assertEquals(Lane.RED, f.severity());
        assertEquals(99.99, (double) f.evidence().get("declaredPercent"), 1e-12);
        assertEquals(91.7, (double) f.evidence().get("meanPercent"), 1e-12);
        assertEquals(3, f.evidence().get("shots"));
        assertTrue(f.message().contains("999.9 ‰"), f.message());
        assertTrue(v.notTested().contains("Item 2: no stable weighing, 0 of 3 XRF shots."), v.notTested().toString());
    }

    @Test
    void assess_shortfall_massFindingSaysShortfall() {
        Inspection i = inspection();
        measure(i, "1", "998.5", goldShots(99.99, 99.99, 99.99));
        Finding f = assessor.assess(i, T0).findings().get(0);
        assertEquals(FindingCode.MASS_DISCREPANCY, f.code());
        assertEquals("SHORTFALL", f.evidence().get("direction"));
        assertEquals(-1.5, (double) f.evidence().get("deviationGrams"), 1e-9);
        // The post's scale 0.2 g (10 000 e, class II e = 0.1) + the declarant's assumed class II scale (e = 10 ×
        // the last digit = 1 g: 1 000 e, 1 g in service) + the rounding of "1000.0" 0.05 g = 1.25 g.
        assertEquals(1.25, (double) f.evidence().get("allowedGrams"), 1e-12);
        assertEquals(1.0, (double) f.evidence().get("declarantScaleGrams"), 1e-12);
        assertEquals(List.of("scale-1"), f.evidence().get("devices"));
        assertTrue(f.message().contains("1.50 g less than the 1000.0 g declared"), f.message());
    }

    @Test
    void assess_excess_massFindingSaysExcess() {
        Inspection i = inspection();
        // 2 g over: the post's 0.1 g, the declarant's assumed 1 g (e = 10 × 0.1) and 0.05 g rounding explain 1.15 g.
        measure(i, "2", "502.0", List.of());
        Verdict v = assessor.assess(i, T0);
        assertEquals(Lane.RED, v.lane());
        Finding f = v.findings().get(0);
        assertEquals("2", f.itemId());
        assertEquals("EXCESS", f.evidence().get("direction"));
        assertTrue(f.message().contains("more than the 500.0 g declared"), f.message());
    }

    @Test
    void assess_karatDeclaration_messageQuotesKaratAsWritten() {
        var chain = new org.touchstone.agent.declaration.DeclaredItem("1", "7113.19", null,
                org.touchstone.agent.declaration.ItemForm.JEWELLERY, org.touchstone.agent.declaration.Metal.AU,
                new java.math.BigDecimal("750.0"), "18K", 12,
                new org.touchstone.agent.declaration.Mass(new java.math.BigDecimal("245.6"),
                        org.touchstone.drivers.reading.WeightUnit.G));
        Inspection i = new Inspection(declaration("D-2", chain), T0);
        measure(i, "1", "245.6", goldShots(58.5, 58.4, 58.6));
        Finding f = assessor.assess(i, T0).findings().get(0);
        assertTrue(f.message().contains("below the declared 18K (75.00 %)"), f.message());
    }
}
