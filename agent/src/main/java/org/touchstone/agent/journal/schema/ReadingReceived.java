package org.touchstone.agent.journal.schema;

import java.util.Objects;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * A reading as its device delivered it, journaled before the desk binds it: exactly one of {@code weight} and
 * {@code xrf} is set.
 */
public record ReadingReceived(WeightReading weight, XrfReading xrf) implements JournalPayload {

    public ReadingReceived {
        if ((weight == null) == (xrf == null)) {
            throw new IllegalArgumentException("a reading record holds one reading: weight or xrf");
        }
    }

    public static ReadingReceived of(Reading reading) {
        Objects.requireNonNull(reading, "reading");
        return reading instanceof WeightReading w ? new ReadingReceived(w, null)
                : new ReadingReceived(null, (XrfReading) reading);
    }

    public Reading reading() {
        return weight != null ? weight : xrf;
    }

    @Override
    public RecordType type() {
        return RecordType.READING;
    }
}
