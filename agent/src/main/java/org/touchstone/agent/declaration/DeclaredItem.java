package org.touchstone.agent.declaration;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a declaration. Any HS heading may be declared: outside the precious-metal headings the metal and
 * fineness are optional (gold is smuggled declared as copper cathode, brass fittings or buckles), and the
 * assessment then searches the measurements for precious metal.
 *
 * @param itemId           unique within the declaration
 * @param hsCode           e.g. {@code 7108.12}
 * @param form             declared physical form
 * @param metal            the declared precious metal of the item's body, or null (a base-metal item)
 * @param finenessMille    declared fineness of that metal in ‰ (karats as hallmarked: 22K = 916), or null when no
 *                         precious metal is declared
 * @param finenessAsWritten the fineness as the declarant wrote it, e.g. {@code 18K} or {@code 999.9}
 * @param pieces           number of pieces weighed together as this item
 * @param netMass          declared net mass of all pieces
 * @param grossMass        declared gross mass (with packaging), or null
 * @param value            declared customs value, or null
 * @param marks            bar marks; {@link BarMarks#NONE} when none were declared
 * @param baseAlloy        the base metal or alloy a non-precious item names, as element symbols ({@code Cu},
 *                         {@code CuZn}), or null
 * @param construction     solid, plated, filled, clad, hollow or stone-set ({@link Construction#SOLID} by default)
 */
public record DeclaredItem(String itemId, String hsCode, String description, ItemForm form, Metal metal,
                           BigDecimal finenessMille, String finenessAsWritten, int pieces, Mass netMass,
                           Mass grossMass, DeclaredValue value, BarMarks marks, String baseAlloy,
                           Construction construction) {
    public DeclaredItem {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(netMass, "netMass");
        if (metal != null) {
            Objects.requireNonNull(finenessMille, "fineness (a precious metal is declared)");
        }
        if (metal == null) {
            finenessMille = null;
        }
        form = form == null ? ItemForm.OTHER : form;
        marks = marks == null ? BarMarks.NONE : marks;
        construction = construction == null ? Construction.SOLID : construction;
    }

    /** A solid item of precious metal, as the first version of this record had it. */
    public DeclaredItem(String itemId, String hsCode, String description, ItemForm form, Metal metal,
                        BigDecimal finenessMille, String finenessAsWritten, int pieces, Mass netMass,
                        Mass grossMass, DeclaredValue value, BarMarks marks) {
        this(itemId, hsCode, description, form, metal, finenessMille, finenessAsWritten, pieces, netMass, grossMass,
                value, marks, null, Construction.SOLID);
    }

    /** True when the item declares a precious metal with its fineness. */
    public boolean declaresPreciousMetal() {
        return metal != null;
    }

    /** An item without gross mass, value or bar marks. */
    public DeclaredItem(String itemId, String hsCode, String description, ItemForm form, Metal metal,
                        BigDecimal finenessMille, String finenessAsWritten, int pieces, Mass netMass) {
        this(itemId, hsCode, description, form, metal, finenessMille, finenessAsWritten, pieces, netMass, null, null,
                BarMarks.NONE);
    }

    /** Declared fine metal content in grams: net mass × fineness (0 when no precious metal is declared). */
    public double fineGrams() {
        return metal == null ? 0 : netMass.grams().doubleValue() * finenessMille.doubleValue() / 1000.0;
    }

    /** Declared fineness as the percentage XRF reports (999.9 ‰ = 99.99 wt%); NaN without a precious metal. */
    public double finenessPercent() {
        return metal == null ? Double.NaN : finenessMille.doubleValue() / 10.0;
    }

    /** The declared body in words: {@code gold 750 ‰}, {@code CuZn}, or {@code no metal declared}. */
    public String bodyInWords() {
        if (metal != null) {
            return metal.displayName() + " " + finenessAsWritten;
        }
        return baseAlloy != null ? baseAlloy : "no metal declared";
    }
}
