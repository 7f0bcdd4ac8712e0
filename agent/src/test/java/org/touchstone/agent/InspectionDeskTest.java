package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.touchstone.agent.Fixtures.CLASS_II_E01;
import static org.touchstone.agent.Fixtures.T0;
import static org.touchstone.agent.Fixtures.declaration;
import static org.touchstone.agent.Fixtures.gold;
import static org.touchstone.agent.Fixtures.shot;
import static org.touchstone.agent.Fixtures.stable;
import static org.touchstone.agent.Fixtures.weight;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.assessment.Assessor;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;

class InspectionDeskTest {

    /** A class II balance with e = 0.01 g, Max 2200 g (a common precious-metal balance). */
    private static final org.touchstone.agent.metrology.ScaleMetrology CLASS_II_E001 =
            Fixtures.metrology(org.touchstone.agent.metrology.AccuracyClass.II, "0.01", "2200");

    /** Remembers what the desk said, in order. */
    private static final class Recorder implements InspectionDesk.Listener {
        final List<String> events = new ArrayList<>();
        final List<Weighing> weighings = new ArrayList<>();
        final List<XrfReading> shots = new ArrayList<>();
        final List<String> unboundReasons = new ArrayList<>();
        final List<Verdict> verdicts = new ArrayList<>();
        final List<String> selectionsWeighed = new ArrayList<>();

        @Override
        public void selectionWeighed(InspectionDesk.ItemRef item, String deviceId) {
            selectionsWeighed.add(item + " " + deviceId);
        }

        @Override
        public void inspectionOpened(Inspection inspection) {
            events.add("opened " + inspection.id());
        }

        @Override
        public void weighingRecorded(Inspection inspection, String itemId, Weighing weighing) {
            events.add("weighing " + inspection.id() + "/" + itemId);
            weighings.add(weighing);
        }

        @Override
        public void xrfShotRecorded(Inspection inspection, String itemId, XrfShot shot) {
            events.add("shot " + inspection.id() + "/" + itemId);
            shots.add(shot.reading());
        }

        @Override
        public void readingUnbound(Reading reading, String reason) {
            events.add("unbound");
            unboundReasons.add(reason);
        }

        @Override
        public void verdictChanged(Verdict verdict, Verdict previous) {
            events.add("verdict " + verdict.declarationId() + " " + verdict.lane());
            verdicts.add(verdict);
        }
    }

    private final Recorder recorder = new Recorder();
    private InspectionDesk desk;

    @BeforeEach
    void openDesk() {
        desk = new InspectionDesk(new Assessor(Fixtures.policy()), Map.of("scale-1", CLASS_II_E01),
                Fixtures.TRUSTED, Clock.fixed(T0, ZoneOffset.UTC), recorder);
    }

    private static Declaration kilobar(String declarationId) {
        return declaration(declarationId, gold("1", "999.9", "1000.0 g"));
    }

    private static Declaration twoItems(String declarationId) {
        return declaration(declarationId, gold("1", "999.9", "1000.0 g"), gold("2", "995.0", "500.0 g"));
    }

    private List<Weighing> weighingsOf(String declarationId, String itemId) {
        return desk.inspections().stream().filter(i -> i.id().equals(declarationId)).findFirst().orElseThrow()
                .item(itemId).orElseThrow().weighings();
    }

    private List<XrfReading> shotsOf(String declarationId, String itemId) {
        return desk.inspections().stream().filter(i -> i.id().equals(declarationId)).findFirst().orElseThrow()
                .item(itemId).orElseThrow().xrfShots();
    }

    @Test
    void open_reportsTheInspectionOpenedAtTheClocksTime_andAPendingVerdict() {
        Inspection i = desk.open(kilobar("D-1"));
        assertEquals(T0, i.openedAt());
        assertTrue(desk.isOpen("D-1"));
        assertEquals(List.of("opened D-1", "verdict D-1 PENDING"), recorder.events);
    }

