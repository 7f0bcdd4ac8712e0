package org.touchstone.agent.journal.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.touchstone.agent.assessment.Selectivity;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/**
 * A declaration accepted; its inspection opens. Stored under the inspection's id.
 *
 * @param source             where it came from: the MQTT topic, or the file in the watched folder
 * @param document           the document as received, extra fields included
 * @param by                 who submitted it, when known (null for the topic and the folder, which carry no identity)
 * @param riskProfileVersion the version of headquarters' risk profile the post held when the inspection opened
 *                           (null: none), so the decision can be reproduced
 * @param riskRules          the rules of that profile that matched the declaration, as applied (absent: none)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeclarationAccepted(String source, JsonNode document, String by, Long riskProfileVersion,
                                  List<Selectivity> riskRules) implements JournalPayload {

    public DeclarationAccepted {
        riskRules = riskRules == null ? List.of() : List.copyOf(riskRules);
    }

    /** Accepted without a risk profile. */
    public DeclarationAccepted(String source, JsonNode document, String by) {
        this(source, document, by, null, List.of());
    }

    @Override
    public RecordType type() {
        return RecordType.DECLARATION;
    }
}
