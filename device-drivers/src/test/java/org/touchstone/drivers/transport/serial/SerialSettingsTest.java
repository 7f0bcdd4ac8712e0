package org.touchstone.drivers.transport.serial;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialSettingsTest {

    @Test
    void mtSicsPreset_is9600EightNoneOneWithoutFlowControl() {
        SerialSettings s = SerialSettings.mtSics("/dev/ttyUSB0");
        assertEquals(9600, s.baud());
        assertEquals(8, s.dataBits());
        assertEquals(SerialSettings.Parity.NONE, s.parity());
        assertEquals(1, s.stopBits());
        assertEquals(SerialSettings.FlowControl.NONE, s.flowControl());
        assertEquals("/dev/ttyUSB0 9600 8N1 flow NONE", s.toString());
    }

    @Test
    void badValues_rejectedNamingTheField() {
        assertEquals("dataBits must be 5..8, was: 9", assertThrows(IllegalArgumentException.class,
                () -> new SerialSettings("/dev/x", 9600, 9, SerialSettings.Parity.NONE, 1,
                        SerialSettings.FlowControl.NONE)).getMessage());
        assertEquals("stopBits must be 1 or 2, was: 3", assertThrows(IllegalArgumentException.class,
                () -> new SerialSettings("/dev/x", 9600, 8, SerialSettings.Parity.NONE, 3,
                        SerialSettings.FlowControl.NONE)).getMessage());
        assertEquals("path must not be blank", assertThrows(IllegalArgumentException.class,
                () -> SerialSettings.mtSics(" ")).getMessage());
        assertEquals("baud must be > 0, was: 0", assertThrows(IllegalArgumentException.class,
                () -> new SerialSettings("/dev/x", 0, 8, SerialSettings.Parity.NONE, 1,
                        SerialSettings.FlowControl.NONE)).getMessage());
    }

    @Test
    void absentPath_openFailsWithIoExceptionNamingThePath() {
        SerialTransport transport = new SerialTransport(SerialSettings.mtSics("/nonexistent/touchstone/scale-9"));
        IOException e = assertThrows(IOException.class, transport::open);
        assertTrue(e.getMessage().contains("/nonexistent/touchstone/scale-9"), e.getMessage());
        assertFalse(transport.isOpen());
    }
}
