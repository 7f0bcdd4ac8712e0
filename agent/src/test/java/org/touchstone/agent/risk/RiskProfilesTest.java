package org.touchstone.agent.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Fixtures;
import org.touchstone.agent.Json;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Selectivity;
import org.touchstone.agent.declaration.Declaration;

class RiskProfilesTest {

    private static final String TOPIC = "touchstone/hq/risk-profiles";
    private final RiskProfileParser parser = new RiskProfileParser(Json.mapper());

    @TempDir
    Path dir;

    /** The README's example message (plan contract 5), with its version changed. */
    private static byte[] profile(long version) {
        return ("{\"messageId\": \"hq:risk-profiles:" + version + "\", \"version\": " + version + ", \"issuedAt\":"
                + " \"2026-11-28T08:00:00Z\", \"rules\": ["
                + "{\"id\": \"acme\", \"match\": {\"declarant\": \"Acme Gold SARL\"}, \"minXrfShotsPerItem\": 5,"
                + " \"waterWeighingRequired\": true, \"reason\": \"Two seizures in 2026\"},"
                + "{\"id\": \"ml-dore\", \"match\": {\"originCountry\": \"ML\", \"hsPrefix\": \"7108.12\"},"
                + " \"minimumLane\": \"RED\", \"reason\": \"Malian dore, national risk assessment 2026\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Declaration declaration(String declarant, String origin) {
        // Fixtures' items are HS 7108.12 bars.
        return new Declaration("D-1", declarant, "Exporter", origin, List.of(Fixtures.gold("1", "999.9", "1000.0 g")),
                null);
    }

    @Test
    void rules_matchDeclarantIgnoringCaseAndSpaces_andOriginWithHeading() throws Exception {
        RiskProfile p = parser.parse(profile(4), TOPIC);
        List<Selectivity> acme = p.rulesFor(declaration("  ACME gold   sarl ", "GH"), "post-a");
        assertEquals(1, acme.size());
        assertEquals(new Selectivity(4, "acme", "Two seizures in 2026", 5, true, null,
                Map.of("declarant", "  ACME gold   sarl ")), acme.get(0));
        List<Selectivity> mali = p.rulesFor(declaration("Other", "ML"), "post-a");
        assertEquals(List.of("ml-dore"), mali.stream().map(Selectivity::ruleId).toList());
        assertEquals(Lane.RED, mali.get(0).minimumLane());
        assertEquals(List.of(), p.rulesFor(declaration("Other", "GH"), "post-a"));
    }

    @Test
    void bad_profile_isRefusedAndTheLastGoodOneKept() {
        RiskProfiles profiles = new RiskProfiles(parser, dir.resolve("risk-profile.json"), "post-a");
        assertInstanceOf(RiskProfiles.Outcome.Applied.class, profiles.offer(profile(4), TOPIC));
        String bad = new String(profile(5), StandardCharsets.UTF_8).replace("\"RED\"", "\"GREEN\"");
        RiskProfiles.Outcome o = profiles.offer(bad.getBytes(StandardCharsets.UTF_8), TOPIC);
        RiskProfiles.Outcome.Refused r = assertInstanceOf(RiskProfiles.Outcome.Refused.class, o);
        assertEquals("risk profile version 5 refused, 1 problem(s): rules[1].minimumLane: 'GREEN' must be"
                + " YELLOW or RED; the post keeps version 4", r.reason());
        assertEquals(4, profiles.current().orElseThrow().version());
    }

    @Test
    void older_refused_sameVersion_unchanged_newer_applied() {
        RiskProfiles profiles = new RiskProfiles(parser, null, "post-a");
        profiles.offer(profile(4), TOPIC);
        assertInstanceOf(RiskProfiles.Outcome.Unchanged.class, profiles.offer(profile(4), TOPIC));
        RiskProfiles.Outcome.Refused r = assertInstanceOf(RiskProfiles.Outcome.Refused.class,
                profiles.offer(profile(3), TOPIC));
        assertTrue(r.reason().contains("version 3 refused: older than version 4"), r.reason());
        RiskProfiles.Outcome.Applied a = assertInstanceOf(RiskProfiles.Outcome.Applied.class,
                profiles.offer(profile(6), TOPIC));
        assertEquals(4L, a.replaced());
        assertEquals(6, profiles.current().orElseThrow().version());
    }

    @Test
    void withoutAProfile_noRules() {
        RiskProfiles profiles = new RiskProfiles(parser, dir.resolve("risk-profile.json"), "post-a");
        assertTrue(profiles.current().isEmpty());
        assertEquals(List.of(), profiles.rulesFor(declaration("Acme Gold SARL", "ML")));
        RiskProfiles.Outcome.Refused r = assertInstanceOf(RiskProfiles.Outcome.Refused.class,
                profiles.offer("{\"version\": 1".getBytes(StandardCharsets.UTF_8), TOPIC));
        assertTrue(r.reason().startsWith("risk profile refused: not JSON at line 1"), r.reason());
        assertTrue(r.reason().endsWith("; the post applies no risk profile"), r.reason());
    }

    @Test
    void theProfileIsKept_acrossARestart() throws Exception {
        Path file = dir.resolve("risk-profile.json");
        new RiskProfiles(parser, file, "post-a").offer(profile(9), TOPIC);
        assertEquals(9, new RiskProfiles(parser, file, "post-a").current().orElseThrow().version());
        Files.writeString(file, "garbage");
        assertTrue(new RiskProfiles(parser, file, "post-a").current().isEmpty());
    }

    @Test
    void parser_namesEveryKindOfProblem() {
        String[][] cases = {
                {"{\"messageId\":\"hq:risk-profiles:2\",\"version\":2,\"issuedAt\":\"2026-11-28T08:00:00Z\","
                        + "\"rules\":[{\"id\":\"a\",\"match\":{},\"minimumLane\":\"RED\",\"reason\":\"r\"}]}",
                        "rules[0].match: must be an object naming declarant, originCountry, hsPrefix or postId"},
                {"{\"messageId\":\"hq:risk-profiles:2\",\"version\":2,\"issuedAt\":\"2026-11-28T08:00:00Z\","
                        + "\"rules\":[{\"id\":\"a\",\"match\":{\"originCountry\":\"Mali\"},\"reason\":\"r\"}]}",
                        "rules[0].match.originCountry: longer than 2 characters"},
                {"{\"messageId\":\"hq:risk-profiles:2\",\"version\":2,\"issuedAt\":\"2026-11-28T08:00:00Z\","
                        + "\"rules\":[{\"id\":\"a\",\"match\":{\"postId\":\"p\"},\"reason\":\"r\"}]}",
                        "rules[0]: requires nothing (minXrfShotsPerItem, waterWeighingRequired or minimumLane)"},
                {"{\"messageId\":\"hq:risk-profiles:3\",\"version\":2,\"issuedAt\":\"2026-11-28T08:00:00Z\","
                        + "\"rules\":[]}", "messageId: 'hq:risk-profiles:3' does not name version 2"},
                {"{\"messageId\":\"hq:risk-profiles:2\",\"version\":2,\"issuedAt\":\"yesterday\",\"rules\":[],"
                        + "\"extra\":1}", "extra: unknown field"},
                {"{\"messageId\":\"hq:risk-profiles:2\",\"version\":2,\"issuedAt\":\"2026-11-28T08:00:00Z\","
                        + "\"rules\":[{\"id\":\"a\",\"match\":{\"declarant\":\"X\"},\"minXrfShotsPerItem\":1e9,"
                        + "\"reason\":\"r\"}]}", "rules[0].minXrfShotsPerItem: must be a whole number 1..50"},
        };
        for (String[] c : cases) {
            RiskProfileRefusedException e = assertThrows(RiskProfileRefusedException.class,
                    () -> parser.parse(c[0].getBytes(StandardCharsets.UTF_8), TOPIC));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("Exception"), e.getMessage());
        }
    }

    @Test
    void parser_refusesAHugePayload() {
        byte[] huge = new byte[RiskProfileParser.MAX_BYTES + 1];
        RiskProfileRefusedException e = assertThrows(RiskProfileRefusedException.class, () -> parser.parse(huge, TOPIC));
        assertTrue(e.getMessage().contains("more than " + RiskProfileParser.MAX_BYTES), e.getMessage());
    }
}
