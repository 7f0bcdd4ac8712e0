package org.touchstone.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT contract as written in {@code docs/mqtt/asyncapi.yaml}: each channel's address (with its parameters) and
 * the JSON Schema file of its payload. Tests ask it which channel a topic belongs to and whether a payload fits.
 * Nothing here knows a payload's fields: those are only in the schema files.
 */
public final class MqttContract {

    /** The contract's folder, seen from a module's directory (where Maven runs the tests). */
    public static final Path FOLDER = Path.of("..", "docs", "mqtt");

    /** One channel: its name, its address template, the regular expression of its topics, its payload schema. */
    public record Channel(String name, String address, Pattern topics, Path schemaFile, Schema schema, String action) {
    }

    private final List<Channel> channels;

    private MqttContract(List<Channel> channels) {
        this.channels = channels;
    }

    public static MqttContract load() throws IOException {
        return load(FOLDER);
    }

    public static MqttContract load(Path folder) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode doc = yaml.readTree(folder.resolve("asyncapi.yaml").toFile());
        // The schema files and their relative $refs are read from the repository; nothing is fetched from a network.
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources()
                        .allow(iri -> iri.toString().startsWith("file:"))));
        Map<String, String> actions = new LinkedHashMap<>();
        for (JsonNode op : doc.path("operations")) {
            String ref = op.path("channel").path("$ref").asText();
            actions.put(ref.substring(ref.lastIndexOf('/') + 1), op.path("action").asText());
        }
        List<Channel> channels = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("channels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String address = e.getValue().path("address").asText();
            JsonNode message = e.getValue().path("messages").elements().next();
            String ref = message.path("payload").path("schema").path("$ref").asText();
            if (address.isEmpty() || ref.isEmpty()) {
                throw new IOException("asyncapi.yaml, channel " + e.getKey() + ": needs an address and a payload schema $ref");
            }
            Path file = folder.resolve(ref).normalize();
            Schema schema = registry.getSchema(SchemaLocation.of(file.toAbsolutePath().normalize().toUri().toString()));
            schema.initializeValidators();
            Pattern topics = Pattern.compile(Pattern.quote(address).replaceAll("\\{[A-Za-z]+}", "\\\\E[^/+#]+\\\\Q"));
            channels.add(new Channel(e.getKey(), address, topics, file, schema, actions.get(e.getKey())));
        }
        return new MqttContract(List.copyOf(channels));
    }

    public List<Channel> channels() {
        return channels;
    }

    /** The channel a concrete topic ({@code touchstone/post-1/alerts}) belongs to. */
    public Optional<Channel> channelOf(String topic) {
        return channels.stream().filter(c -> c.topics().matcher(topic).matches()).findFirst();
    }

    public Optional<Channel> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** What is wrong with a payload on a topic, one line per problem, each naming the schema file; empty when it fits. */
    public List<String> problems(String topic, String payload) {
        Optional<Channel> channel = channelOf(topic);
        if (channel.isEmpty()) {
            return List.of(topic + ": no channel of docs/mqtt/asyncapi.yaml has this topic (a new topic needs a channel "
                    + "and a schema there)");
        }
        return problems(channel.get(), payload, topic);
    }

    public List<String> problems(Channel channel, String payload, String where) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(payload);
        } catch (IOException e) {
            return List.of(where + ": not JSON: " + e.getMessage().split("\n")[0]);
        }
        List<String> problems = new ArrayList<>();
        for (Error error : channel.schema().validate(node)) {
            problems.add(where + ": " + error.getInstanceLocation() + ": " + error.getMessage() + " (schema "
                    + FOLDER.relativize(channel.schemaFile()) + "; if the payload is right, update that file)");
        }
        return problems;
    }
}
