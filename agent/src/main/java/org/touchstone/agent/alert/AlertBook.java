package org.touchstone.agent.alert;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;

/** Keeps one alert per inspection and decides when a verdict change raises or updates it. */
public final class AlertBook {
    private final String postId;
    private final Map<String, Alert> alerts = new HashMap<>();

    public AlertBook(String postId) {
        this.postId = postId;
    }

    /**
     * The alert revision this verdict calls for: a new alert when the lane first turns yellow or red, an update
     * of the existing alert on any later change, nothing for a pending or green inspection that never alerted.
     */
    public Optional<Alert> onVerdict(Verdict verdict) {
        Alert existing = alerts.get(verdict.declarationId());
        boolean alerting = verdict.lane() == Lane.RED || verdict.lane() == Lane.YELLOW;
        if (existing == null && !alerting) {
            return Optional.empty();
        }
        String alertId = postId + ":" + verdict.declarationId();
        int revision = existing == null ? 1 : existing.revision() + 1;
        Alert alert = new Alert(alertId, alertId + ":" + revision, revision, existing == null ? "RAISED" : "UPDATED",
                postId, verdict.declarationId(), verdict.lane(), verdict,
                existing == null ? verdict.assessedAt() : existing.raisedAt(), verdict.assessedAt());
        alerts.put(verdict.declarationId(), alert);
        return Optional.of(alert);
    }
}
