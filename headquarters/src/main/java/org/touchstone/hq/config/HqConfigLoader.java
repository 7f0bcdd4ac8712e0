package org.touchstone.hq.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;

/**
 * Reads {@code hq.yaml} with the agent's configuration rules (unknown keys refused, every failure naming file,
 * line and field) and checks the broker's TLS files at once.
 */
public final class HqConfigLoader {

    /** A configuration and the folder its relative paths are resolved against. */
    public record Loaded(HqConfig config, Path baseDirectory) {
        public Path resolve(String path) {
            return baseDirectory.resolve(path).normalize();
        }
    }

    public Loaded load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": configuration file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        HqConfig config = new ConfigLoader().parse(text, file.toString(), HqConfig.class);
        Path base = file.toAbsolutePath().getParent();
        config.broker().checkFiles(base, file.toString());
        return new Loaded(config, base);
    }
}
