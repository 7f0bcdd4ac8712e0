package org.touchstone.agent.alert;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;

/**
 * Keeps one alert per inspection through its life: raised, updated, acknowledged, closed. Each change is a new
 * revision under the same alert id.
 */
public final class AlertBook {
    private final String postId;
    /** The current (latest) alert of each declaration. */
    private final Map<String, Alert> alerts = new HashMap<>();
    /** How many alerts each declaration has had. */
    private final Map<String, Integer> generations = new HashMap<>();

    public AlertBook(String postId) {
        this.postId = postId;
    }

    /**
     * The alert revision this verdict calls for: a new alert when the lane first turns yellow or red, an update
     * of the existing alert on any later change, nothing for a pending or green inspection that never alerted.
     * Once an alert is closed, a RED verdict raises a new alert ({@code <post>:<declaration>:2}, then {@code :3}):
     * evidence found after the officer's decision is never silently dropped. A later YELLOW or GREEN raises nothing.
     */
    public Optional<Alert> onVerdict(Verdict verdict) {
        Alert existing = alerts.get(verdict.declarationId());
        boolean alerting = verdict.lane() == Lane.RED || verdict.lane() == Lane.YELLOW;
        if (existing == null && !alerting) {
            return Optional.empty();
        }
        if (existing != null && existing.closure() != null) {
            if (verdict.lane() != Lane.RED) {
                return Optional.empty();
            }
            existing = null; // a new alert, with the next generation's id
        }
        String alertId = existing == null ? nextAlertId(verdict.declarationId()) : existing.alertId();
        int revision = existing == null ? 1 : existing.revision() + 1;
        Alert alert = new Alert(alertId, null, revision, existing == null ? "RAISED" : "UPDATED",
                postId, verdict.declarationId(), verdict.lane(), verdict,
                existing == null ? verdict.assessedAt() : existing.raisedAt(), verdict.assessedAt(),
                existing == null ? null : existing.acknowledgement(), null);
        alerts.put(verdict.declarationId(), alert);
        return Optional.of(alert);
    }

    /** {@code <post>:<declaration>} for a declaration's first alert, {@code <post>:<declaration>:<n>} after. */
    private String nextAlertId(String declarationId) {
        int generation = generations.merge(declarationId, 1, Integer::sum);
        return postId + ":" + declarationId + (generation == 1 ? "" : ":" + generation);
    }

    /**
     * The alert an officer names: its alert id, or the declaration id (then the declaration's current alert).
     *
     * @throws IllegalArgumentException when neither names an alert
     */
    public Alert find(String alertOrDeclarationId) {
        for (Alert a : alerts.values()) {
            if (a.alertId().equals(alertOrDeclarationId)) {
                return a;
            }
        }
        Alert byDeclaration = alerts.get(alertOrDeclarationId);
        if (byDeclaration != null) {
            return byDeclaration;
        }
        for (Alert a : alerts.values()) {
            String first = postId + ":" + a.declarationId();
            if (alertOrDeclarationId.equals(first) || alertOrDeclarationId.startsWith(first + ":")
                    && alertOrDeclarationId.substring(first.length() + 1).matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("alert '" + alertOrDeclarationId + "' is closed; the current alert of"
                        + " declaration " + a.declarationId() + " is " + a.alertId());
            }
        }
        throw new IllegalArgumentException("no alert '" + alertOrDeclarationId + "'");
    }

    /**
     * An officer acknowledges an alert.
     *
     * @throws IllegalArgumentException when there is no such alert, or it is closed
     */
    public Alert acknowledge(String alertId, String by, String note, Instant at) {
        Alert a = open(alertId, by);
        return put(new Alert(a.alertId(), null, a.revision() + 1, "ACKNOWLEDGED",
                a.postId(), a.declarationId(), a.lane(), a.verdict(), a.raisedAt(), at,
                new Alert.Acknowledgement(by, at, note), null));
    }

    /**
     * An officer closes an alert with what was done with the goods.
     *
     * @throws IllegalArgumentException when there is no such alert, or it is closed already
     */
    public Alert close(String alertId, String by, Alert.Outcome outcome, String note, Instant at) {
        Alert a = open(alertId, by);
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required: RELEASED, DETAINED, SAMPLED or SEIZED");
        }
        return put(new Alert(a.alertId(), null, a.revision() + 1, "CLOSED",
                a.postId(), a.declarationId(), a.lane(), a.verdict(), a.raisedAt(), at, a.acknowledgement(),
                new Alert.Closure(by, at, outcome, note)));
    }

    private Alert open(String alertId, String by) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("by: the officer's name or id is required");
        }
        Alert a = find(alertId);
        if (a.closure() != null) {
            throw new IllegalArgumentException("alert " + a.alertId() + " is closed (" + a.closure().outcome() + ")");
        }
        return a;
    }

    /** Takes back an alert's last revision from the journal after a restart. */
    /** The current revision of a declaration's alert, if it has one. */
    public Optional<Alert> forDeclaration(String declarationId) {
        return Optional.ofNullable(alerts.get(declarationId));
    }

    public void restore(Alert alert) {
        alerts.put(alert.declarationId(), alert);
        String first = postId + ":" + alert.declarationId();
        int generation = 1;
        if (alert.alertId().startsWith(first + ":")) {
            try {
                generation = Integer.parseInt(alert.alertId().substring(first.length() + 1));
            } catch (NumberFormatException e) {
                generation = 1;
            }
        }
        generations.merge(alert.declarationId(), generation, Math::max);
    }

    private Alert put(Alert a) {
        alerts.put(a.declarationId(), a);
        return a;
    }
}
