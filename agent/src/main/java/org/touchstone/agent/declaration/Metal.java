package org.touchstone.agent.declaration;

import java.util.Arrays;
import java.util.Optional;

/** Precious metals as HS Chapter 71 note 4 names them: silver, gold and the platinum group. */
public enum Metal {
    AU("Au", "gold"),
    AG("Ag", "silver"),
    PT("Pt", "platinum"),
    PD("Pd", "palladium"),
    RH("Rh", "rhodium"),
    IR("Ir", "iridium"),
    OS("Os", "osmium"),
    RU("Ru", "ruthenium");

    private final String symbol;
    private final String displayName;

    Metal(String symbol, String displayName) {
        this.symbol = symbol;
        this.displayName = displayName;
    }

    public String symbol() {
        return symbol;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isPlatinumGroup() {
        return this != AU && this != AG;
    }

    public static Optional<Metal> fromSymbol(String s) {
        return Arrays.stream(values()).filter(m -> m.symbol.equalsIgnoreCase(s) || m.displayName.equalsIgnoreCase(s))
                .findFirst();
    }
}
