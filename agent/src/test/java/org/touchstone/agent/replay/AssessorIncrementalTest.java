package org.touchstone.agent.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.touchstone.agent.InspectionDesk;
import org.touchstone.agent.Json;
import org.touchstone.agent.assessment.AssessmentPolicy;
import org.touchstone.agent.assessment.Assessor;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.TrustLookup;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.ItemEvidence;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.agent.metrology.ScaleMetrology;

/**
 * The live assessor reuses an item's assessment until that item's evidence changes. It must give exactly the
 * verdict the reference (every item assessed afresh) gives: checked after every reading of every corpus case,
 * and for the closed verdict, by comparing the verdicts field by field and as the JSON the agent publishes.
 */
class AssessorIncrementalTest {

    private static final ObjectMapper JSON = Json.mapper();

    static java.util.stream.Stream<String> cases() throws Exception {
        return ScenarioCorpusTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void incrementalVerdicts_areExactlyTheReferenceVerdicts_afterEveryReading(String name) throws Exception {
        Path dir = ScenarioCorpusTest.corpus().resolve(name);
        AgentConfig config = new ConfigLoader().load(ScenarioCorpusTest.corpus().resolve("policy.yaml")).config();
        Map<String, ScaleMetrology> scales = new LinkedHashMap<>();
        config.scales().forEach(s -> scales.put(s.id(), s.metrology()));
        AssessmentPolicy policy = config.assessment();
        Declaration declaration = new DeclarationReader().read(dir.resolve("declaration.json"));
        List<RecordedReadings.Line> lines = new RecordedReadings().read(dir.resolve("readings.jsonl"),
                Instant.parse("2026-01-01T00:00:00Z"));
        Instant end = lines.get(lines.size() - 1).reading().receivedAt();
        Assessor fast = new Assessor(policy);
        Assessor reference = Assessor.withoutMemo(policy);
        List<String> compared = new ArrayList<>();
        InspectionDesk desk = new InspectionDesk(fast, scales, TrustLookup.none(), Clock.fixed(end, ZoneOffset.UTC),
                new InspectionDesk.Listener() {
                    @Override
                    public void weighingRecorded(Inspection inspection, String itemId, Weighing weighing) {
                        compare(inspection, "weighing " + compared.size());
                    }

                    @Override
                    public void xrfShotRecorded(Inspection inspection, String itemId, XrfShot shot) {
                        compare(inspection, "shot " + compared.size());
                    }

                    private void compare(Inspection inspection, String step) {
                        assertSameVerdict(reference.assess(inspection, end), fast.assess(inspection, end),
                                name + " after " + step);
                        compared.add(step);
                    }
                });
        Inspection inspection = desk.open(declaration);
        for (RecordedReadings.Line line : lines) {
            desk.setMedium(line.medium());
            desk.accept(line.reading(), line.trust());
        }
        assertTrue(compared.size() >= 2, name + ": readings compared: " + compared.size());
        Verdict closed = desk.close(declaration.declarationId());
        assertSameVerdict(reference.assess(inspection, end, true), closed, name + " closed");
        assertSameVerdict(reference.assess(inspection, end, true), fast.assess(inspection, end, true),
                name + " closed, again");
        assertSameVerdict(reference.assess(inspection, end, false), fast.assess(inspection, end, false),
                name + " open again");
    }

    @Test
    void anUnchangedItemIsNotReassessed_aChangedOneIs() throws Exception {
        Path dir = ScenarioCorpusTest.corpus().resolve("incomplete");
        AgentConfig config = new ConfigLoader().load(ScenarioCorpusTest.corpus().resolve("policy.yaml")).config();
        Map<String, ScaleMetrology> scales = new LinkedHashMap<>();
        config.scales().forEach(s -> scales.put(s.id(), s.metrology()));
        Declaration declaration = new DeclarationReader().read(dir.resolve("declaration.json"));
        List<RecordedReadings.Line> lines = new RecordedReadings().read(dir.resolve("readings.jsonl"),
                Instant.parse("2026-01-01T00:00:00Z"));
        Instant end = lines.get(lines.size() - 1).reading().receivedAt();
        Assessor fast = new Assessor(config.assessment());
        InspectionDesk desk = new InspectionDesk(fast, scales, TrustLookup.none(), Clock.fixed(end, ZoneOffset.UTC),
                new InspectionDesk.Listener() { });
        Inspection inspection = desk.open(declaration);
        for (RecordedReadings.Line line : lines) {
            desk.setMedium(line.medium());
            desk.accept(line.reading(), line.trust());
        }
        Verdict first = fast.assess(inspection, end);
        Verdict second = fast.assess(inspection, end);
        assertTrue(first.items().size() >= 2, "a consignment of several items");
        for (int j = 0; j < first.items().size(); j++) {
            assertSame(first.items().get(j), second.items().get(j), "item " + j + " reused");
        }
        int changedIndex = -1;
        ItemEvidence changed = null;
        int i = 0;
        for (ItemEvidence e : inspection.items()) {
            if (changed == null && !e.weighings().isEmpty()) {
                changed = e;
                changedIndex = i;
            }
            i++;
        }
        assertTrue(changed != null, "an item with a weighing");
        Weighing last = changed.weighings().get(changed.weighings().size() - 1);
        changed.replaceLastWeighingOf(last, last.confirmedOnceMore());
        Verdict third = fast.assess(inspection, end);
        for (int j = 0; j < first.items().size(); j++) {
            if (j == changedIndex) {
                assertNotSame(second.items().get(j), third.items().get(j), "the changed item is reassessed");
            } else {
                assertSame(second.items().get(j), third.items().get(j), "item " + j + " still reused");
            }
        }
        assertSameVerdict(Assessor.withoutMemo(config.assessment()).assess(inspection, end), third, "after change");
    }

    private static void assertSameVerdict(Verdict expected, Verdict actual, String where) {
        try {
            assertEquals(JSON.writeValueAsString(expected), JSON.writeValueAsString(actual), where);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
        assertEquals(expected, actual, where);
    }
}
