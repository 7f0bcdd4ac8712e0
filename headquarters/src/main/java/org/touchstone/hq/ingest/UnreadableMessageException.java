package org.touchstone.hq.ingest;

/** A message headquarters cannot read; the reason names the field ({@code findings[2].code: missing}). */
public final class UnreadableMessageException extends Exception {
    public UnreadableMessageException(String reason) {
        super(reason);
    }
}
