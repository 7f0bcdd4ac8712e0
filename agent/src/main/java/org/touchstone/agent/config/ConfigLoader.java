package org.touchstone.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@link AgentConfig} from a YAML file and turns every binding or validation failure into one
 * {@link ConfigException} such as {@code config/touchstone.yaml, line 14: scales[0].serial.baud: baud must be
 * 50..4000000, was: 0}.
 */
public final class ConfigLoader {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A loaded configuration and the folder its relative paths are resolved against. */
    public record Loaded(AgentConfig config, Path baseDirectory) {
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
        Path base = file.toAbsolutePath().getParent();
        AgentConfig config = parse(text, file.toString());
        // Certificate files are checked now, so a wrong path stops the start with its name, not a retry loop later.
        config.mqtt().checkFiles(base, file.toString());
        return new Loaded(config, base);
    }

    public AgentConfig parse(String text, String source) throws ConfigException {
        return parse(text, source, AgentConfig.class);
    }

    /**
     * Reads any configuration record with the same rules and messages (headquarters reads its own with it).
     *
     * @param type a record whose constructors validate and name the field they refuse
     */
    public <T> T parse(String text, String source, Class<T> type) throws ConfigException {
        try {
            T config = yaml.readValue(text, type);
            if (config == null) {
                throw new ConfigException(source + ": empty configuration");
            }
            return config;
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            throw new ConfigException(source + where(keyLine(text, path), e.getLocation()) + ": " + path
                    + ": unknown setting '" + e.getPropertyName() + "'; known here: " + e.getKnownPropertyIds(), e);
        } catch (JsonMappingException e) {
            String reason = reason(e);
            // A record rejects a value in its constructor, after Jackson has left the field: Jackson's path and
            // location then name the enclosing object. The message starts with the field (or a path below the
            // object), so look that key up to report its own path and line.
            String path = path(e);
            int line = -1;
            for (String word : leadingWords(reason)) {
                String candidate = join(path, word);
                line = keyLine(text, candidate);
                if (line > 0) {
                    path = candidate;
                    if (word.contains(".") || word.contains("[")) {
                        reason = reason.substring(word.length()).trim();
                    }
                    break;
                }
            }
            throw new ConfigException(source + where(line, e.getLocation()) + ": " + path + ": " + reason, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + where(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : ", line " + location.getLineNr();
    }

    private static String where(int keyLine, JsonLocation location) {
        return keyLine > 0 ? ", line " + keyLine : where(location);
    }

    private static String join(String path, String child) {
        if (path.equals("(top level)")) {
            return child;
        }
        return child.startsWith("[") ? path + child : path + "." + child;
    }

    /** The first words of a message that could name a field or a path: {@code baud}, {@code xrfAnalyzers[0].id}. */
    private static java.util.List<String> leadingWords(String message) {
        java.util.List<String> words = new java.util.ArrayList<>();
        for (String w : (message == null ? "" : message).split(" ", 4)) {
            if (!w.matches("[A-Za-z][A-Za-z0-9]*(\\[\\d+])?(\\.[A-Za-z][A-Za-z0-9]*(\\[\\d+])?)*")) {
                break;
            }
            words.add(w);
        }
        return words;
    }

    /** The line of the key at {@code path} ({@code scales[0].serial.baud}) in the YAML text, or -1. */
    private int keyLine(String text, String path) {
        String pointer = "/" + path.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        try (com.fasterxml.jackson.core.JsonParser p = yaml.getFactory().createParser(text)) {
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
                        && p.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return p.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            // The text was read once already; if it cannot be walked again, Jackson's own location stands.
        }
        return -1;
    }

    /** The field path in the YAML's own terms: {@code scales[0].serial.baud}. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    private static String reason(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException || root instanceof NullPointerException) {
            return root.getMessage();
        }
        return e.getOriginalMessage().replaceAll("\\(class [^)]*\\)", "").replaceAll("\\s+", " ").trim();
    }
}
