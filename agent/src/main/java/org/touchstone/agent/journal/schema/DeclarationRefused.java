package org.touchstone.agent.journal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.touchstone.agent.declaration.DeclarationRejectedException.Problem;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;

/**
 * A declaration refused. Either its document is invalid ({@code problems}, each with its field path), or it could
 * not be taken ({@code reason}: a declaration id already inspected, a file that is a symlink or too large), with
 * the document when it was readable.
 */
public record DeclarationRefused(String source, String reason, List<Problem> problems, JsonNode document, String by)
        implements JournalPayload {

    public static DeclarationRefused invalid(String source, List<Problem> problems, String by) {
        return new DeclarationRefused(source, null, problems, null, by);
    }

    public static DeclarationRefused refused(String source, String reason, JsonNode document, String by) {
        return new DeclarationRefused(source, reason, null, document, by);
    }

    /** The reason in one line: the reason, or every problem. */
    public String describe() {
        return reason != null ? reason : String.join("; ", problems.stream().map(Problem::toString).toList());
    }

    @Override
    public RecordType type() {
        return RecordType.DECLARATION_REJECTED;
    }
}
