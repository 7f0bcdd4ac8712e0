package org.touchstone.agent.journal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/**
 * A declaration accepted; its inspection opens. Stored under the inspection's id.
 *
 * @param source   where it came from: the MQTT topic, or the file in the watched folder
 * @param document the document as received, extra fields included
 * @param by       who submitted it, when known (null for the topic and the folder, which carry no identity)
 */
public record DeclarationAccepted(String source, JsonNode document, String by) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.DECLARATION;
    }
}
