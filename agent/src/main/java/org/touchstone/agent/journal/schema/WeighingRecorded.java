package org.touchstone.agent.journal.schema;

import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.drivers.reading.WeightReading;

/** A weighing bound to an item, with the trust its scale had; stored under the inspection's id. */
public record WeighingRecorded(String declarationId, String itemId, Weighing.Medium medium, WeightReading reading,
                               DeviceTrust trust) implements JournalPayload {
    @Override
    public RecordType type() {
        return RecordType.WEIGHING;
    }
}
