package org.touchstone.agent.declaration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A customs declaration for one consignment, as the agent checks it against measurements.
 *
 * @param original the document as received, extra fields included, kept as evidence
 */
public record Declaration(String declarationId, String declarant, String exporter, String originCountry,
                          List<DeclaredItem> items, JsonNode original) {
    public Declaration {
        items = List.copyOf(items);
    }

    public Optional<DeclaredItem> item(String itemId) {
        return items.stream().filter(i -> i.itemId().equals(itemId)).findFirst();
    }
}
