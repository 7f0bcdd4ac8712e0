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
     * The Hong Kong troy (gold) tael, 37.429 g = 1.20337 ozt, the unit of the Chinese Gold &amp; Silver Exchange
     * Society's tael bars (LBMA gold conversion tables). Not the market tael below, nor the mainland liang (50 g).
     */
    TAEL("tael", "37.429"),
    /**
     * The Hong Kong market tael (司馬兩) and the Singapore/Malaysia tahil: 1/16 catty, the catty being 0.604 789 82 kg
     * (Hong Kong Weights and Measures Ordinance, Cap. 68, Schedule 1), 1⅓ avoirdupois ounce: 37.799364 g. About 1 %
     * heavier than the troy tael: a scale set to one and read as the other misstates a kilo bar by 10 g.
     */
    TAHIL("tahil", "37.799364"),
    /** The Taiwan tael (liang), 37.5 g. */
    TAEL_TW("tael-tw", "37.5");

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
     * Finds a unit by its symbol, case-insensitively, accepting the spellings scales print ({@code "oz t"}).
     * Ambiguous symbols are not accepted: {@code "t"} (tola on some Asian balances, tonne elsewhere) and
     * {@code "tl"} (any of three taels; a scale codec reads it with the scale's {@link #tael(String)} setting).
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
            // "tl", as balances print it, names no tael in particular: see tael(String).
            case "tael": case "taeltroy": case "tael-troy": return Optional.of(TAEL);
            case "tahil": case "taelmarket": case "tael-market": case "leung": return Optional.of(TAHIL);
            case "tael-tw": return Optional.of(TAEL_TW);
            default: return Optional.empty();
        }
    }

    /** The taels, for messages. */
    public static final java.util.List<WeightUnit> TAELS = java.util.List.of(TAEL, TAHIL, TAEL_TW);

    /**
     * The tael a scale is set to, by its configuration name: {@code hk-troy} (or {@code tael}), {@code hk-market},
     * {@code singapore}, {@code malaysia} (or {@code tahil}), {@code taiwan} (or {@code tael-tw}). A balance prints
     * every one of them as {@code tl}, so which one it means is a setting of the scale, never a default.
     */
    public static Optional<WeightUnit> tael(String setting) {
        String s = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "hk-troy": case "tael": case "tael-troy": return Optional.of(TAEL);
            case "hk-market": case "singapore": case "malaysia": case "tahil": return Optional.of(TAHIL);
            case "taiwan": case "tael-tw": return Optional.of(TAEL_TW);
            default: return Optional.empty();
        }
    }

    public boolean isTael() {
        return TAELS.contains(this);
    }
}
