package org.touchstone.agent.command;

import java.util.Objects;
import java.util.regex.Pattern;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.inspection.Weighing;

/**
 * Something an officer (or the post's own channels: the declarations topic and folder, a barcode scanner) asks the
 * agent to do. Every command goes through {@link AgentCommands#submit}, whichever channel it came from, and is
 * answered with a {@link CommandReply} once the journal has recorded the outcome.
 */
public sealed interface Command permits Command.Declare, Command.SelectItem, Command.CloseInspection,
        Command.AcknowledgeAlert, Command.CloseAlert {

    /** What contract 2 allows as a request id: 1-64 of {@code A-Za-z0-9._-}. */
    Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The caller's correlation id, echoed in the reply; null when the channel has none. */
    String requestId();

    /** The command's name on the wire ({@code declare}, {@code select}, ...), echoed in the reply. */
    String name();

    /**
     * A declaration document, as received.
     *
     * @param document the bytes of the JSON document (capped by the declaration reader)
     * @param source   where it came from (a topic, a file), kept with the record
     */
    record Declare(String requestId, byte[] document, String source) implements Command {
        public Declare {
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(source, "source");
            checkRequestId(requestId);
        }

        @Override
        public String name() {
            return "declare";
        }
    }

    /** Put an item on the bench: the next weighings and unlabelled shots are its, weighed in {@code medium}. */
    record SelectItem(String requestId, String declarationId, String itemId, Weighing.Medium medium)
            implements Command {
        public SelectItem {
            requireText(declarationId, "declarationId");
            requireText(itemId, "itemId");
            medium = medium == null ? Weighing.Medium.AIR : medium;
            checkRequestId(requestId);
        }

        @Override
        public String name() {
            return "select";
        }
    }

    /** Close an inspection: what was not measured becomes a finding. */
    record CloseInspection(String requestId, String declarationId) implements Command {
        public CloseInspection {
            requireText(declarationId, "declarationId");
            checkRequestId(requestId);
        }

        @Override
        public String name() {
            return "close-inspection";
        }
    }

    /** An officer has seen an alert. */
    record AcknowledgeAlert(String requestId, String alertId, String note) implements Command {
        public AcknowledgeAlert {
            requireText(alertId, "alertId");
            note = note == null ? "" : org.touchstone.agent.text.FreeText.note(note, "note");
            checkRequestId(requestId);
        }

        @Override
        public String name() {
            return "alert-ack";
        }
    }

    /** An officer closes an alert with what was done with the goods. */
    record CloseAlert(String requestId, String alertId, Alert.Outcome outcome, String note) implements Command {
        public CloseAlert {
            requireText(alertId, "alertId");
            Objects.requireNonNull(outcome, "outcome: must be RELEASED, DETAINED, SAMPLED or SEIZED");
            note = note == null ? "" : org.touchstone.agent.text.FreeText.note(note, "note");
            checkRequestId(requestId);
        }

        @Override
        public String name() {
            return "alert-close";
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required");
        }
        org.touchstone.agent.text.FreeText.require(value, field, 200);
    }

    private static void checkRequestId(String requestId) {
        if (requestId != null && !REQUEST_ID.matcher(requestId).matches()) {
            throw new IllegalArgumentException("requestId: must be 1-64 of A-Za-z0-9._-");
        }
    }
}