    @Test
    void open_sameDeclarationTwice_throws() {
        desk.open(kilobar("D-1"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> desk.open(kilobar("D-1")));
        assertEquals("declaration D-1 is already under inspection", e.getMessage());
    }

    @Test
    void setActiveItem_unknownItemOrDeclaration_throwsNamingIt() {
        desk.open(kilobar("D-1"));
        assertEquals("declaration D-1 has no item '9'",
                assertThrows(IllegalArgumentException.class, () -> desk.setActiveItem("D-1", "9")).getMessage());
        assertEquals("no open inspection for declaration 'D-9'",
                assertThrows(IllegalArgumentException.class, () -> desk.setActiveItem("D-9", "1")).getMessage());
        assertNull(desk.activeItem());
    }

    @Test
    void accept_stableWeight_boundToActiveItem() {
        desk.open(twoItems("D-1"));
        desk.setActiveItem("D-1", "2");
        desk.accept(stable("500.1"));
        assertEquals(List.of("opened D-1", "verdict D-1 PENDING", "weighing D-1/2"), recorder.events);
        Weighing w = recorder.weighings.get(0);
        assertEquals("D-1/2", w.reading().itemId());
        assertEquals(500.1, w.grams(), 1e-12);
        assertEquals(1, w.stableCount());
        assertSame(CLASS_II_E01, w.metrology());
        assertEquals(1, weighingsOf("D-1", "2").size());
        assertEquals(0, weighingsOf("D-1", "1").size());
    }

    @Test
    void accept_consecutiveStableReadingsOfSameLoad_oneWeighingConfirmedEachTime() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.1"));
        desk.accept(stable("1000.2"));  // within 2 e: the same load settling
        desk.accept(stable("1000.1"));
        List<Weighing> weighings = weighingsOf("D-1", "1");
        assertEquals(1, weighings.size());
        assertEquals(3, weighings.get(0).stableCount());
        assertEquals(1000.1, weighings.get(0).grams(), 1e-12);
        assertEquals(1, recorder.weighings.size());
    }

