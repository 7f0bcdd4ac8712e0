package org.touchstone.agent.alert;

import java.time.Instant;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;

/**
 * An inspection alert: raised when an inspection's lane turns yellow or red, and updated under the same id when
 * its verdict changes, so consumers see one alert per inspection, not a pile.
 *
 * @param alertId   stable: {@code <post>:<declarationId>}
 * @param messageId unique per revision ({@code <alertId>:<revision>}), so a consumer can drop repeats
 * @param revision  1 when raised, then 2, 3, ...
 * @param state     RAISED on the first revision, UPDATED after
 */
public record Alert(String alertId, String messageId, int revision, String state, String postId,
                    String declarationId, Lane lane, Verdict verdict, Instant raisedAt, Instant updatedAt) {
}
