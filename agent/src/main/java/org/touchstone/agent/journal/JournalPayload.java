package org.touchstone.agent.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** What one journal record says; stored as JSON in the record's {@code data}. */
public interface JournalPayload {

    /** The record type this payload is stored under. */
    @JsonIgnore
    RecordType type();
}
