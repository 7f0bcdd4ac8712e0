package org.touchstone.agent.declaration;

import java.util.Arrays;
import java.util.Optional;

/** The physical form an item is declared in; it matters for the HS heading (scrap, unwrought, jewellery...). */
public enum ItemForm {
    BAR("bar"), DORE("dore"), GRAIN("grain"), POWDER("powder"), SCRAP("scrap"), JEWELLERY("jewellery"),
    COIN("coin"), SEMI_MANUFACTURED("semi-manufactured"), CONCENTRATE("concentrate"), OTHER("other");

    private final String text;

    ItemForm(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Optional<ItemForm> fromText(String s) {
        return Arrays.stream(values()).filter(f -> f.text.equalsIgnoreCase(s)).findFirst();
    }
}
