package org.touchstone.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@link AgentConfig} from a YAML file and turns every binding or validation failure into one
 * {@link ConfigException} such as {@code config/touchstone.yaml, line 14: scales[0].serial.baud: baud must be
 * 50..4000000, was: 0}.
 */
public final class ConfigLoader {

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    // A key written twice is refused: YAML would silently keep the last one, so a second "url:" pasted lower in
    // the file would win without anyone seeing it.
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * A loaded configuration, the folder its relative paths are resolved against, and the warnings about settings
     * that work but should be changed (each also logged when the file is loaded).
     */
    public record Loaded(AgentConfig config, Path baseDirectory, List<String> warnings) {
        public Loaded {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }

        public Loaded(AgentConfig config, Path baseDirectory) {
            this(config, baseDirectory, List.of());
        }

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
        List<String> warnings = warnings(config, text, file.toString());
        warnings.forEach(w -> log.warn("{}", w));
        return new Loaded(config, base, warnings);
    }

    /** Settings that work but put the post at risk; the agent still starts. */
    List<String> warnings(AgentConfig config, String text, String source) {
        List<String> warnings = new ArrayList<>();
        MqttConfig mqtt = config.mqtt();
        if (mqtt.password() != null && mqtt.url().startsWith("tcp://")) {
            int line = keyLine(text, "mqtt.password");
            warnings.add(source + (line > 0 ? ", line " + line : "") + ": mqtt.password: the password is sent in "
                    + "clear text over " + mqtt.url() + "; use ssl://host:8883 with a tls block so that nobody on the "
                    + "network can read it");
        }
        // A lane table that lowers a finding RED by default lets through what the agent would stop: it may be a
        // national policy, but it must never be a silent typo.
        for (Map.Entry<org.touchstone.agent.assessment.FindingCode, org.touchstone.agent.assessment.Lane> e
                : config.assessment().lanes().entrySet()) {
            org.touchstone.agent.assessment.Lane lane = e.getValue();
            if (e.getKey().defaultLane() == org.touchstone.agent.assessment.Lane.RED
                    && lane != org.touchstone.agent.assessment.Lane.RED) {
                int line = keyLine(text, "assessment.lanes." + e.getKey().name());
                warnings.add(source + (line > 0 ? ", line " + line : "") + ": assessment.lanes." + e.getKey().name()
                        + ": turns a RED finding " + lane + ": goods with this finding are no longer stopped"
                        + (lane == org.touchstone.agent.assessment.Lane.GREEN ? " nor even flagged" : "")
                        + "; remove the line unless the national policy says so");
            }
        }
        return warnings;
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
            if (e.getCause() instanceof JsonParseException parse && duplicateKey(parse) != null) {
                throw duplicate(parse, path(e), text, source);
            }
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
        } catch (JsonParseException e) {
            if (duplicateKey(e) != null) {
                String pointer = e.getProcessor() == null ? "" : e.getProcessor().getParsingContext().pathAsPointer()
                        .toString();
                throw duplicate(e, parentPath(pointer), text, source);
            }
            throw new ConfigException(source + where(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + where(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '([^']*)'");

    private static String duplicateKey(JsonParseException e) {
        Matcher m = DUPLICATE_KEY.matcher(String.valueOf(e.getOriginalMessage()));
        return m.find() ? m.group(1) : null;
    }

    /** A key written twice in one block: both lines named, so the user can choose which to keep. */
    private ConfigException duplicate(JsonParseException e, String parent, String text, String source) {
        String key = duplicateKey(e);
        String path = parent.isEmpty() || parent.equals("(top level)") ? key : parent + "." + key;
        int first = keyLine(text, path);
        return new ConfigException(source + where(e.getLocation()) + ": " + path + ": written twice"
                + (first > 0 ? " (first at line " + first + ")" : "") + "; keep one", e);
    }

    /** {@code /scales/0/serial/baud} to {@code scales[0].serial} (the object that holds the last key). */
    private static String parentPath(String pointer) {
        String[] parts = pointer.split("/");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < parts.length - 1; i++) {
            if (parts[i].matches("\\d+")) {
                sb.append('[').append(parts[i]).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(parts[i]);
            }
        }
        return sb.toString();
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
        // Jackson's own words name Java types ("Cannot construct instance of `...MqttConfig`"); say instead what
        // the YAML should hold there and what it holds.
        if (e instanceof InvalidFormatException f) {
            return "expected " + expected(f.getTargetType()) + ", was: " + shown(f.getValue());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + expected(m.getTargetType()) + found(m.getOriginalMessage());
        }
        return e.getOriginalMessage().replaceAll("`[^`]*`", "").replaceAll("\\(class [^)]*\\)", "")
                .replaceAll("\\s+", " ").trim();
    }

    private static final Pattern FOUND = Pattern.compile(
            "from (String|Integer|Floating-point|Boolean|Array|Object|Null) value(?: \\('([^']*)'\\)| \\(token)?");

    /** What the YAML holds, as far as Jackson's message tells: {@code , found the text 'tcp://...'}. */
    private static String found(String message) {
        Matcher m = FOUND.matcher(String.valueOf(message));
        if (!m.find()) {
            if (String.valueOf(message).contains("START_ARRAY")) {
                return ", found a list";
            }
            if (String.valueOf(message).contains("START_OBJECT")) {
                return ", found a block of settings";
            }
            return "";
        }
        String kind = switch (m.group(1)) {
            case "String" -> "the text";
            case "Integer", "Floating-point" -> "the number";
            case "Boolean" -> "the value";
            case "Array" -> "a list";
            case "Object" -> "a block of settings";
            default -> "nothing";
        };
        if (m.group(2) == null) {
            return ", found " + (kind.equals("the text") ? "a text value" : kind.equals("the number") ? "a number" : kind);
        }
        return ", found " + kind + " '" + m.group(2) + "'";
    }

    private static String shown(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }

    /** A Java type in the configuration's terms. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()
                    .toLowerCase(java.util.Locale.ROOT)).toList();
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == BigInteger.class || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list (one '- ' line per entry)";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a block of 'key: value' lines";
        }
        if (type.isRecord()) {
            return "a block of settings (" + String.join(", ", Arrays.stream(type.getRecordComponents())
                    .map(c -> c.getName() + ": ...").limit(3).toList()) + (type.getRecordComponents().length > 3
                    ? ", ..." : "") + ")";
        }
        return "another value";
    }
}
