package org.touchstone.agent.assessment;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * What an item's surface is made of, combined over its XRF shots: one {@link ElementEstimate} per element any
 * shot reported, below-detection shots counted as zero (the declarant's best case when the question is "is this
 * element present?").
 */
public final class Composition {

    static final Set<String> PLATINUM_GROUP = Set.of("Pt", "Pd", "Rh", "Ir", "Os", "Ru");

    private final Map<String, ElementEstimate> elements = new LinkedHashMap<>();
    private final int shots;

    public Composition(List<XrfReading> shots) {
        this.shots = shots.size();
        Set<String> symbols = new LinkedHashSet<>();
        for (XrfReading shot : shots) {
            for (ElementResult e : shot.elements()) {
                symbols.add(e.element());
            }
        }
        for (String symbol : symbols) {
            elements.put(symbol, ElementEstimate.of(symbol, shots, ElementEstimate.BelowDetection.ZERO));
        }
    }

    public int shots() {
        return shots;
    }

    /** The estimate of an element; an element no shot mentioned is an empty estimate at 0. */
    public ElementEstimate element(String symbol) {
        ElementEstimate e = elements.get(symbol);
        return e != null ? e : new ElementEstimate(symbol, shots, 0, 0, Double.POSITIVE_INFINITY, 0, 0, null, 0);
    }

    public double percent(String symbol) {
        return element(symbol).meanPercent();
    }

    public Map<String, ElementEstimate> elements() {
        return Map.copyOf(elements);
    }

    /** Platinum-group metals together (HS Chapter 71 note 4: "platinum" is the group). */
    public double platinumGroupPercent() {
        return PLATINUM_GROUP.stream().mapToDouble(this::percent).sum();
    }

    /** The element with the highest mean, e.g. {@code Au}. */
    public String majorElement() {
        return elements.values().stream().max((a, b) -> Double.compare(a.meanPercent(), b.meanPercent()))
                .map(ElementEstimate::element).orElse("?");
    }

    /** The main elements, highest first, as {@code Au 91.69, Ag 4.20, Cu 4.10} (those at 0.1 % or more). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        elements.values().stream().filter(e -> e.meanPercent() >= 0.1)
                .sorted((a, b) -> Double.compare(b.meanPercent(), a.meanPercent())).limit(5)
                .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(String.format(java.util.Locale.ROOT, "%s %.2f", e.element(), e.meanPercent())));
        return sb.append(" %").toString();
    }
}
