package org.touchstone.agent.journal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.Json;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;

/** The schema is one table: every record type has its own payload record, which says it is of that type. */
class JournalSchemaTest {

    private final ObjectMapper json = Json.mapper();

    @Test
    void everyRecordType_hasAPayloadRecord_ofItsOwnType() throws Exception {
        Set<Class<?>> seen = new HashSet<>();
        for (RecordType type : RecordType.values()) {
            Class<? extends JournalPayload> payload = JournalSchema.payloadOf(type);
            assertNotNull(payload, type + " has no payload record");
            assertTrue(payload.isRecord(), payload + " is a record");
            assertTrue(seen.add(payload), payload + " serves one type only");
            // A payload of nulls and zeros says its own type (records validate, so build one that passes).
            JournalPayload sample = sample(payload);
            if (sample != null) {
                assertEquals(type, sample.type(), payload.getSimpleName());
            }
        }
    }

    @Test
    void storedNames_areUniqueAndFoundAgain() {
        for (RecordType type : RecordType.values()) {
            assertEquals(type, RecordType.ofStoredName(type.storedName()).orElseThrow());
        }
        assertTrue(RecordType.ofStoredName("somethingNewer").isEmpty());
    }

    @Test
    void read_refusesARecordOfAnotherType_andNamesItWhenItsDataIsNotThePayload() {
        JournalSchema schema = new JournalSchema(json);
        JournalRecord status = new JournalRecord(7, "2026-01-01T00:00:00Z", RecordType.DEVICE_STATUS.storedName(), null,
                "{\"deviceId\":\"scale-1\",\"state\":\"CONNECTED\",\"detail\":\"\",\"newerField\":1}", "0", "0");
        assertEquals("CONNECTED", schema.read(status, DeviceStatus.class).state(), "unknown fields are ignored");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> schema.read(status, AgentStarted.class));
        assertEquals("journal record #7 is a deviceStatus, not a AgentStarted", wrong.getMessage());
        JournalRecord garbled = new JournalRecord(8, "2026-01-01T00:00:00Z", RecordType.DEVICE_STATUS.storedName(), null, "{not json", "0", "0");
        assertTrue(assertThrows(org.touchstone.agent.journal.JournalException.class,
                () -> schema.read(garbled, DeviceStatus.class)).getMessage().startsWith("journal record #8 (deviceStatus)"));
    }

    private static JournalPayload sample(Class<? extends JournalPayload> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<? extends JournalPayload> c = type.getDeclaredConstructor(types);
        Object[] args = Arrays.stream(types).map(t -> t == int.class ? (Object) 0 : t == long.class ? (Object) 0L
                : t == boolean.class ? (Object) false : t == String.class ? "x" : null).toArray();
        try {
            return c.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            // A record whose constructor needs real values (a reading record holds exactly one reading): its type is
            // checked by the tests that write it.
            return null;
        }
    }
}
