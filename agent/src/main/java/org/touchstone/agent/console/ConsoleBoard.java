package org.touchstone.agent.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.console.ConsoleBackend.ActiveItem;
import org.touchstone.agent.console.ConsoleBackend.AlertLife;
import org.touchstone.agent.console.ConsoleBackend.InspectionSummary;
import org.touchstone.agent.console.ConsoleBackend.Unbound;
import org.touchstone.agent.console.ConsoleBackend.XrfNow;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * What the console shows at a glance, kept from the agent's events (and from the journal at start): the
 * inspections with their lane and alert, the alerts' lives, the bench, the devices' states. Bounded: the oldest
 * closed inspections and alerts are forgotten past {@link #MAX_INSPECTIONS} (the journal keeps them).
 * Thread-safe: written on the agent's desk thread, read by the web server's.
 */
final class ConsoleBoard {

    static final int MAX_INSPECTIONS = 1000;
    static final int MAX_REVISIONS = 200;

    private static final class Row {
        Declaration declaration;
        Instant openedAt;
        Lane lane = Lane.PENDING;
        boolean complete;
        int verdictRevision;
        boolean open = true;
        Instant closedAt;
        String closedBy;
    }

    /** A device's last reported state. */
    record DeviceState(String state, String detail, Instant at) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, List<Alert>> alerts = new LinkedHashMap<>();
    private final Map<String, String> alertOfDeclaration = new HashMap<>();
    private final Map<String, WeightReading> scales = new LinkedHashMap<>();
    private final Map<String, DeviceState> deviceStates = new HashMap<>();
    private final Map<String, String> serials = new HashMap<>();
    private final Map<String, String> models = new HashMap<>();
    private ActiveItem active;
    private boolean selectionWeighed;
    private XrfNow lastShot;
    private Unbound lastUnbound;

    synchronized void opened(Declaration d, Instant at) {
        Row r = rows.get(d.declarationId());
        if (r == null) {
            r = new Row();
            rows.put(d.declarationId(), r);
        }
        r.declaration = d;
        r.openedAt = r.openedAt == null ? at : r.openedAt;
        trim();
    }

    /** A verdict; an older revision than the one shown (the journal read at start racing a live event) is ignored. */
    synchronized void verdict(Verdict v, int revision) {
        Row r = rows.get(v.declarationId());
        if (r == null || revision < r.verdictRevision) {
            return;
        }
        r.verdictRevision = revision;
        r.lane = v.lane();
        r.complete = v.complete();
    }

    synchronized void closed(String declarationId, Instant at, String by) {
        Row r = rows.get(declarationId);
        if (r != null) {
            r.open = false;
            r.closedAt = at;
            r.closedBy = by;
        }
        if (active != null && active.declarationId().equals(declarationId)) {
            active = null;
        }
    }

    synchronized void alert(Alert a) {
        List<Alert> life = alerts.computeIfAbsent(a.alertId(), k -> new ArrayList<>());
        alertOfDeclaration.put(a.declarationId(), a.alertId());
        if (life.stream().anyMatch(x -> x.revision() == a.revision())) {
            return;
        }
        life.add(a);
        life.sort(Comparator.comparingInt(Alert::revision));
        if (life.size() > MAX_REVISIONS) {
            life.remove(1);
        }
    }

    synchronized void activeItem(ActiveItem a) {
        active = a;
        selectionWeighed = false;
    }

    /** The selected item was weighed and taken off the pan: the next load waits for a selection. */
    synchronized void selectionWeighed() {
        selectionWeighed = true;
    }

    synchronized boolean isSelectionWeighed() {
        return selectionWeighed;
    }

    synchronized void scale(WeightReading w) {
        scales.put(w.deviceId(), w);
        if (w.serialNumber() != null) {
            serials.put(w.deviceId(), w.serialNumber());
        }
    }

    synchronized void shot(XrfReading x, String boundTo) {
        if (lastShot == null || boundTo != null || !x.receivedAt().equals(lastShot.reading().receivedAt())
                || !x.deviceId().equals(lastShot.reading().deviceId())) {
            lastShot = new XrfNow(x, boundTo);
        }
        if (x.analyzerSerial() != null) {
            serials.put(x.deviceId(), x.analyzerSerial());
        }
        if (x.analyzerModel() != null) {
            models.put(x.deviceId(), x.analyzerModel());
        }
    }

    synchronized void unbound(Unbound u) {
        lastUnbound = u;
    }

    synchronized void deviceState(String deviceId, DeviceState s) {
        DeviceState before = deviceStates.get(deviceId);
        if (before == null || !s.at().isBefore(before.at())) {
            deviceStates.put(deviceId, s);
        }
    }

    synchronized void serial(String deviceId, String serial) {
        if (serial != null && !serial.isBlank()) {
            serials.putIfAbsent(deviceId, serial);
        }
    }

    synchronized List<InspectionSummary> inspections() {
        List<InspectionSummary> out = new ArrayList<>();
        rows.forEach((id, r) -> out.add(summary(id, r)));
        out.sort(Comparator.comparing(InspectionSummary::open).reversed()
                .thenComparing(InspectionSummary::openedAt, Comparator.reverseOrder()));
        return out;
    }

    synchronized Optional<InspectionSummary> inspection(String id) {
        Row r = rows.get(id);
        return r == null ? Optional.empty() : Optional.of(summary(id, r));
    }

    synchronized Optional<Declaration> declaration(String id) {
        Row r = rows.get(id);
        return r == null ? Optional.empty() : Optional.ofNullable(r.declaration);
    }

    synchronized List<AlertLife> alerts() {
        List<AlertLife> out = new ArrayList<>();
        alerts.forEach((id, life) -> out.add(new AlertLife(id, life.get(0).declarationId(), List.copyOf(life))));
        out.sort(Comparator.comparing((AlertLife l) -> l.latest().closure() == null).reversed()
                .thenComparing(l -> l.latest().updatedAt(), Comparator.reverseOrder()));
        return out;
    }

    synchronized Optional<AlertLife> alert(String alertId) {
        List<Alert> life = alerts.get(alertId);
        return life == null ? Optional.empty()
                : Optional.of(new AlertLife(alertId, life.get(0).declarationId(), List.copyOf(life)));
    }

    synchronized ActiveItem active() {
        return active;
    }

    synchronized Map<String, WeightReading> scales() {
        return new LinkedHashMap<>(scales);
    }

    synchronized XrfNow lastShot() {
        return lastShot;
    }

    synchronized Unbound lastUnbound() {
        return lastUnbound;
    }

    synchronized DeviceState deviceState(String id) {
        return deviceStates.get(id);
    }

    synchronized String serial(String id) {
        return serials.get(id);
    }

    synchronized String model(String id) {
        return models.get(id);
    }

    private InspectionSummary summary(String id, Row r) {
        Declaration d = r.declaration;
        List<Alert> life = alerts.get(alertIdOf(id));
        Alert alert = life == null || life.isEmpty() ? null : life.get(life.size() - 1);
        return new InspectionSummary(id, d == null ? null : d.declarant(), d == null ? null : d.exporter(),
                d == null ? null : d.originCountry(), d == null ? 0 : d.items().size(), r.openedAt, r.lane, r.complete,
                r.open, r.closedAt, r.closedBy, alert);
    }

    private String alertIdOf(String declarationId) {
        return alertOfDeclaration.get(declarationId);
    }

    private void trim() {
        if (rows.size() <= MAX_INSPECTIONS) {
            return;
        }
        Iterator<Map.Entry<String, Row>> it = rows.entrySet().iterator();
        while (rows.size() > MAX_INSPECTIONS && it.hasNext()) {
            Map.Entry<String, Row> e = it.next();
            if (!e.getValue().open) {
                it.remove();
                String alertId = alertIdOf(e.getKey());
                if (alertId != null) {
                    alerts.remove(alertId);
                    alertOfDeclaration.remove(e.getKey());
                }
            }
        }
    }
}
