package org.touchstone.agent.declaration;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a declaration.
 *
 * @param itemId           unique within the declaration
 * @param hsCode           e.g. {@code 7108.12}
 * @param form             declared physical form
 * @param metal            the declared precious metal
 * @param finenessMille    declared fineness in ‰ (karats already converted: K/24 × 1000)
 * @param finenessAsWritten the fineness as the declarant wrote it, e.g. {@code 18K} or {@code 999.9}
 * @param pieces           number of pieces weighed together as this item
 * @param netMass          declared net mass of all pieces
 * @param grossMass        declared gross mass (with packaging), or null
 * @param value            declared customs value, or null
 * @param marks            bar marks; {@link BarMarks#NONE} when none were declared
 */
public record DeclaredItem(String itemId, String hsCode, String description, ItemForm form, Metal metal,
                           BigDecimal finenessMille, String finenessAsWritten, int pieces, Mass netMass,
                           Mass grossMass, DeclaredValue value, BarMarks marks) {
    public DeclaredItem {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(metal, "metal");
        Objects.requireNonNull(finenessMille, "fineness");
        Objects.requireNonNull(netMass, "netMass");
        form = form == null ? ItemForm.OTHER : form;
        marks = marks == null ? BarMarks.NONE : marks;
    }

    /** An item without gross mass, value or bar marks. */
    public DeclaredItem(String itemId, String hsCode, String description, ItemForm form, Metal metal,
                        BigDecimal finenessMille, String finenessAsWritten, int pieces, Mass netMass) {
        this(itemId, hsCode, description, form, metal, finenessMille, finenessAsWritten, pieces, netMass, null, null,
                BarMarks.NONE);
    }

    /** Declared fine metal content in grams: net mass × fineness. */
    public double fineGrams() {
        return netMass.grams().doubleValue() * finenessMille.doubleValue() / 1000.0;
    }

    /** Declared fineness as the percentage XRF reports (999.9 ‰ = 99.99 wt%). */
    public double finenessPercent() {
        return finenessMille.doubleValue() / 10.0;
    }
}