    @Test
    void accept_motionThenNewLoad_secondWeighing() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.1"));
        desk.accept(stable("1000.1"));
        desk.accept(weight("scale-1", "640.3", false, null));
        desk.accept(stable("999.9"));
        desk.accept(stable("999.9"));
        List<Weighing> weighings = weighingsOf("D-1", "1");
        assertEquals(2, weighings.size());
        assertEquals(List.of(2, 2), weighings.stream().map(Weighing::stableCount).toList());
        assertEquals(999.9, weighings.get(1).grams(), 1e-12);
    }

    @Test
    void accept_differentStableLoadWithoutMotion_newWeighing() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.1"));
        desk.accept(stable("1000.4"));  // 3 e away: not the same load
        assertEquals(2, weighingsOf("D-1", "1").size());
    }

    @Test
    void accept_loadBelowScalesMinimum_ignored() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        double minimum = CLASS_II_E01.minimumLoadGrams();
        assertEquals(5.0, minimum, 1e-12);  // class II, e = 0.1 g: 50 e (OIML R 76-1 Table 3)
        desk.accept(stable("4.9"));
        desk.accept(stable("0.0"));
        desk.accept(stable("-0.3"));
        assertEquals(List.of("opened D-1", "verdict D-1 PENDING"), recorder.events);
        desk.accept(stable("5.0"));
        assertEquals(1, weighingsOf("D-1", "1").size());
    }

    @Test
    void accept_emptyPanBetweenSameLoads_reselected_twoWeighings() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.1"));
        desk.accept(stable("0.0"));
        desk.setActiveItem("D-1", "1");  // weigh it again: the inspector selects it again
        desk.accept(stable("1000.1"));
        assertEquals(2, weighingsOf("D-1", "1").size());
    }

    /**
     * Issue 13's case, figures from the issue: 1000.01 g weighed for item 1, the pan emptied, then 500.02 g put on
     * without a selection. The second load is not item 1's (it was once averaged into "Item 1 weighs 750.02 g", a
     * false RED); it waits for a selection, is said once however often the scale repeats it, and is weighed for
     * item 2 as soon as item 2 is selected.
     */
    @Test
    void accept_newLoadAfterThePanEmptied_waitsForASelection_notAddedToThePreviousItem() {
        desk = new InspectionDesk(new Assessor(Fixtures.policy()), Map.of("scale-1", CLASS_II_E001),
                Fixtures.TRUSTED, Clock.fixed(T0, ZoneOffset.UTC), recorder);
        desk.open(twoItems("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.01"));
        desk.accept(stable("1000.01"));
        desk.accept(weight("scale-1", "312.5", false, null));  // taken off: motion
        desk.accept(stable("0.00"));
        assertEquals(List.of("D-1/1 scale-1"), recorder.selectionsWeighed);
        assertTrue(desk.selectionWeighed());
        for (int poll = 0; poll < 12; poll++) {                  // 3 s of polls at 4/s with the load on the pan
            desk.accept(stable("500.02"));
        }
        assertEquals(List.of(1000.01), weighingsOf("D-1", "1").stream().map(Weighing::grams).toList());
        assertEquals(List.of("item D-1/1 was weighed and taken off the pan: this load waits for a selection"),
                recorder.unboundReasons);
        desk.setActiveItem("D-1", "2");
        desk.accept(stable("500.02"));
        assertEquals(List.of(500.02), weighingsOf("D-1", "2").stream().map(Weighing::grams).toList());
        assertEquals(List.of(1000.01), weighingsOf("D-1", "1").stream().map(Weighing::grams).toList());
        assertEquals(1, recorder.unboundReasons.size());
    }

    @Test
    void accept_xrfShotAfterTheItemLeftThePan_stillGoesToTheSelectedItem() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.1"));
        desk.accept(stable("0.0"));
        desk.accept(shot(null, "Au", 99.99, 0.1, 2));
        assertEquals(1, shotsOf("D-1", "1").size());
    }

    /**
     * Weighings of one item that disagree beyond the scale's errors (1000.01 g and 500.02 g, 499.99 g apart; the
     * in-service MPE of class II e = 0.01 g at 1000 g is 2 e = 0.02 g, OIML R 76-1 Table 6) are not averaged: the
     * verdict asks to weigh again and carries both weighings as evidence, with no mass finding.
     */
    @Test
    void disagreeingWeighingsOfOneItem_notAveraged_reweighAskedWithBothAsEvidence() {
        desk = new InspectionDesk(new Assessor(Fixtures.policy()), Map.of("scale-1", CLASS_II_E001),
                Fixtures.TRUSTED, Clock.fixed(T0, ZoneOffset.UTC), recorder);
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.01"));
        desk.accept(stable("0.00"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("500.02"));
        Verdict v = desk.verdict("D-1");
        List<org.touchstone.agent.assessment.Finding> disagree = v.findings().stream()
                .filter(f -> f.code() == org.touchstone.agent.assessment.FindingCode.WEIGHINGS_DISAGREE).toList();
        assertEquals(1, disagree.size());
        assertEquals("REWEIGH", disagree.get(0).evidence().get("request"));
        assertEquals(2, ((List<?>) disagree.get(0).evidence().get("weighings")).size());
        assertTrue(v.findings().stream().noneMatch(f -> f.code().name().startsWith("MASS")), v.findings().toString());
        assertTrue(v.findings().stream().noneMatch(f -> f.message().contains("750.0")), v.findings().toString());
        assertNull(v.items().get(0).mass());
    }

    @Test
    void accept_readingsForAClosedInspection_refusedOnceSayingItIsClosed() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.1"));
        desk.close("D-1");
        for (int poll = 0; poll < 8; poll++) {
            desk.accept(weight("scale-1", "999.0", true, "D-1/1"));
        }
        desk.accept(shot("D-1/1", "Au", 99.99, 0.1, 2));
        assertEquals(List.of("inspection D-1 is closed: it takes no more readings",
                "inspection D-1 is closed: it takes no more readings"), recorder.unboundReasons);
    }

    @Test
    void accept_loadOnAnUnselectedPan_reportedOncePerLoad() {
        desk.open(kilobar("D-1"));
        for (int poll = 0; poll < 8; poll++) {
            desk.accept(stable("1000.1"));
        }
        desk.accept(stable("0.0"));
        desk.accept(stable("700.0"));
        assertEquals(2, recorder.unboundReasons.size());
    }

    @Test
    void accept_weightWithNoItemAndNoActiveItem_unboundWithReason() {
        desk.open(kilobar("D-1"));
        desk.accept(stable("1000.1"));
        assertEquals(List.of("the reading names no item and no item is active on the bench"), recorder.unboundReasons);
        assertEquals(0, weighingsOf("D-1", "1").size());
    }

    @Test
    void accept_unknownScale_unbound() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(weight("scale-9", "1000.1", true, null));
        assertEquals(List.of("scale 'scale-9' is not configured"), recorder.unboundReasons);
        assertEquals(0, weighingsOf("D-1", "1").size());
    }

    @Test
    void accept_xrfLabelledDeclarationSlashItem_boundToThatItemNotTheActiveOne() {
        desk.open(twoItems("D-1"));
        desk.open(twoItems("D-2"));
        desk.setActiveItem("D-1", "1");
        desk.accept(shot("D-2/2", "Au", 99.5, 0.1, 2));
        assertEquals(1, shotsOf("D-2", "2").size());
        assertEquals("D-2/2", recorder.shots.get(0).itemId());
        assertEquals(0, shotsOf("D-1", "1").size());
    }

    @Test
    void accept_xrfLabelledWithUniqueBareItemId_bound() {
        desk.open(kilobar("D-1"));
        desk.open(declaration("D-2", gold("A7", "750.0", "10.00 g")));
        desk.accept(shot("A7", "Au", 75.1, 0.1, 2));
        assertEquals(1, shotsOf("D-2", "A7").size());
        assertEquals("D-2/A7", recorder.shots.get(0).itemId());
    }

    @Test
    void accept_xrfLabelledWithAmbiguousBareItemId_unbound() {
        desk.open(twoItems("D-1"));
        desk.open(twoItems("D-2"));
        desk.setActiveItem("D-1", "1");
        desk.accept(shot("2", "Au", 99.5, 0.1, 2));
        assertEquals(List.of("item '2' exists in 2 open inspections; label it DECLARATION/ITEM"), recorder.unboundReasons);
        assertEquals(0, shotsOf("D-1", "2").size());
        assertEquals(0, shotsOf("D-2", "2").size());
        assertEquals(0, shotsOf("D-1", "1").size());
    }

    @Test
    void accept_xrfLabelledWithUnknownItem_unboundWithReason() {
        desk.open(kilobar("D-1"));
        desk.accept(shot("D-1/7", "Au", 99.5, 0.1, 2));
        desk.accept(shot("D-9/1", "Au", 99.5, 0.1, 2));
        desk.accept(shot("7", "Au", 99.5, 0.1, 2));
        assertEquals(List.of("declaration D-1 has no item '7'", "no open inspection for declaration 'D-9'",
                "no open inspection has an item '7'"), recorder.unboundReasons);
    }

    @Test
    void accept_xrfWithoutLabel_boundToActiveItem() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(shot(null, "Au", 99.99, 0.1, 2));
        assertEquals(1, shotsOf("D-1", "1").size());
    }

    /** One analyzer test, as an export row or a gateway message would carry it (issue 11: shots deduplicated). */
    private static XrfReading test(String label, String serial, String testNumber, java.time.Instant startedAt,
                                   double goldPercent) {
        XrfReading r = shot(label, "Au", goldPercent, 0.1, 2);
        return new XrfReading(r.deviceId(), testNumber, r.mode(), r.itemId(), r.durationSeconds(), r.receivedAt(),
                r.elements(), r.raw(), "Vanta", serial, startedAt, null, label, List.of());
    }

    @Test
    void accept_theSameTestTwice_countedOnce_andTheRepeatNamed() {
        desk.open(twoItems("D-1"));
        desk.setActiveItem("D-1", "1");
        java.time.Instant started = T0.minusSeconds(30);
        desk.accept(test(null, "VN-7", "41", started, 99.95));
        // A regenerated export brings test 41 again, now while item 2 is on the bench.
        desk.setActiveItem("D-1", "2");
        desk.accept(test(null, "VN-7", "41", started, 99.95));
        assertEquals(1, shotsOf("D-1", "1").size());
        assertEquals(0, shotsOf("D-1", "2").size(), "a repeat never lands on the item now on the bench");
        assertEquals(List.of("repeat of test 41 of analyzer VN-7 (item D-1/1), already recorded: not counted again"),
                recorder.unboundReasons);
    }

    @Test
    void accept_sameTestNumberFromAnotherAnalyzerOrAfterACounterReset_isANewShot() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(test(null, "VN-7", "41", T0.minusSeconds(30), 99.95));
        desk.accept(test(null, "VN-8", "41", T0.minusSeconds(20), 99.96));
        desk.accept(test(null, "VN-7", "41", T0.minusSeconds(10), 99.97));
        desk.accept(shot(null, "Au", 99.98, 0.1, 2)); // no test number: cannot be told apart, counted
        desk.accept(shot(null, "Au", 99.98, 0.1, 2));
        assertEquals(5, shotsOf("D-1", "1").size());
        assertEquals(List.of(), recorder.unboundReasons);
    }

    @Test
    void accept_aRepeatOfAShotOfARestoredInspection_isRecognised() {
        Declaration declaration = kilobar("D-1");
        Inspection restored = desk.restore(declaration, T0);
        restored.item("1").orElseThrow().addXrfShot(new XrfShot(test("D-1/1", "VN-7", "41", T0, 99.95),
                Fixtures.TRUSTED.trustAt("xrf-1", T0)));
        desk.settle("D-1");
        desk.accept(test("D-1/1", "VN-7", "41", T0, 99.95));
        assertEquals(1, shotsOf("D-1", "1").size());
        assertEquals(1, recorder.unboundReasons.size());
        assertTrue(recorder.unboundReasons.get(0).startsWith("repeat of test 41 of analyzer VN-7"));
    }

    @Test
    void verdictChanged_firesOnlyWhenTheDecisionChanges() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.1"));                      // PENDING (first verdict)
        desk.accept(stable("1000.1"));
        desk.accept(shot(null, "Au", 99.99, 0.1, 2));      // still PENDING
        desk.accept(shot(null, "Au", 99.98, 0.1, 2));      // still PENDING
        desk.accept(shot(null, "Au", 100.0, 0.1, 2));      // GREEN
        desk.accept(shot(null, "Au", 99.97, 0.1, 2));      // still GREEN, other figures
        assertEquals(List.of(Lane.PENDING, Lane.GREEN), recorder.verdicts.stream().map(Verdict::lane).toList());
        assertEquals(Lane.GREEN, desk.verdict("D-1").lane());
        assertEquals(4, desk.verdict("D-1").items().get(0).xrfShots());
    }

    @Test
    void verdictChanged_redAfterMisdeclaredShots() {
        desk.open(kilobar("D-1"));
        desk.setActiveItem("D-1", "1");
        desk.accept(stable("1000.1"));
        for (int i = 0; i < 3; i++) {
            desk.accept(shot(null, "Au", 91.7, 0.1, 2));
        }
        // The first shot of 22K on a 999.9 bar is decisive at once (RED, item incomplete); the third completes
        // the item, a second decision with the same lane.
        assertEquals(List.of(Lane.PENDING, Lane.RED, Lane.RED), recorder.verdicts.stream().map(Verdict::lane).toList());
        assertEquals(List.of(false, true), recorder.verdicts.subList(1, 3).stream().map(Verdict::complete).toList());
    }
}
