package org.touchstone.agent.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;

class AlertBookTest {

    private static final Instant T1 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2025-03-01T10:05:00Z");
    private static final Instant T3 = Instant.parse("2025-03-01T10:09:00Z");

    private final AlertBook book = new AlertBook("post-1");

    private static Verdict verdict(String declarationId, Lane lane, Instant at) {
        return new Verdict(declarationId, lane, lane != Lane.PENDING, List.of(), List.of(), List.of(), at);
    }

    @Test
    void onVerdict_firstRed_raisesRevisionOne() {
        Verdict red = verdict("D-1", Lane.RED, T1);
        Alert a = book.onVerdict(red).orElseThrow();
        assertEquals("post-1:D-1", a.alertId());
        assertNull(a.messageId(), "the journal gives the message its id when the revision is committed");
        assertEquals(1, a.revision());
        assertEquals("RAISED", a.state());
        assertEquals("post-1", a.postId());
        assertEquals("D-1", a.declarationId());
        assertEquals(Lane.RED, a.lane());
        assertEquals(red, a.verdict());
        assertEquals(T1, a.raisedAt());
        assertEquals(T1, a.updatedAt());
    }

    @Test
    void onVerdict_laterChange_updatesSameAlertKeepingRaisedAt() {
        book.onVerdict(verdict("D-1", Lane.RED, T1));
        Alert second = book.onVerdict(verdict("D-1", Lane.GREEN, T2)).orElseThrow();
        assertEquals("post-1:D-1", second.alertId());
        assertNull(second.messageId());
        assertEquals(2, second.revision());
        assertEquals("UPDATED", second.state());
        assertEquals(Lane.GREEN, second.lane());
        assertEquals(T1, second.raisedAt());
        assertEquals(T2, second.updatedAt());
        Alert third = book.onVerdict(verdict("D-1", Lane.RED, T3)).orElseThrow();
        assertEquals(3, third.revision());
        assertEquals("UPDATED", third.state());
        assertEquals(T1, third.raisedAt());
    }

    @ParameterizedTest(name = "{0} never raises")
    @EnumSource(value = Lane.class, names = {"GREEN", "PENDING"})
    void onVerdict_greenOrPendingWithoutAlert_raisesNothing(Lane lane) {
        assertTrue(book.onVerdict(verdict("D-1", lane, T1)).isEmpty());
        assertTrue(book.onVerdict(verdict("D-1", lane, T2)).isEmpty());
    }

    @Test
    void onVerdict_yellow_raises() {
        assertEquals("RAISED", book.onVerdict(verdict("D-1", Lane.YELLOW, T1)).orElseThrow().state());
    }

    @Test
    void onVerdict_inspectionsHaveSeparateAlerts() {
        book.onVerdict(verdict("D-1", Lane.RED, T1));
        Alert other = book.onVerdict(verdict("D-2", Lane.RED, T2)).orElseThrow();
        assertEquals("post-1:D-2", other.alertId());
        assertEquals(1, other.revision());
        assertEquals("RAISED", other.state());
    }

    @Test
    void acknowledgeThenClose_newRevisionsUnderTheSameId_recordingWhoWhenAndWhat() {
        book.onVerdict(verdict("D-1", Lane.RED, T1));
        Alert ack = book.acknowledge("post-1:D-1", "officer 17", "goods held at bay 3", T2);
        assertEquals("ACKNOWLEDGED", ack.state());
        assertEquals(2, ack.revision());
        assertNull(ack.messageId());
        assertEquals(new Alert.Acknowledgement("officer 17", T2, "goods held at bay 3"), ack.acknowledgement());
        Alert closed = book.close("post-1:D-1", "officer 17", Alert.Outcome.SEIZED, "seal TS-0042", T3);
        assertEquals("CLOSED", closed.state());
        assertEquals(3, closed.revision());
        assertEquals(ack.acknowledgement(), closed.acknowledgement());
        assertEquals(Alert.Outcome.SEIZED, closed.closure().outcome());
        assertEquals(T1, closed.raisedAt());
    }

    @Test
    void closedAlert_refusesMoreChangesAndIgnoresLaterVerdicts() {
        book.onVerdict(verdict("D-1", Lane.RED, T1));
        book.close("post-1:D-1", "officer 17", Alert.Outcome.RELEASED, "", T2);
        assertTrue(book.onVerdict(verdict("D-1", Lane.YELLOW, T3)).isEmpty());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> book.acknowledge("post-1:D-1", "officer 9", "", T3));
        assertEquals("alert post-1:D-1 is closed (RELEASED)", e.getMessage());
    }

    @Test
    void acknowledge_unknownAlertOrNobody_refusedNamingWhy() {
        book.onVerdict(verdict("D-1", Lane.RED, T1));
        assertEquals("no alert 'post-1:D-9'", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> book.acknowledge("post-1:D-9", "officer", "", T2)).getMessage());
        assertEquals("by: the officer's name or id is required", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> book.acknowledge("post-1:D-1", " ", "", T2)).getMessage());
    }

    @Test
    void redAfterAClosedAlert_raisesANewAlert_underTheNextId() {
        book.onVerdict(verdict("D-1", Lane.YELLOW, T1));
        book.close("post-1:D-1", "officer-17", Alert.Outcome.RELEASED, "", T2);
        Alert second = book.onVerdict(verdict("D-1", Lane.RED, T3)).orElseThrow();
        assertEquals("post-1:D-1:2", second.alertId());
        assertEquals(1, second.revision());
        assertEquals("RAISED", second.state());
        assertNull(second.closure());
        assertNull(second.acknowledgement());
        assertEquals(T3, second.raisedAt());
        // The first alert's id now names a closed alert, and says which one is current.
        assertEquals("alert 'post-1:D-1' is closed; the current alert of declaration D-1 is post-1:D-1:2",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> book.acknowledge("post-1:D-1", "officer-9", "", T3)).getMessage());
        assertEquals("ACKNOWLEDGED", book.acknowledge("post-1:D-1:2", "officer-9", "", T3).state());
    }

    @Test
    void find_byDeclarationId_givesItsCurrentAlert() {
        book.onVerdict(verdict("D-1", Lane.RED, T1));
        book.onVerdict(verdict("D-10", Lane.RED, T1));
        assertEquals("post-1:D-1", book.find("D-1").alertId());
        assertEquals("post-1:D-10", book.find("D-10").alertId());
        assertEquals("ACKNOWLEDGED", book.acknowledge("D-10", "officer-9", "", T2).state());
        assertEquals("no alert 'D-2'", org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> book.find("D-2")).getMessage());
    }

    @Test
    void restore_ofASecondAlert_continuesTheNumbering() {
        AlertBook before = new AlertBook("post-1");
        before.onVerdict(verdict("D-1", Lane.RED, T1));
        before.close("post-1:D-1", "officer-17", Alert.Outcome.RELEASED, "", T2);
        Alert second = before.onVerdict(verdict("D-1", Lane.RED, T2)).orElseThrow();
        Alert closedSecond = before.close(second.alertId(), "officer-17", Alert.Outcome.SEIZED, "", T2);
        book.restore(closedSecond);
        assertEquals("post-1:D-1:3", book.onVerdict(verdict("D-1", Lane.RED, T3)).orElseThrow().alertId());
    }
}
