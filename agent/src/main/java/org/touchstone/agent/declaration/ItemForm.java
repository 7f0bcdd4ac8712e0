package org.touchstone.agent.declaration;

import java.util.Optional;

/** The physical form an item is declared in; it matters for the HS heading (scrap, unwrought, jewellery...). */
public enum ItemForm {
    BAR("bar"), DORE("dore"), GRAIN("grain"), POWDER("powder"), SCRAP("scrap"), JEWELLERY("jewellery"),
    COIN("coin"), SEMI_MANUFACTURED("semi-manufactured"), CONCENTRATE("concentrate"), OTHER("other");

    private static final ItemForm[] ALL = values();

    private final String text;

    ItemForm(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Optional<ItemForm> fromText(String s) {
        // A loop over a shared array: a stream over a fresh values() copy was a fifth of reading a declaration.
        for (ItemForm f : ALL) {
            if (f.text.equalsIgnoreCase(s)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
