package org.touchstone.agent.inspection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclaredItem;

/** The physical check of one declaration: its items and what was measured on each. */
public final class Inspection {
    private final Declaration declaration;
    private final Instant openedAt;
    private final Map<String, ItemEvidence> items = new LinkedHashMap<>();

    public Inspection(Declaration declaration, Instant openedAt) {
        this.declaration = declaration;
        this.openedAt = openedAt;
        for (DeclaredItem item : declaration.items()) {
            items.put(item.itemId(), new ItemEvidence(item));
        }
    }

    public Declaration declaration() {
        return declaration;
    }

    public String id() {
        return declaration.declarationId();
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Iterable<ItemEvidence> items() {
        return items.values();
    }

    public Optional<ItemEvidence> item(String itemId) {
        return Optional.ofNullable(items.get(itemId));
    }
}
