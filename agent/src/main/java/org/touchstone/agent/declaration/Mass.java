package org.touchstone.agent.declaration;

import java.math.BigDecimal;
import java.util.Objects;
import org.touchstone.drivers.reading.WeightUnit;

/** A declared mass exactly as written: value and unit, with its exact value in grams. */
public record Mass(BigDecimal value, WeightUnit unit) {
    public Mass {
        Objects.requireNonNull(value, "value must not be null");
        Objects.requireNonNull(unit, "unit must not be null");
    }

    public BigDecimal grams() {
        return unit.toGrams(value);
    }

    /**
     * Half a unit in the last written digit, in grams: what rounding the declared figure may hide
     * ({@code 1000.0 g} hides up to 0.05 g).
     */
    public double halfLastDigitGrams() {
        return unit.toGrams(BigDecimal.ONE.movePointLeft(Math.max(value.scale(), 0))).doubleValue() / 2;
    }

    @Override
    public String toString() {
        return value.toPlainString() + " " + unit.symbol();
    }
}
