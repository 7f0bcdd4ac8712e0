package org.touchstone.agent.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.journal.Journal;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.JournalVerifier;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.schema.ActiveItemChanged;
import org.touchstone.agent.journal.schema.DeclarationAccepted;
import org.touchstone.agent.journal.schema.DeviceStatus;
import org.touchstone.agent.journal.schema.InspectionClosed;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.journal.schema.VerdictChanged;
import org.touchstone.agent.journal.schema.WeighingRecorded;
import org.touchstone.agent.journal.schema.XrfShotRecorded;

/**
 * Everything the journal holds about one inspection, for a seizure file: the declaration, every weighing and XRF
 * shot with its raw frame, the verdicts and findings, the alert's life, the state of the devices during the
 * inspection, and the hashes that let anyone check the records were not changed.
 */
public final class EvidencePackage {

    static final String HOW_TO_VERIFY = "Each record's hash is the SHA-256 (hex) of the UTF-8 text: prevHash, seq, at,"
            + " type, inspection and data, joined by line feeds. A record's prevHash is the hash of the record before it"
            + " in the journal (records of other inspections in between are not part of this package). Check each"
            + " record's hash here; check the whole chain with `touchstone journal verify` on the post's journal.";

    private EvidencePackage() {
    }

    /**
     * Builds the package.
     *
     * @throws IllegalArgumentException when the journal has nothing on that inspection
     */
    public static ObjectNode build(Journal journal, String inspectionId, String postId, ObjectMapper json,
                                   Instant exportedAt) {
        JournalSchema schema = new JournalSchema(json);
        List<JournalRecord> records = journal.records(inspectionId);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the journal " + journal.file() + " has no record of inspection '"
                    + inspectionId + "'");
        }
        ObjectNode root = json.createObjectNode();
        root.put("inspection", inspectionId);
        root.put("postId", postId);
        root.put("exportedAt", exportedAt.toString());
        root.put("journal", journal.file().toString());
        ArrayNode weighings = root.putArray("weighings");
        ArrayNode shots = root.putArray("xrfShots");
        ArrayNode verdicts = root.putArray("verdicts");
        ArrayNode alerts = root.putArray("alerts");
        ArrayNode chain = root.putArray("records");
        for (JournalRecord r : records) {
            RecordType type = r.type();
            if (type != null) {
                switch (type) {
                    case DECLARATION -> {
                        DeclarationAccepted d = schema.read(r, DeclarationAccepted.class);
                        root.set("declaration", d.document());
                        if (d.riskProfileVersion() != null) {
                            // Headquarters' rules the inspection was decided under, as journaled when it opened.
                            ObjectNode risk = root.putObject("riskProfile");
                            risk.put("version", d.riskProfileVersion());
                            risk.set("rules", json.valueToTree(d.riskRules()));
                        }
                    }
                    case WEIGHING -> weighings.add(json.valueToTree(schema.read(r, WeighingRecorded.class)));
                    case XRF_SHOT -> shots.add(json.valueToTree(schema.read(r, XrfShotRecorded.class)));
                    case VERDICT -> verdicts.add(json.valueToTree(schema.read(r, VerdictChanged.class)));
                    case ALERT -> alerts.add(json.valueToTree(schema.read(r, Alert.class)));
                    case INSPECTION_CLOSED -> root.set("closure", ((ObjectNode) json.valueToTree(
                            schema.read(r, InspectionClosed.class))).put("at", r.at()).put("seq", r.seq()));
                    default -> { }
                }
            }
            ObjectNode link = chain.addObject();
            link.put("seq", r.seq());
            link.put("at", r.at());
            link.put("type", r.storedType());
            link.put("inspection", r.inspectionId());
            link.put("data", r.data());
            link.put("prevHash", r.prevHash());
            link.put("hash", r.hash());
            link.put("hashMatches", r.hashMatches());
        }
        if (!verdicts.isEmpty()) {
            JsonNode last = verdicts.get(verdicts.size() - 1).path("verdict");
            root.put("lane", last.path("lane").asText());
            root.set("findings", last.path("findings"));
            root.set("notTested", last.path("notTested"));
            root.set("items", last.path("items"));
        }
        String from = records.get(0).at();
        String to = records.get(records.size() - 1).at();
        // The items put on the bench are journaled without the inspection's id (they name it in their data), so
        // they are looked up by type from the inspection's first record on; so is the closure of a journal written
        // before closures were stored under their inspection.
        ArrayNode selections = root.putArray("selections");
        for (JournalRecord r : journal.records(RecordType.ACTIVE_ITEM, from, "9999")) {
            ActiveItemChanged selection = schema.read(r, ActiveItemChanged.class);
            if (inspectionId.equals(selection.declarationId())) {
                selections.add(((ObjectNode) json.valueToTree(selection)).put("at", r.at()).put("seq", r.seq()));
            }
        }
        if (!root.has("closure")) {
            for (JournalRecord r : journal.records(RecordType.INSPECTION_CLOSED, from, "9999")) {
                InspectionClosed closure = schema.read(r, InspectionClosed.class);
                if (inspectionId.equals(closure.declarationId())) {
                    root.set("closure", ((ObjectNode) json.valueToTree(closure)).put("at", r.at()).put("seq", r.seq()));
                    break;
                }
            }
        }
        // Each device's last known state when the inspection began, then every change during it.
        Map<String, ObjectNode> before = new LinkedHashMap<>();
        ArrayNode devices = root.putArray("deviceEvents");
        for (JournalRecord r : journal.records(RecordType.DEVICE_STATUS, "", to)) {
            ObjectNode event = ((ObjectNode) json.valueToTree(schema.read(r, DeviceStatus.class))).put("at", r.at())
                    .put("seq", r.seq());
            if (r.at().compareTo(from) < 0) {
                before.put(event.path("deviceId").asText(), event);
            } else {
                devices.add(event);
            }
        }
        before.values().forEach(e -> devices.insert(0, e));
        // The last check of every device before the inspection ended: what its readings were trusted on.
        Map<String, ObjectNode> checks = new LinkedHashMap<>();
        for (JournalRecord r : journal.records(RecordType.CALIBRATION, "", to)) {
            CalibrationBook.Entry c = schema.read(r, CalibrationBook.Entry.class);
            ObjectNode summary = json.createObjectNode().put("deviceId", c.deviceId()).put("kind", c.kind())
                    .put("passed", c.passed()).put("at", r.at()).put("seq", r.seq());
            summary.set("record", json.valueToTree(c.record()));
            checks.put(c.deviceId(), summary);
        }
        root.putArray("calibrations").addAll(checks.values());
        JournalVerifier.Result whole = JournalVerifier.verify(journal);
        ObjectNode verification = root.putObject("journalVerification");
        verification.put("ok", whole.ok());
        verification.put("recordsChecked", whole.records());
        verification.put("anchorFirstSeq", journal.anchorFirstSeq());
        verification.put("anchorPrevHash", journal.anchorPrevHash());
        if (!whole.ok()) {
            verification.put("problem", whole.problem());
        }
        root.put("howToVerify", HOW_TO_VERIFY);
        return root;
    }
}
