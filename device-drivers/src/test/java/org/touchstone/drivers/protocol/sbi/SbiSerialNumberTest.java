package org.touchstone.drivers.protocol.sbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.touchstone.drivers.protocol.scale.ScaleFixtures;
import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleParser;

/**
 * {@code ESC x2_} has no marker of its own in its answer, so the line after it is taken for the serial number only
 * when it is one: an SBI output (a special code, a bracketed weight, an error) stays what it is, and the serial
 * number is still read when it comes after it. Outputs as in the manuals cited in sbi/README.md.
 */
class SbiSerialNumberTest {

    @ParameterizedTest(name = "after ESC x2_: ''{0}'' is {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "      HH      |Condition(OVERLOAD: overload in checkweighing (HH))",
            "      --      |Condition(NOT_READY: final readout mode (--): no value yet)",
            "+  123.5[6]g  |Weight(S,123.56,g,res=0.1)",
            "   Err  54    |Fault(balance error 54 (Err  54))",
            "Stat        LL      |Condition(UNDERLOAD: underload in checkweighing (LL))",
            "  0037204215  |Identity(0037204215)",
            "Ser.no    37204215  |Identity(37204215)",
            "  SN-12A/7    |Identity(SN-12A/7)",
            "  hello       |Malformed(value is not a number: 'hello')"})
    void afterTheSerialRequest_onlyASerialIsASerial(String line, String expected) {
        ScaleParser parser = new SbiScaleProtocol().newParser();
        parser.expectIdentity();
        List<ScaleMessage> out = parser.feed((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, out.size());
        assertEquals(expected, ScaleFixtures.describe(out.get(0)));
    }

    @ParameterizedTest(name = "without a serial request ''{0}'' is no serial")
    @CsvSource(ignoreLeadingAndTrailingWhitespace = false, value = {"  0037204215  "})
    void noRequest_noSerial(String line) {
        ScaleParser parser = new SbiScaleProtocol().newParser();
        ScaleMessage m = parser.feed((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1)).get(0);
        assertInstanceOf(ScaleMessage.Malformed.class, m);
    }

    @ParameterizedTest(name = "the serial still comes after {0} other lines")
    @CsvSource({"1", "3"})
    void serialAfterOtherOutputs_stillRead(int before) {
        ScaleParser parser = new SbiScaleProtocol().newParser();
        parser.expectIdentity();
        for (int i = 0; i < before; i++) {
            assertInstanceOf(ScaleMessage.Weight.class, parser.feed("+   123.56 g  \r\n".getBytes(StandardCharsets.ISO_8859_1)).get(0));
        }
        assertEquals("Identity(0037204215)", ScaleFixtures.describe(parser.feed(
                "  0037204215  \r\n".getBytes(StandardCharsets.ISO_8859_1)).get(0)));
    }
}
