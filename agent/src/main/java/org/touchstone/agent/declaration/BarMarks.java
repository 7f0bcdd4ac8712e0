package org.touchstone.agent.declaration;

/**
 * What is stamped on a bar, as declared.
 *
 * @param goodDelivery true when the bar is declared as LBMA / LPPM good delivery
 */
public record BarMarks(String refiner, String serial, boolean goodDelivery) {
    public static final BarMarks NONE = new BarMarks(null, null, false);
}
