package org.touchstone.hq.risk;

import java.util.List;

/** A risk profile refused, with every problem found (each naming its line and path). */
public final class RiskProfileException extends Exception {

    private final List<String> problems;

    public RiskProfileException(String source, List<String> problems) {
        super(source + ": " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
