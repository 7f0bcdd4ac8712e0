package org.touchstone.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.Json;

/** Issue 15: a malformed command payload reached the inspector's console as Jackson's two-line message. */
class MqttCommandIntakeJsonProblemTest {

    @Test
    void jsonProblem_malformedPayload_oneLineWithItsPosition() {
        // '{"alertId": x}': the x is the 12th character of line 1; Jackson points just past it, at column 13.
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> Json.mapper().readTree("{\"alertId\": x}"));
        String problem = MqttCommandIntake.jsonProblem(e);
        assertEquals(-1, problem.indexOf('\n'), problem);
        assertEquals(-1, problem.indexOf("Source"), problem);
        assertEquals("line 1, column 13: Unrecognized token 'x'", problem.substring(0,
                "line 1, column 13: Unrecognized token 'x'".length()), problem);
    }
}
