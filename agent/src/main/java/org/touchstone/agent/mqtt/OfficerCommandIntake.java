package org.touchstone.agent.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.journal.InputKey;
import org.touchstone.agent.command.AgentCommands;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.command.CommandReply;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.journal.schema.InputRejected;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * Officers' commands over MQTT (contract 2): {@code <root>/<post>/officers/<officerId>/cmd/<name>}, answered on
 * {@code <root>/<post>/officers/<officerId>/reply} with the request's {@code correlationId}, whether it was accepted,
 * and the reason of a refusal.
 *
 * <p>Who acted is the topic's {@code officerId}, never a payload field: the broker's ACL
 * ({@code pattern write <root>/+/officers/%u/cmd/#}) lets only the user of that name publish there, so the topic is
 * the authenticated identity. Whether the officer may do it is decided on the desk from the officer's roles
 * ({@code CommandHandler}). Each command is acknowledged to the broker, and answered, only once its outcome (accepted
 * or refused) is journaled.
 */
public final class OfficerCommandIntake {

    private static final Logger log = LoggerFactory.getLogger(OfficerCommandIntake.class);

    /** The commands an officer topic may name. */
    public static final java.util.List<String> COMMANDS = java.util.List.of("select", "close-inspection", "alert-ack",
            "alert-close", "declare");

    /** A declaration plus its envelope; anything larger is refused before it is parsed. */
    static final int MAX_PAYLOAD_BYTES = DeclarationReader.MAX_BYTES + 4096;

    private final Topics topics;
    private final ObjectMapper json;
    private final AgentCommands commands;
    private final BiConsumer<String, byte[]> publish;
    private final Function<InputRejected, CompletableFuture<?>> refuse;
    /**
     * The last replies sent, by officer and correlation id: a command the broker delivers again (its acknowledgement
     * was lost) is answered with the same reply and not carried out twice. Bounded; the journal keeps the record.
     */
    private final Map<String, byte[]> recentReplies = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<String, byte[]>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > 1024;
                }
            });

    /**
     * @param publish sends a reply (topic, payload) with QoS 1
     * @param refuse  journals and shows a request that is not a command (with the officer and command the topic
     *                names, and the correlation id when it had one); completes once journaled
     */
    public OfficerCommandIntake(Topics topics, ObjectMapper json, AgentCommands commands,
                                BiConsumer<String, byte[]> publish,
                                Function<InputRejected, CompletableFuture<?>> refuse) {
        this.topics = topics;
        this.json = json;
        this.commands = commands;
        this.publish = publish;
        this.refuse = refuse;
    }

    /** Subscribes every officer's command topics; call before the connection starts. */
    public void subscribe(MqttConnection mqtt) {
        mqtt.subscribe(topics.officerCommandFilter(), 1, this::delivered);
    }

    void delivered(MqttConnection.Delivery delivery) {
        String topic = delivery.topic();
        Topics.OfficerCommandTopic t = topics.officerCommandOf(topic);
        if (t == null || !Command.REQUEST_ID.matcher(t.officerId()).matches()) {
            // Not answerable: no reply topic can be built from it. The broker's ACL keeps such topics out.
            refuse.apply(InputRejected.input(shown(topic), "not an officer command topic"))
                    .whenComplete((r, f) -> delivery.acknowledge());
            return;
        }
        String replyTopic = topics.officerReply(t.officerId());
        String correlationId = null;
        Command command;
        try {
            if (delivery.payload().length > MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("payload of " + delivery.payload().length + " bytes is over the "
                        + MAX_PAYLOAD_BYTES + "-byte limit");
            }
            JsonNode node;
            try {
                node = json.readTree(delivery.payload());
            } catch (IOException e) {
                throw new IllegalArgumentException("not valid JSON: " + MqttCommandIntake.jsonProblem(e));
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("expected a JSON object with a correlationId");
            }
            JsonNode cid = node.path("correlationId");
            if (cid.isTextual() && Command.REQUEST_ID.matcher(cid.asText()).matches()) {
                correlationId = cid.asText();
            } else {
                throw new IllegalArgumentException("correlationId: required, 1-64 of A-Za-z0-9._-");
            }
            byte[] earlier = recentReplies.get(t.officerId() + "/" + correlationId);
            if (earlier != null) {
                send(replyTopic, correlationId, earlier);
                delivery.acknowledge();
                return;
            }
            command = command(t.command(), correlationId, node, topic);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage();
            String id = correlationId;
            refuse.apply(new InputRejected(topic, reason, shown(t.command()), id, t.officerId()))
                    .whenComplete((r, failure) -> {
                if (failure == null) {
                    reply(replyTopic, t.officerId(), id, t.command(), false, reason, null, null);
                    delivery.acknowledge();
                }
            });
            return;
        }
        Actor officer = new Actor(t.officerId(), Actor.Channel.MQTT, topic, true);
        String id = correlationId;
        // The officer and correlation id name the command: one the journal already holds (redelivered after a
        // restart, before its acknowledgement reached the broker) is not carried out again.
        commands.submitOnce(command, officer, InputKey.ofId(topic, correlationId).deliveredAs(delivery.messageId())).whenComplete((reply, failure) -> {
            if (failure != null) {
                // Not journaled: not acknowledged either, so the broker delivers it again.
                log.error("{} from {} not recorded: {}", command.name(), topic, failure.toString());
                return;
            }
            if (reply.isPresent()) {
                reply(replyTopic, t.officerId(), reply.get());
            } else {
                reply(replyTopic, t.officerId(), id, t.command(), false, "a repeat of command " + id
                        + ", which the agent recorded before: not carried out again (its outcome is on the console)",
                        null, null);
            }
            delivery.acknowledge();
        });
    }

    private Command command(String name, String correlationId, JsonNode node, String topic) {
        return switch (name) {
            case "select" -> new Command.SelectItem(correlationId, text(node, "declarationId"), text(node, "itemId"),
                    medium(node.path("medium").asText("air")));
            case "close-inspection" -> new Command.CloseInspection(correlationId, text(node, "declarationId"));
            case "alert-ack" -> new Command.AcknowledgeAlert(correlationId, alertId(node), optional(node, "note"));
            case "alert-close" -> new Command.CloseAlert(correlationId, alertId(node),
                    outcome(text(node, "outcome")), optional(node, "note"));
            case "declare" -> {
                JsonNode declaration = node.path("declaration");
                if (!declaration.isObject()) {
                    throw new IllegalArgumentException("declaration: required, the declaration document (a JSON object)");
                }
                try {
                    yield new Command.Declare(correlationId, json.writeValueAsBytes(declaration), topic);
                } catch (IOException e) {
                    throw new IllegalArgumentException("declaration: " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("unknown command '" + shown(name) + "': one of "
                    + String.join(", ", COMMANDS));
        };
    }

    /** An alert is named by its id or by its declaration's id ({@code alertId} takes either). */
    private static String alertId(JsonNode node) {
        if (node.path("alertId").isTextual()) {
            return text(node, "alertId");
        }
        if (node.path("declarationId").isTextual()) {
            return text(node, "declarationId");
        }
        throw new IllegalArgumentException("alertId: required (an alert id, or the declaration's id)");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(field + ": required, a string");
        }
        if (v.asText().length() > 256) {
            throw new IllegalArgumentException(field + ": over 256 characters");
        }
        return v.asText();
    }

    private static String optional(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + ": must be a string");
        }
        if (v.asText().length() > 2000) {
            throw new IllegalArgumentException(field + ": over 2000 characters");
        }
        return v.asText();
    }

    private static Weighing.Medium medium(String text) {
        return switch (text) {
            case "air" -> Weighing.Medium.AIR;
            case "water" -> Weighing.Medium.WATER;
            default -> throw new IllegalArgumentException("medium: must be \"air\" or \"water\", was '" + shown(text) + "'");
        };
    }

    private static Alert.Outcome outcome(String text) {
        try {
            return Alert.Outcome.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome: must be RELEASED, DETAINED, SAMPLED or SEIZED, was '"
                    + shown(text) + "'");
        }
    }

    private void reply(String replyTopic, String officerId, CommandReply r) {
        reply(replyTopic, officerId, r.requestId(), r.command(), r.accepted(), r.reason(), r.journalSeq(),
                r.at() == null ? null : r.at().toString());
    }

    private void reply(String replyTopic, String officerId, String correlationId, String command, boolean accepted,
                       String reason, Long journalSeq, String at) {
        ObjectNode reply = json.createObjectNode();
        if (correlationId == null) {
            reply.putNull("correlationId");
        } else {
            reply.put("correlationId", correlationId);
        }
        reply.put("command", shown(command));
        reply.put("officerId", officerId);
        reply.put("accepted", accepted);
        if (!accepted) {
            reply.put("reason", reason);
        }
        if (journalSeq != null) {
            reply.put("journalSeq", journalSeq);
        }
        if (at != null) {
            reply.put("at", at);
        }
        byte[] bytes = reply.toString().getBytes(StandardCharsets.UTF_8);
        if (correlationId != null) {
            recentReplies.put(officerId + "/" + correlationId, bytes);
        }
        send(replyTopic, correlationId, bytes);
    }

    private void send(String replyTopic, String correlationId, byte[] bytes) {
        try {
            publish.accept(replyTopic, bytes);
        } catch (RuntimeException e) {
            // The outcome is journaled; the officer's tool says it had no answer and the console shows the outcome.
            log.warn("reply to {} on {} not sent: {}", correlationId, replyTopic, e.getMessage());
        }
    }

    /** Text from a topic or payload, short and on one line, for a reason or a log line. */
    private static String shown(String text) {
        String s = text.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
