package org.touchstone.agent.declaration;

import java.math.BigDecimal;
import java.util.Objects;

/** A declared customs value, e.g. 98 500 USD. */
public record DeclaredValue(BigDecimal amount, String currency) {
    public DeclaredValue {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }
}
