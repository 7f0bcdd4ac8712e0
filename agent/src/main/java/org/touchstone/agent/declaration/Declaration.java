package org.touchstone.agent.declaration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A customs declaration for one consignment, as the agent checks it against measurements.
 *
 * @param original the document as received, extra fields included, kept as evidence
 * @param warnings what was accepted but deserves a second look (an avoirdupois ounce beside bullion, an unusual
 *                 karat), by field path
 */
public record Declaration(String declarationId, String declarant, String exporter, String originCountry,
                          List<DeclaredItem> items, JsonNode original,
                          List<DeclarationRejectedException.Problem> warnings) {
    public Declaration {
        items = List.copyOf(items);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A declaration without warnings. */
    public Declaration(String declarationId, String declarant, String exporter, String originCountry,
                       List<DeclaredItem> items, JsonNode original) {
        this(declarationId, declarant, exporter, originCountry, items, original, List.of());
    }

    public Optional<DeclaredItem> item(String itemId) {
        return items.stream().filter(i -> i.itemId().equals(itemId)).findFirst();
    }
}
