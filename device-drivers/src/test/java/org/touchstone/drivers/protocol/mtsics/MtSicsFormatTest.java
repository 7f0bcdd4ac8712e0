package org.touchstone.drivers.protocol.mtsics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.touchstone.drivers.protocol.scale.ScaleFixtures;
import org.touchstone.drivers.protocol.scale.ScaleMessage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The writer's bytes, and the round trip writer to parser that keeps simulator and agent in step. */
class MtSicsFormatTest {

    @Test
    void commands_areNameThenCrLf() {
        assertEquals("SI\r\n", text(MtSicsFormat.SEND_IMMEDIATELY));
        assertEquals("S\r\n", text(MtSicsFormat.SEND_STABLE));
        assertEquals("Z\r\n", text(MtSicsFormat.ZERO));
        assertEquals("T\r\n", text(MtSicsFormat.TARE));
        assertEquals("TAC\r\n", text(MtSicsFormat.TARE_CLEAR));
        assertEquals("I4\r\n", text(MtSicsFormat.SERIAL_NUMBER));
        assertEquals("@\r\n", text(MtSicsFormat.RESET));
        assertEquals("D \"HELLO\"\r\n", text(MtSicsFormat.command("D", MtSicsFormat.quoted("HELLO"))));
    }

    @Test
    void lowerCaseCommand_rejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MtSicsFormat.command("si"));
        assertEquals("command name must be upper-case letters and digits or @, was: si", e.getMessage());
    }

    @Test
    void weight_rightAlignedInTenCharacterField() {
        // "S" id, " ", "S" status, " ", 10-char right-aligned value, " ", unit, CR LF
        assertEquals("S S     100.00 g\r\n", text(MtSicsFormat.weight(true, new BigDecimal("100.00"), "g")));
        assertEquals("S D      -0.68 g\r\n", text(MtSicsFormat.weight(false, new BigDecimal("-0.68"), "g")));
        assertEquals("S S 12345678.90 g\r\n", text(MtSicsFormat.weight(true, new BigDecimal("12345678.90"), "g")));
    }

    @Test
    void statusIdentityAndErrors_exactBytes() {
        assertEquals("Z A\r\n", text(MtSicsFormat.status("Z", "A")));
        assertEquals("S +\r\n", text(MtSicsFormat.status("S", "+")));
        assertEquals("I4 A \"B207696838\"\r\n", text(MtSicsFormat.identity("I4", List.of("B207696838"))));
        assertEquals("ES\r\n", text(MtSicsFormat.generalError("ES")));
        assertEquals("S S    Error 3t\r\n", text(MtSicsFormat.hardwareError(3, true)));
        assertEquals("T S      12.34 g\r\n", text(MtSicsFormat.tare("T", "S", new BigDecimal("12.34"), "g")));
    }

    @ParameterizedTest(name = "weight {0} {1} stable={2}: writer to parser gives it back")
    @CsvSource({"100.00,g,true", "-0.68,g,false", "0.0000,g,true", "1234.5,kg,true", "0.001,ct,false",
            "99999999.99,g,true"})
    void weight_roundTripsThroughParser(String value, String unit, boolean stable) {
        List<ScaleMessage> parsed = new MtSicsParser().feed(MtSicsFormat.weight(stable, new BigDecimal(value), unit));
        assertEquals(1, parsed.size());
        ScaleMessage.Weight w = (ScaleMessage.Weight) parsed.get(0);
        assertEquals(new BigDecimal(value), w.value(), "value and scale survive");
        assertEquals(unit, w.unit().symbol());
        assertEquals(stable, w.stable());
    }

    @Test
    void everyResponseKind_roundTripsThroughParser() {
        byte[][] written = {
                MtSicsFormat.status("S", "I"),
                MtSicsFormat.status("Z", "A"),
                MtSicsFormat.status("TAC", "A"),
                MtSicsFormat.tare("T", "S", new BigDecimal("5.00"), "g"),
                MtSicsFormat.tare("TA", "A", new BigDecimal("5.00"), "g"),
                MtSicsFormat.identity("I4", List.of("SIM0001")),
                MtSicsFormat.identity("I2", List.of("SIM-XS205 Touchstone 220.00 g")),
                MtSicsFormat.generalError("EL"),
                MtSicsFormat.hardwareError(12, false),
        };
        String[] expected = {"Condition(NOT_READY: S I: not executable now (busy, or no stable weight in time))",
                "Ack(Z A)", "Ack(TAC A)", "Ack(tare 5.00 g)", "Ack(tare 5.00 g)", "Identity(SIM0001)",
                "Ack(I2 [SIM-XS205 Touchstone 220.00 g])", "Refused(balance cannot execute the command (EL))",
                "Fault(hardware error 12 reported by the balance)"};
        MtSicsParser parser = new MtSicsParser();
        for (int i = 0; i < written.length; i++) {
            List<ScaleMessage> parsed = parser.feed(written[i]);
            assertEquals(1, parsed.size());
            assertEquals(expected[i], ScaleFixtures.describe(parsed.get(0)));
        }
    }

    @Test
    void command_parsesBackWithQuotesRemoved() {
        MtSicsCommand c = MtSicsCommand.parse("D \"HELLO WORLD\"").orElseThrow();
        assertEquals("D", c.name());
        assertEquals(List.of("HELLO WORLD"), c.parameters());
        assertArrayEquals(MtSicsFormat.SEND_IMMEDIATELY, MtSicsFormat.command(MtSicsCommand.parse("SI").orElseThrow().name()));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
