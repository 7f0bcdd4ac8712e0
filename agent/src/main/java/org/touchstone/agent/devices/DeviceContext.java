package org.touchstone.agent.devices;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * What a device source gets from the agent: the clock to stamp with, the post's MQTT connection and topics for
 * sources that arrive over MQTT, where to hand readings, where to report status and bad input (both safe to call
 * from any thread), and the configuration file's folder, which relative paths in it are resolved against.
 * {@code mqtt} is null when no device arrives over MQTT (a probe of a serial device).
 *
 * <p>{@code journaled} takes a reading together with what to run once it is in the journal: a source that must not
 * forget a reading before the agent has it (the export-folder importer records a shot as imported only then) hands
 * its readings there. A context without a journal (a probe, a calibration at the terminal) runs it at once.
 */
public record DeviceContext(Clock clock, MqttConnection mqtt, Topics topics, Consumer<Reading> readings,
                            DeviceInput events, Path baseDirectory, JournaledReadings journaled) {

    /** Takes a reading and runs {@code whenJournaled} after the journal commit that recorded it. */
    @FunctionalInterface
    public interface JournaledReadings {
        void accept(Reading reading, Runnable whenJournaled);

        /**
         * Takes a reading a broker may deliver again: the reading and {@code key} commit together, a reading whose
         * key is journaled already is not taken again, and {@code whenJournaled} runs after the commit either way.
         */
        default void accept(Reading reading, org.touchstone.agent.journal.InputKey key, Runnable whenJournaled) {
            accept(reading, whenJournaled);
        }

        /** Journals an input refused as unreadable, then runs {@code whenJournaled}. */
        default void rejected(DeviceInput events, String source, String reason, Runnable whenJournaled) {
            events.inputRejected(source, reason);
            whenJournaled.run();
        }
    }

    /** A context whose readings are not journaled by the receiver: {@code whenJournaled} runs at hand-over. */
    public DeviceContext(Clock clock, MqttConnection mqtt, Topics topics, Consumer<Reading> readings,
                         DeviceInput events, Path baseDirectory) {
        this(clock, mqtt, topics, readings, events, baseDirectory, (r, whenJournaled) -> {
            readings.accept(r);
            whenJournaled.run();
        });
    }
}
