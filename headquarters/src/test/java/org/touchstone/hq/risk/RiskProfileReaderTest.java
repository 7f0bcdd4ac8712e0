package org.touchstone.hq.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RiskProfileReaderTest {

    private final RiskProfileReader reader = new RiskProfileReader();

    @Test
    void aValidProfile_isReadWithItsRules() throws Exception {
        RiskProfile p = reader.read("""
                version: 4
                rules:
                  - id: kivu-gold
                    match: {originCountry: CD, hsPrefix: "7108"}
                    minXrfShotsPerItem: 5
                    waterWeighingRequired: true
                    reason: Gold from eastern DRC is often doré declared as scrap.
                  - id: declarant-x
                    match: {declarant: Sahel Gold SARL}
                    minimumLane: YELLOW
                    reason: Three seizures in 2026.
                """, "p.yaml");
        assertEquals(4, p.version());
        assertEquals(List.of("kivu-gold", "declarant-x"), p.rules().stream().map(RiskProfile.Rule::id).toList());
        assertEquals(5, p.rules().get(0).minXrfShotsPerItem());
        assertEquals("CD", p.rules().get(0).match().originCountry());
        assertEquals("YELLOW", p.rules().get(1).minimumLane());
        assertEquals("hq:risk-profiles:4", p.message(java.time.Instant.EPOCH).messageId());
    }

    @Test
    void everyProblem_isNamedWithItsLineAndPath() {
        RiskProfileException e = assertThrows(RiskProfileException.class, () -> reader.read("""
                version: 0
                rules:
                  - id: a
                    match: {originCountry: Mali}
                    minXrfShotsPerItem: 80
                    reason: x
                  - id: a
                    match: {}
                    minimumLane: GREEN
                    reason: "  "
                    colour: red
                  - id: c
                    match: {hsPrefix: "71x"}
                """, "p.yaml"));
        assertEquals(List.of(
                "line 1: version: must be a whole number >= 1, was: 0",
                "line 4: rules[0].match.originCountry: longer than 2 characters",
                "line 5: rules[0].minXrfShotsPerItem: must be a whole number 1..50, was: 80",
                "line 11: rules[1].colour: unknown key; known here: [id, match, minXrfShotsPerItem, minimumLane, reason,"
                        + " waterWeighingRequired]",
                "line 7: rules[1].id: 'a' is used by an earlier rule",
                "line 8: rules[1].match: names nothing: a rule that matches every consignment belongs in the posts'"
                        + " configuration; name declarant, originCountry, hsPrefix or postId",
                "line 9: rules[1].minimumLane: 'GREEN' must be YELLOW or RED (GREEN would require nothing)",
                "line 10: rules[1].reason: must not be blank: the post shows it in the verdict's reasons",
                "line 13: rules[2].match.hsPrefix: '71x' is not the start of an HS code (71, 7108, 7108.12)",
                "line 12: rules[2]: requires nothing: set minXrfShotsPerItem, waterWeighingRequired or minimumLane",
                "line 12: rules[2].reason: missing"), e.problems());
    }

    @Test
    void aDuplicateKey_orNotYaml_isRefusedWithItsLine() {
        RiskProfileException dup = assertThrows(RiskProfileException.class,
                () -> reader.read("version: 1\nversion: 2\nrules: []\n", "p.yaml"));
        assertEquals(1, dup.problems().size());
        assertEquals(true, dup.problems().get(0).startsWith("line 2: not valid YAML: Duplicate field 'version'"),
                dup.problems().get(0));
    }
}
