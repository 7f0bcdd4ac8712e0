package org.touchstone.agent.declaration;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * How an item is made, as declared: what XRF on its surface and density of the whole can say depends on it (HS
 * Chapter 71 notes 6 and 7: plated silver is still silver, base metal plated or clad with gold is not gold).
 *
 * @param kind  solid (the default), plated, filled, clad, hollow or stone-set
 * @param layer for plated, filled and clad: the element symbol of the surface layer (Rh on white gold, Au on
 *              vermeil or on gold-filled brass); null otherwise
 */
public record Construction(Kind kind, String layer) {

    /** The kinds a declaration may name. */
    public enum Kind {
        SOLID("solid"), PLATED("plated"), FILLED("filled"), CLAD("clad"), HOLLOW("hollow"), STONE_SET("stone-set");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Optional<Kind> fromText(String s) {
            return Arrays.stream(values()).filter(k -> k.text.equalsIgnoreCase(s)).findFirst();
        }

        /** A surface layer of another metal over the declared body. */
        public boolean layered() {
            return this == PLATED || this == FILLED || this == CLAD;
        }
    }

    public static final Construction SOLID = new Construction(Kind.SOLID, null);

    public Construction {
        Objects.requireNonNull(kind, "construction.kind");
        if (kind.layered() && (layer == null || layer.isBlank())) {
            throw new IllegalArgumentException("construction." + kind.text() + " needs the layer's metal, e.g. Rh");
        }
        if (!kind.layered()) {
            layer = null;
        }
    }

    @Override
    public String toString() {
        return layer == null ? kind.text() : kind.text() + " with " + layer;
    }
}
