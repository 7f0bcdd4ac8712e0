package org.touchstone.agent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.touchstone.agent.assessment.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.alert.AlertBook;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.declaration.DeclarationRejectedException;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.agent.journal.Journal;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.schema.DeclarationAccepted;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.journal.schema.VerdictChanged;
import org.touchstone.agent.journal.schema.WeighingRecorded;
import org.touchstone.agent.journal.schema.XrfShotRecorded;

/**
 * Rebuilds, after a restart or a crash, the inspections the journal shows open: their declarations, weighings
 * and XRF shots, the revision their verdict had reached and their alert, and the verdict the journal last
 * published for each ({@link Result#lastPublished()}). What was published is not published again; where the
 * evidence now decides differently (a journal written before decisions were one transaction, a crash between a
 * declaration and its first verdict there), the agent publishes the difference ({@link Agent}), never silently
 * recomputing. A closed inspection stays closed. A reading that arrived but was not yet bound is not replayed;
 * the item on the bench must be chosen again.
 */
final class InspectionRecovery {

    private static final Logger log = LoggerFactory.getLogger(InspectionRecovery.class);

    /** What was put back. */
    record Result(int inspections, int weighings, int shots, Map<String, Integer> verdictRevisions,
                  Set<String> knownDeclarations, Set<String> declarationSources,
                  Map<String, Optional<Verdict>> lastPublished) {
    }

    private static final class Open {
        Declaration declaration;
        List<org.touchstone.agent.assessment.Selectivity> riskRules = List.of();
        Instant openedAt;
        boolean closed;
        final List<Weighing> weighings = new ArrayList<>();
        final List<String> weighingItems = new ArrayList<>();
        final List<XrfShot> shots = new ArrayList<>();
        final List<String> shotItems = new ArrayList<>();
        int verdictRevision;
        Verdict lastVerdict;
        Alert alert;
    }

    private InspectionRecovery() {
    }

    static Result recover(Journal journal, JournalSchema schema, InspectionDesk desk, Map<String, ScaleMetrology> scales,
                          AlertBook alerts) {
        DeclarationReader reader = new DeclarationReader();
        Map<String, Open> byId = new LinkedHashMap<>();
        Set<String> sources = new HashSet<>();
        journal.forEachOfInspections(r -> {
            try {
                apply(r, schema, reader, byId, sources, scales);
            } catch (DeclarationRejectedException | RuntimeException e) {
                log.error("recovery: journal record #{} ({}) cannot be read back: {}", r.seq(), r.storedType(),
                        e.getMessage());
            }
        });
        int inspections = 0;
        int weighings = 0;
        int shots = 0;
        Map<String, Integer> revisions = new HashMap<>();
        Map<String, Optional<Verdict>> lastPublished = new LinkedHashMap<>();
        for (Map.Entry<String, Open> e : byId.entrySet()) {
            Open o = e.getValue();
            if (o.alert != null) {
                alerts.restore(o.alert);
            }
            revisions.put(e.getKey(), o.verdictRevision);
            if (o.closed) {
                continue;
            }
            Inspection inspection = desk.restore(o.declaration, o.openedAt, o.riskRules);
            for (int i = 0; i < o.weighings.size(); i++) {
                int k = i;
                inspection.item(o.weighingItems.get(i)).ifPresent(item -> item.addWeighing(o.weighings.get(k)));
            }
            for (int i = 0; i < o.shots.size(); i++) {
                int k = i;
                inspection.item(o.shotItems.get(i)).ifPresent(item -> item.addXrfShot(o.shots.get(k)));
            }
            lastPublished.put(inspection.id(), Optional.ofNullable(o.lastVerdict));
            inspections++;
            weighings += o.weighings.size();
            shots += o.shots.size();
        }
        return new Result(inspections, weighings, shots, revisions, new HashSet<>(byId.keySet()), sources,
                lastPublished);
    }

    private static void apply(JournalRecord r, JournalSchema schema, DeclarationReader reader, Map<String, Open> byId,
                              Set<String> sources, Map<String, ScaleMetrology> scales) throws DeclarationRejectedException {
        RecordType type = r.type();
        if (type == null) {
            return;
        }
        String id = r.inspectionId();
        if (type == RecordType.DECLARATION) {
            DeclarationAccepted d = schema.read(r, DeclarationAccepted.class);
            sources.add(d.source());
            Open o = new Open();
            o.declaration = reader.read(d.document().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "journal #" + r.seq());
            o.openedAt = Instant.parse(r.at());
            o.riskRules = d.riskRules();
            byId.put(id, o);
            return;
        }
        Open o = byId.get(id);
        if (o == null) {
            return;
        }
        switch (type) {
            case WEIGHING -> {
                WeighingRecorded w = schema.read(r, WeighingRecorded.class);
                ScaleMetrology m = scales.get(w.reading().deviceId());
                if (m == null) {
                    log.warn("recovery: weighing #{} from scale {} that is no longer configured; left out", r.seq(),
                            w.reading().deviceId());
                    return;
                }
                o.weighings.add(new Weighing(w.reading(), m, 1, w.medium(), trust(w.trust(), w.reading().deviceId())));
                o.weighingItems.add(w.itemId());
            }
            case XRF_SHOT -> {
                XrfShotRecorded x = schema.read(r, XrfShotRecorded.class);
                o.shots.add(new XrfShot(x.reading(), trust(x.trust(), x.reading().deviceId())));
                o.shotItems.add(x.itemId());
            }
            case VERDICT -> {
                VerdictChanged v = schema.read(r, VerdictChanged.class);
                o.verdictRevision = v.revision();
                o.lastVerdict = v.verdict();
            }
            case ALERT -> o.alert = schema.read(r, Alert.class);
            case INSPECTION_CLOSED -> o.closed = true;
            default -> { }
        }
    }

    /** The trust recorded with the reading; a record from before trust was kept counts as unknown. */
    private static DeviceTrust trust(DeviceTrust recorded, String deviceId) {
        return recorded == null ? DeviceTrust.unknown(deviceId) : recorded;
    }
}
