package org.touchstone.agent.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public static ObjectNode build(SqliteJournal journal, String inspectionId, String postId, ObjectMapper json,
                                   Instant exportedAt) {
        List<SqliteJournal.Record> records = journal.records(inspectionId);
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
        for (SqliteJournal.Record r : records) {
            JsonNode data = parse(json, r.data());
            switch (r.type()) {
                case "declaration" -> root.set("declaration", data.path("document"));
                case "weighing" -> weighings.add(data);
                case "xrfShot" -> shots.add(data);
                case "verdict" -> verdicts.add(data);
                case "alert" -> alerts.add(data);
                default -> { }
            }
            ObjectNode link = chain.addObject();
            link.put("seq", r.seq());
            link.put("at", r.at());
            link.put("type", r.type());
            link.put("inspection", r.inspectionId());
            link.put("data", r.data());
            link.put("prevHash", r.prevHash());
            link.put("hash", r.hash());
            link.put("hashMatches", SqliteJournal.hash(r.prevHash(), r.seq(), r.at(), r.type(), r.inspectionId(),
                    r.data()).equals(r.hash()));
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
        // The items put on the bench and the closure are journaled without the inspection's id (they name it in
        // their data), so they are looked up by type from the inspection's first record on.
        ArrayNode selections = root.putArray("selections");
        for (SqliteJournal.Record r : journal.records(from, "9999", "activeItem")) {
            JsonNode data = parse(json, r.data());
            if (inspectionId.equals(data.path("declarationId").asText())) {
                selections.add(((ObjectNode) data).deepCopy().put("at", r.at()).put("seq", r.seq()));
            }
        }
        for (SqliteJournal.Record r : journal.records(from, "9999", "inspectionClosed")) {
            JsonNode data = parse(json, r.data());
            if (inspectionId.equals(data.path("declarationId").asText())) {
                root.set("closure", ((ObjectNode) data).deepCopy().put("at", r.at()).put("seq", r.seq()));
                break;
            }
        }
        // Each device's last known state when the inspection began, then every change during it.
        Map<String, ObjectNode> before = new LinkedHashMap<>();
        ArrayNode devices = root.putArray("deviceEvents");
        for (SqliteJournal.Record r : journal.records("", to, "deviceStatus")) {
            ObjectNode event = ((ObjectNode) parse(json, r.data())).deepCopy().put("at", r.at()).put("seq", r.seq());
            if (r.at().compareTo(from) < 0) {
                before.put(event.path("deviceId").asText(), event);
            } else {
                devices.add(event);
            }
        }
        before.values().forEach(e -> devices.insert(0, e));
        // The last check of every device before the inspection ended: what its readings were trusted on.
        Map<String, ObjectNode> checks = new LinkedHashMap<>();
        for (SqliteJournal.Record r : journal.records("", to, "calibration")) {
            JsonNode c = parse(json, r.data());
            ObjectNode summary = json.createObjectNode().put("deviceId", c.path("deviceId").asText())
                    .put("kind", c.path("kind").asText()).put("passed", c.path("passed").asBoolean())
                    .put("at", r.at()).put("seq", r.seq());
            summary.set("record", c.path("record"));
            checks.put(c.path("deviceId").asText(), summary);
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

    private static JsonNode parse(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
