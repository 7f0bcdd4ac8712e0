package org.touchstone.drivers.reading;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * Mass units that scales and declarations use, each with its exact factor to grams.
 *
 * <p>The avoirdupois ounce ({@link #OZ}) and the troy ounce ({@link #OZT}) are separate units: confusing
 * them is a known misdeclaration (about 10 %), so no symbol maps to both.
 */
public enum WeightUnit {
    G("g", "1"),
    KG("kg", "1000"),
    MG("mg", "0.001"),
    /** Metric carat. */
    CT("ct", "0.2"),
    /** Troy ounce: 31.1034768 g exactly. */
    OZT("ozt", "31.1034768"),
    /** Pennyweight: 1/20 troy ounce. */
    DWT("dwt", "1.55517384"),
    /** Grain: 64.79891 mg exactly. */
    GR("gr", "0.06479891"),
    /** Avoirdupois pound: 453.59237 g exactly. */
    LB("lb", "453.59237"),
    /** Avoirdupois ounce: 1/16 lb = 28.349523125 g. Never the troy ounce. */
    OZ("oz", "28.349523125"),
    /** Tola (South Asia): 3/8 troy ounce = 11.6638038 g. */
    TOLA("tola", "11.6638038"),
    /**
     * Hong Kong troy tael (金衡兩), the bullion tael: 37.429 g. Written {@code tael} it is this one, the tael gold is
     * dealt in; the market tael below is 1 % heavier, and the mainland liang of 50 g is neither.
     */
    TAEL("tael", "37.429"),
    /**
     * Market tael of Hong Kong (司馬兩) and the tahil of Singapore and Malaysia: 1⅓ avoirdupois ounce, 37.799364 g
     * (Hong Kong Weights and Measures Ordinance, Cap. 68; HK Annual Report 1946: 1 leung = 1.33 oz av.).
     */
    TAHIL("tahil", "37.799364");

    private final String symbol;
    private final BigDecimal grams;

    WeightUnit(String symbol, String grams) {
        this.symbol = symbol;
        this.grams = new BigDecimal(grams);
    }

    /** The symbol as printed by scales and written in declarations, e.g. {@code "g"}. */
    public String symbol() {
        return symbol;
    }

    /** How many grams one of this unit is, exactly. */
    public BigDecimal gramsPerUnit() {
        return grams;
    }

    public BigDecimal toGrams(BigDecimal value) {
        return value.multiply(grams);
    }

    /**
     * Finds a unit by its symbol, case-insensitively, accepting the spellings scales print ({@code "oz t"},
     * {@code "t"} for tola on some Asian balances is NOT accepted: too ambiguous).
     */
    public static Optional<WeightUnit> fromSymbol(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        switch (s) {
            case "g": case "gram": case "grams": return Optional.of(G);
            case "kg": return Optional.of(KG);
            case "mg": return Optional.of(MG);
            case "ct": case "car": return Optional.of(CT);
            case "ozt": case "oz.t": case "toz": case "troyoz": return Optional.of(OZT);
            case "dwt": return Optional.of(DWT);
            case "gr": case "gn": case "grain": return Optional.of(GR);
            case "lb": case "lbs": return Optional.of(LB);
            case "oz": return Optional.of(OZ);
            case "tola": case "tol": return Optional.of(TOLA);
            case "tael": case "tl": case "taeltroy": case "tael-troy": return Optional.of(TAEL);
            case "tahil": case "taelmarket": case "tael-market": case "leung": return Optional.of(TAHIL);
            default: return Optional.empty();
        }
    }
}
