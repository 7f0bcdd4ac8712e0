package org.touchstone.agent.alert;

import java.time.Instant;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/**
 * An inspection alert. It is raised when an inspection's lane turns yellow or red, updated under the same id
 * when its verdict changes, acknowledged by an officer, and closed with an outcome. Consumers see one alert per
 * inspection, in revisions.
 *
 * @param alertId         stable: {@code <post>:<declarationId>}
 * @param messageId       the id of the message that carried this revision ({@code <post>:<journalSeq>:<index>}),
 *                        given by the journal when the revision is committed; null before (and in the journal's
 *                        own alert record, whose message id is its outbox row's)
 * @param revision        1 when raised, then 2, 3, ...
 * @param state           RAISED, UPDATED, ACKNOWLEDGED or CLOSED
 * @param acknowledgement who acknowledged, when, with what note; null until acknowledged
 * @param closure         who closed it, when, with which outcome; null until closed
 */
public record Alert(String alertId, String messageId, int revision, String state, String postId,
                    String declarationId, Lane lane, Verdict verdict, Instant raisedAt, Instant updatedAt,
                    Acknowledgement acknowledgement, Closure closure) implements JournalPayload {

    @Override
    public RecordType type() {
        return RecordType.ALERT;
    }

    /** This revision as the message that carried it, under its id. */
    public Alert withMessageId(String id) {
        return new Alert(alertId, id, revision, state, postId, declarationId, lane, verdict, raisedAt, updatedAt,
                acknowledgement, closure);
    }

    /** An officer has seen the alert. */
    public record Acknowledgement(String by, Instant at, String note) {
    }

    /** What was done with the goods. */
    public record Closure(String by, Instant at, Outcome outcome, String note) {
    }

    /** How an alert ends. */
    public enum Outcome { RELEASED, DETAINED, SAMPLED, SEIZED }
}
