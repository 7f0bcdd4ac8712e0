package org.touchstone.agent.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.touchstone.agent.Fixtures.CLASS_II_E01;
import static org.touchstone.agent.Fixtures.T0;
import static org.touchstone.agent.Fixtures.declaration;
import static org.touchstone.agent.Fixtures.gold;
import static org.touchstone.agent.Fixtures.goldShots;
import static org.touchstone.agent.Fixtures.policy;
import static org.touchstone.agent.Fixtures.stable;
import static org.touchstone.agent.Fixtures.trusted;
import static org.touchstone.agent.Fixtures.weighing;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.Fixtures;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.ItemEvidence;
import org.touchstone.agent.inspection.Weighing;

/** Headquarters' selectivity rules in the assessment: more shots, a weighing in water, a minimum lane, named. */
class AssessorSelectivityTest {

    private final Assessor assessor = new Assessor(policy());

    /** One honest 999.9 bar, weighed 1000.1 g against 1000.0 g declared, three shots at 99.99 % (GREEN alone). */
    private static Inspection honest() {
        Inspection i = new Inspection(declaration("D-7", gold("1", "999.9", "1000.0 g")), T0);
        ItemEvidence e = i.item("1").orElseThrow();
        e.addWeighing(weighing("1000.1"));
        goldShots(99.99, 99.98, 100.0).forEach(r -> e.addXrfShot(Fixtures.trustedShot(r)));
        return i;
    }

    private static Selectivity rule(Integer shots, boolean water, Lane lane) {
        return new Selectivity(7, "origin-gh", "Ghana doré routed through third countries, 2026 bulletin", shots,
                water, lane, Map.of("originCountry", "GH"));
    }

    @Test
    void withoutRules_theHonestBarIsGreen() {
        Verdict v = assessor.assess(honest(), List.of(), T0, false);
        assertEquals(Lane.GREEN, v.lane());
        assertEquals(List.of(), v.findings());
    }

    @Test
    void moreShots_keepTheItemPendingAndSayWhichRuleAsks() {
        Verdict v = assessor.assess(honest(), List.of(rule(5, false, null)), T0, false);
        // Three of the five shots the rule asks for: the policy's three no longer complete the item.
        assertEquals(Lane.PENDING, v.lane());
        assertFalse(v.complete());
        assertEquals(List.of("3 of 5 XRF shots (risk profile 7, rule origin-gh)"), v.items().get(0).missing());
        Finding f = v.findings().get(0);
        assertEquals(FindingCode.RISK_PROFILE, f.code());
        assertEquals(Lane.GREEN, f.severity());
        assertEquals(7L, f.evidence().get("profileVersion"));
        assertEquals("origin-gh", f.evidence().get("ruleId"));
        assertEquals(5, f.evidence().get("minXrfShotsPerItem"));
        assertTrue(f.message().contains("risk profile 7, rule origin-gh applies (originCountry GH): at least 5 XRF"
                + " shots per item. Reason: Ghana doré"), f.message());
    }

    @Test
    void moreShots_closedWithoutThem_isAnIncompleteInspection() {
        Verdict v = assessor.assess(honest(), List.of(rule(5, false, null)), T0, true);
        assertEquals(Lane.YELLOW, v.lane());
        assertTrue(v.findings().stream().anyMatch(f -> f.code() == FindingCode.INCOMPLETE_INSPECTION
                && f.message().contains("3 of 5 XRF shots")), v.findings().toString());
    }

    @Test
    void fewerShotsThanThePolicy_neverLowerIt() {
        Verdict v = assessor.assess(honest(), List.of(rule(1, false, null)), T0, false);
        assertEquals(Lane.GREEN, v.lane());
        assertTrue(v.complete());
    }

    @Test
    void waterWeighing_isAskedForAndCompletesTheItemOnceDone() {
        Inspection i = honest();
        Verdict before = assessor.assess(i, List.of(rule(null, true, null)), T0, false);
        assertEquals(Lane.PENDING, before.lane());
        assertEquals(List.of("a weighing in water (risk profile 7, rule origin-gh)"), before.items().get(0).missing());
        // Fine gold 19.32 g/cm³ (CRC Handbook), water 0.9982 g/cm³ at 20 °C: 1000.1 − 1000.1 × 0.9982 / 19.32 =
        // 948.43 g in water.
        i.item("1").orElseThrow().addWeighing(new Weighing(stable("948.43"), CLASS_II_E01, 1, Weighing.Medium.WATER,
                trusted("scale-1")));
        Verdict after = assessor.assess(i, List.of(rule(null, true, null)), T0, false);
        assertEquals(List.of(), after.items().get(0).missing());
        assertEquals(Lane.GREEN, after.lane(), after.findings().toString());
    }

    @Test
    void minimumLane_redEvenForAnHonestBar_fromTheDeclarationAlone() {
        Inspection unmeasured = new Inspection(declaration("D-8", gold("1", "999.9", "1000.0 g"),
                gold("2", "999.9", "500.0 g")), T0);
        Verdict v = assessor.assess(unmeasured, List.of(rule(null, false, Lane.RED)), T0, false);
        assertEquals(Lane.RED, v.lane());
        // One finding per item, each naming the rule and the lane it asks for.
        assertEquals(List.of("1", "2"), v.findings().stream().map(Finding::itemId).toList());
        assertTrue(v.findings().stream().allMatch(f -> f.code() == FindingCode.RISK_PROFILE
                && f.severity() == Lane.RED && f.message().contains("lane at least RED")), v.findings().toString());
        assertEquals(Lane.YELLOW, assessor.assess(honest(), List.of(rule(null, false, Lane.YELLOW)), T0, false).lane());
    }
}
