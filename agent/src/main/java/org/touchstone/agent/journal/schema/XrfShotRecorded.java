package org.touchstone.agent.journal.schema;

import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.drivers.reading.XrfReading;

/** An XRF shot bound to an item, with the trust its analyzer had; stored under the inspection's id. */
public record XrfShotRecorded(String declarationId, String itemId, XrfReading reading, DeviceTrust trust)
        implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.XRF_SHOT;
    }
}
