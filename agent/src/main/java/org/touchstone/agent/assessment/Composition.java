package org.touchstone.agent.assessment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * What an item's surface is made of, combined over its XRF shots: one {@link ElementEstimate} per element any
 * shot reported, below-detection shots counted as zero (the declarant's best case when the question is "is this
 * element present?"). Each shot's elements are indexed once, so an estimate does not search every shot's list.
 */
public final class Composition {

    static final Set<String> PLATINUM_GROUP = Set.of("Pt", "Pd", "Rh", "Ir", "Os", "Ru");

    private final List<Map<String, ElementResult>> shots;
    private final Map<String, ElementEstimate> elements = new LinkedHashMap<>(64);
    private final double absoluteReproducibility;
    private final double relativeReproducibility;
    /** 1 for the surface; 100 / (100 − layer) for a substrate seen through a plating. */
    private final double scale;
    private final String removed;

    /** The surface of an item with an honest item's spot reproducibility (wt%, and % of the level). */
    public Composition(List<XrfReading> readings, double absoluteReproducibility, double relativeReproducibility) {
        this.shots = new ArrayList<>(readings.size());
        Set<String> symbols = new LinkedHashSet<>(64);
        for (XrfReading shot : readings) {
            // sized so that a full panel (up to ~40 elements) never rehashes
            Map<String, ElementResult> index = new HashMap<>(Math.max(16, shot.elements().size() * 2));
            for (ElementResult e : shot.elements()) {
                index.putIfAbsent(e.element(), e);
                symbols.add(e.element());
            }
            shots.add(index);
        }
        this.absoluteReproducibility = absoluteReproducibility;
        this.relativeReproducibility = relativeReproducibility;
        this.scale = 1;
        this.removed = null;
        for (String symbol : symbols) {
            elements.put(symbol, ElementEstimate.of(symbol, shots, ElementEstimate.BelowDetection.ZERO,
                    absoluteReproducibility, relativeReproducibility));
        }
    }

    /** The surface without a reproducibility allowance. */
    public Composition(List<XrfReading> readings) {
        this(readings, 0, 0);
    }

    private Composition(Composition surface, String layer, double scale) {
        this.shots = surface.shots;
        this.absoluteReproducibility = surface.absoluteReproducibility;
        this.relativeReproducibility = surface.relativeReproducibility;
        this.scale = scale;
        this.removed = layer;
        surface.elements.forEach((symbol, e) -> {
            if (!symbol.equals(layer)) {
                elements.put(symbol, e.scaled(scale));
            }
        });
    }

    /**
     * What lies under a layer of {@code layer}: the other elements renormalised to 100 %. Its figures carry the
     * plating's distortion (the layer absorbs the substrate's lines unequally), which the assessment allows for.
     */
    public Composition withoutLayer(String layer) {
        double share = percent(layer);
        return new Composition(this, layer, share >= 100 ? Double.POSITIVE_INFINITY : 100 / (100 - share));
    }

    /** The share of the signal the substrate gives, % (100 for a surface). */
    public double substrateSignalPercent() {
        return 100 / scale;
    }

    /** The layer removed, or null for the surface itself. */
    public String removedLayer() {
        return removed;
    }

    public int shots() {
        return shots.size();
    }

    /** The estimate of an element; an element no shot mentioned is an empty estimate at 0. */
    public ElementEstimate element(String symbol) {
        ElementEstimate e = elements.get(symbol);
        return e != null ? e : ElementEstimate.absent(symbol, shots.size());
    }

    /** The estimate with below-detection shots at their detection limit (the declarant's best case for content). */
    public ElementEstimate atLimit(String symbol) {
        if (removed != null && removed.equals(symbol)) {
            return ElementEstimate.absent(symbol, shots.size());
        }
        ElementEstimate e = ElementEstimate.of(symbol, shots, ElementEstimate.BelowDetection.LIMIT,
                absoluteReproducibility, relativeReproducibility);
        return scale == 1 ? e : e.scaled(scale);
    }

    public double percent(String symbol) {
        return element(symbol).meanPercent();
    }

    public Map<String, ElementEstimate> elements() {
        return java.util.Collections.unmodifiableMap(elements);
    }

    /** Platinum-group metals together (HS Chapter 71 note 4: "platinum" is the group). */
    public double platinumGroupPercent() {
        double sum = 0;
        for (String s : PLATINUM_GROUP) {
            sum += percent(s);
        }
        return sum;
    }

    /** The element with the highest mean, e.g. {@code Au}. */
    public String majorElement() {
        return elements.values().stream().max((a, b) -> Double.compare(a.meanPercent(), b.meanPercent()))
                .map(ElementEstimate::element).orElse("?");
    }

    /** The main elements, highest first, as {@code Au 91.69, Ag 4.20, Cu 4.10 %} (those at 0.1 % or more). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        elements.values().stream().filter(e -> e.meanPercent() >= 0.1)
                .sorted((a, b) -> Double.compare(b.meanPercent(), a.meanPercent())).limit(5)
                .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(Text.format("%s %.2f", e.element(), e.meanPercent())));
        return sb.append(" %").toString();
    }
}
