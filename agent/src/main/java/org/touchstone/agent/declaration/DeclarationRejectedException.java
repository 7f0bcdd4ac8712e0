package org.touchstone.agent.declaration;

import java.util.List;

/** A declaration that cannot be accepted, with every problem found (not just the first). */
public class DeclarationRejectedException extends Exception {

    /** One problem: the field path in the document ({@code items[1].netMass.unit}) and why. */
    public record Problem(String path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }

    private final String source;
    private final List<Problem> problems;

    public DeclarationRejectedException(String source, List<Problem> problems) {
        super(source + ": declaration refused, " + problems.size() + " problem(s): "
                + String.join("; ", problems.stream().map(Problem::toString).toList()));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }
}
