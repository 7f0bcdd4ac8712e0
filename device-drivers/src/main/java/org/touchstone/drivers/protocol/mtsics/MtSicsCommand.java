package org.touchstone.drivers.protocol.mtsics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A command line as a balance receives it: its name and parameters (quotes removed). Used by the simulator.
 */
public record MtSicsCommand(String name, List<String> parameters) {

    public MtSicsCommand {
        if (name == null || name.isEmpty() || name.contains(" ")) {
            throw new IllegalArgumentException("name must be one word, was: " + name);
        }
        parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters must not be null"));
    }

    /** Splits a command line; empty when the line is blank or has an unterminated quote. */
    public static Optional<MtSicsCommand> parse(String line) {
        Optional<List<String>> tokens = MtSicsParser.tokens(line);
        if (tokens.isEmpty() || tokens.get().isEmpty()) {
            return Optional.empty();
        }
        List<String> all = new ArrayList<>(tokens.get());
        String name = all.remove(0);
        all.replaceAll(MtSicsParser::unquote);
        return Optional.of(new MtSicsCommand(name, all));
    }
}
