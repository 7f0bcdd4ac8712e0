package org.touchstone.drivers.protocol.xrfcsv;

import java.util.Locale;
import java.util.Optional;

/** The unit a results file states concentrations in; readings are always in wt%. */
public enum ConcentrationUnit {
    PERCENT(1.0, "%"),
    PPM(1e-4, "ppm");

    private final double toPercent;
    private final String symbol;

    ConcentrationUnit(double toPercent, String symbol) {
        this.toPercent = toPercent;
        this.symbol = symbol;
    }

    public double toPercent(double value) {
        return value * toPercent;
    }

    public double fromPercent(double percent) {
        return percent / toPercent;
    }

    public String symbol() {
        return symbol;
    }

    /** Reads a unit as exports write it: {@code %}, {@code wt%}, {@code percent}, {@code ppm}, {@code mg/kg}. */
    public static Optional<ConcentrationUnit> parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        switch (t) {
            case "%": case "wt%": case "wt.%": case "percent": case "pct":
                return Optional.of(PERCENT);
            case "ppm": case "mg/kg":
                return Optional.of(PPM);
            default:
                return Optional.empty();
        }
    }
}
