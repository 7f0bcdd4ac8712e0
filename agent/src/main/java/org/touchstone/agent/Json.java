package org.touchstone.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON configuration the agent writes with: ISO-8601 times, no nulls. */
public final class Json {
    private Json() {
    }

    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /**
     * Why a payload is not JSON, in one line ({@code line 1, column 12: Unexpected character ...}): Jackson's own
     * message spans two lines and quotes its source object, which must not reach an inspector's console or a log
     * line.
     */
    public static String problem(Exception e) {
        if (e instanceof JsonProcessingException j) {
            String where = j.getLocation() == null || j.getLocation().getLineNr() < 1 ? ""
                    : "line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ": ";
            return where + String.valueOf(j.getOriginalMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
        }
        return String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
