package org.touchstone.agent.assessment;

import java.util.Objects;
import org.touchstone.agent.declaration.Metal;

/**
 * A reference price of fine metal, set by the post (e.g. from the day's fixing).
 *
 * @param metal        symbol, e.g. {@code Au}
 * @param currency     ISO 4217 code the declarations use
 * @param perGramFine  price of one gram of fine metal
 */
public record ReferencePrice(String metal, String currency, double perGramFine) {
    public ReferencePrice {
        if (metal == null || Metal.fromSymbol(metal).isEmpty()) {
            throw new IllegalArgumentException("metal must be a precious metal symbol such as Au, was: " + metal);
        }
        Objects.requireNonNull(currency, "currency is required, e.g. USD");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as USD, was: '" + currency + "'");
        }
        if (!(perGramFine > 0)) {
            throw new IllegalArgumentException("perGramFine must be > 0, was: " + perGramFine);
        }
    }
}
