package org.touchstone.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.alert.AlertBook;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.declaration.DeclarationRejectedException;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Rebuilds, after a restart or a crash, the inspections the journal shows open: their declarations, weighings
 * and XRF shots, the revision their verdict had reached and their alert. Nothing is reported again: it was
 * reported before. A reading that arrived but was not yet bound is not replayed; the item on the bench must be
 * chosen again.
 */
final class InspectionRecovery {

    private static final Logger log = LoggerFactory.getLogger(InspectionRecovery.class);

    /** What was put back. */
    record Result(int inspections, int weighings, int shots, Map<String, Integer> verdictRevisions,
                  java.util.Set<String> knownDeclarations, java.util.Set<String> declarationSources) {
    }

    private static final class Open {
        Declaration declaration;
        Instant openedAt;
        boolean closed;
        final List<Weighing> weighings = new ArrayList<>();
        final List<String> weighingItems = new ArrayList<>();
        final List<XrfShot> shots = new ArrayList<>();
        final List<String> shotItems = new ArrayList<>();
        int verdictRevision;
        Alert alert;
    }

    private InspectionRecovery() {
    }

    static Result recover(SqliteJournal journal, ObjectMapper json, InspectionDesk desk,
                          Map<String, ScaleMetrology> scales, AlertBook alerts) {
        ObjectMapper lenient = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        DeclarationReader reader = new DeclarationReader();
        Map<String, Open> byId = new LinkedHashMap<>();
        java.util.Set<String> sources = new java.util.HashSet<>();
        journal.forEachOfInspections(r -> {
            try {
                JsonNode data = lenient.readTree(r.data());
                String id = r.inspectionId();
                switch (r.type()) {
                    case "declaration" -> {
                        sources.add(data.path("source").asText());
                        Open o = new Open();
                        o.declaration = reader.read(lenient.writeValueAsBytes(data.path("document")), "journal #" + r.seq());
                        o.openedAt = Instant.parse(r.at());
                        byId.put(id, o);
                    }
                    case "weighing" -> ifOpen(byId, id, o -> {
                        WeightReading w = lenient.treeToValue(data.path("reading"), WeightReading.class);
                        ScaleMetrology m = scales.get(w.deviceId());
                        if (m == null) {
                            log.warn("recovery: weighing #{} from scale {} that is no longer configured; left out", r.seq(),
                                    w.deviceId());
                            return;
                        }
                        o.weighings.add(new Weighing(w, m, 1, Weighing.Medium.valueOf(data.path("medium").asText("AIR")),
                                trust(lenient, data, w.deviceId())));
                        o.weighingItems.add(data.path("itemId").asText());
                    });
                    case "xrfShot" -> ifOpen(byId, id, o -> {
                        XrfReading x = lenient.treeToValue(data.path("reading"), XrfReading.class);
                        o.shots.add(new XrfShot(x, trust(lenient, data, x.deviceId())));
                        o.shotItems.add(data.path("itemId").asText());
                    });
                    case "verdict" -> ifOpen(byId, id, o -> o.verdictRevision = data.path("revision").asInt());
                    case "alert" -> ifOpen(byId, id, o -> o.alert = lenient.treeToValue(data, Alert.class));
                    case "inspectionClosed" -> ifOpen(byId, id, o -> o.closed = true);
                    default -> { }
                }
            } catch (IOException | DeclarationRejectedException | RuntimeException e) {
                log.error("recovery: journal record #{} ({}) cannot be read back: {}", r.seq(), r.type(), e.getMessage());
            }
        });
        int inspections = 0;
        int weighings = 0;
        int shots = 0;
        Map<String, Integer> revisions = new HashMap<>();
        for (Map.Entry<String, Open> e : byId.entrySet()) {
            Open o = e.getValue();
            if (o.alert != null) {
                alerts.restore(o.alert);
            }
            revisions.put(e.getKey(), o.verdictRevision);
            if (o.closed) {
                continue;
            }
            Inspection inspection = desk.restore(o.declaration, o.openedAt);
            for (int i = 0; i < o.weighings.size(); i++) {
                int k = i;
                inspection.item(o.weighingItems.get(i)).ifPresent(item -> item.addWeighing(o.weighings.get(k)));
            }
            for (int i = 0; i < o.shots.size(); i++) {
                int k = i;
                inspection.item(o.shotItems.get(i)).ifPresent(item -> item.addXrfShot(o.shots.get(k)));
            }
            desk.settle(inspection.id());
            inspections++;
            weighings += o.weighings.size();
            shots += o.shots.size();
        }
        return new Result(inspections, weighings, shots, revisions, new java.util.HashSet<>(byId.keySet()), sources);
    }

    /** The trust recorded with the reading; a record from before trust was kept counts as unknown. */
    private static DeviceTrust trust(ObjectMapper json, JsonNode data, String deviceId) throws IOException {
        JsonNode t = data.get("trust");
        return t == null || t.isNull() ? DeviceTrust.unknown(deviceId) : json.treeToValue(t, DeviceTrust.class);
    }

    @FunctionalInterface
    private interface Step {
        void apply(Open open) throws IOException;
    }

    private static void ifOpen(Map<String, Open> byId, String id, Step step) throws IOException {
        Open o = byId.get(id);
        if (o != null) {
            step.apply(o);
        }
    }
}
