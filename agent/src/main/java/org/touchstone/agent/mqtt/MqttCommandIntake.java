package org.touchstone.agent.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.text.FreeText;
import org.touchstone.agent.command.AgentCommands;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.journal.InputKey;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * The post's command topics ({@code declarations}, {@code cmd/active-item}, {@code cmd/close-inspection},
 * {@code cmd/alert-ack}, {@code cmd/alert-close}): each payload becomes a {@link Command} submitted through the same
 * {@link AgentCommands} as every other channel, and is acknowledged to the broker only once its outcome is
 * journaled (the agent's session is persistent: what is not acknowledged is redelivered after a crash or an outage).
 * A redelivery is recognised by its {@link InputKey} and not carried out again: a declaration by its bytes, a command
 * by its {@code correlationId} (or {@code requestId}), a command without one by its bytes when the broker marks it
 * as sent before. A payload that is not a command (not JSON, a field missing) is refused with the field named, and
 * acknowledged once the refusal is journaled.
 *
 * <p>These topics carry no identity: they serve the post's own tools (a barcode scanner's gateway, the bench driver),
 * which the shipped broker ACL keeps to the agent's own account. Alert commands decide what happens to cargo, so they
 * are taken only from an officer's own topic, whose identity comes from the broker's authentication
 * ({@link OfficerCommandIntake}); on {@code cmd/alert-ack} and {@code cmd/alert-close} they are refused, and the
 * refusal names the officer topic to use. A {@code by} in a payload is never taken as who acted.
 */
public final class MqttCommandIntake {

    private static final Logger log = LoggerFactory.getLogger(MqttCommandIntake.class);
    /** The largest command payload taken (a declaration has its own cap, {@code DeclarationReader.MAX_BYTES}). */
    static final int MAX_COMMAND_BYTES = 64 * 1024;

    private final Topics topics;
    private final ObjectMapper json;
    private final AgentCommands commands;
    private final Refusal refuse;

    /** Journals and shows an input that is not a command; the future completes after the journal commit. */
    @FunctionalInterface
    public interface Refusal {
        CompletableFuture<?> refuse(String source, String reason);
    }

    /**
     * @param refuse journals and shows an input that is not a command: (source, reason)
     */
    public MqttCommandIntake(Topics topics, ObjectMapper json, AgentCommands commands, Refusal refuse) {
        this.topics = topics;
        this.json = json;
        this.commands = commands;
        this.refuse = refuse;
    }

    /** Subscribes the command topics; call before the connection starts. */
    public void subscribe(MqttConnection mqtt) {
        mqtt.subscribe(topics.declarations(), 1, this::delivered);
        mqtt.subscribe(topics.activeItemCommand(), 1, this::delivered);
        mqtt.subscribe(topics.closeInspectionCommand(), 1, this::delivered);
        mqtt.subscribe(topics.alertAcknowledgeCommand(), 1, this::delivered);
        mqtt.subscribe(topics.alertCloseCommand(), 1, this::delivered);
    }

    void delivered(MqttConnection.Delivery delivery) {
        String topic = delivery.topic();
        Actor anonymous = Actor.anonymous(Actor.Channel.MQTT, topic);
        if (topic.equals(topics.declarations())) {
            submit(new Command.Declare(null, delivery.payload(), topic), anonymous, delivery,
                    InputKey.ofContent(topic, delivery.payload()).deliveredAs(delivery.messageId()));
            return;
        }
        if (delivery.payload().length > MAX_COMMAND_BYTES) {
            // Refused before parsing: a command is a few hundred bytes; the reason, not the payload, is journaled.
            refuse(delivery, "payload of " + delivery.payload().length + " bytes exceeds the limit of "
                    + MAX_COMMAND_BYTES + " for a command");
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(delivery.payload());
        } catch (IOException e) {
            refuse(delivery, "not valid JSON: " + jsonProblem(e));
            return;
        }
        try {
            if (topic.equals(topics.activeItemCommand())) {
                require(node, "{\"declarationId\": \"...\", \"itemId\": \"...\"}", "declarationId", "itemId");
                submit(new Command.SelectItem(null, node.get("declarationId").asText(), node.get("itemId").asText(),
                        medium(node.path("medium").asText("air"))), anonymous, delivery, commandKey(delivery, node));
            } else if (topic.equals(topics.closeInspectionCommand())) {
                require(node, "{\"declarationId\": \"...\"}", "declarationId");
                submit(new Command.CloseInspection(null, node.get("declarationId").asText()), anonymous, delivery,
                        commandKey(delivery, node));
            } else if (topic.equals(topics.alertAcknowledgeCommand()) || topic.equals(topics.alertCloseCommand())) {
                String command = topic.substring(topic.lastIndexOf('/') + 1);
                refuse(delivery, command + " needs an authenticated officer: publish it on "
                        + topics.officerCommand("<officer>", command) + " with the officer's own broker account"
                        + " (a \"by\" in the payload is not an identity)");
            } else {
                log.warn("no command on topic {}", topic);
                delivery.acknowledge();
            }
        } catch (IllegalArgumentException e) {
            refuse(delivery, e.getMessage());
        }
    }

    /** The key a command's delivery is recognised by when the broker delivers it again. */
    public static InputKey commandKey(MqttConnection.Delivery delivery, JsonNode node) {
        for (String field : new String[] {"correlationId", "requestId"}) {
            JsonNode id = node == null ? null : node.get(field);
            if (id != null && id.isTextual() && !id.asText().isBlank()) {
                return InputKey.ofId(delivery.topic(), id.asText()).deliveredAs(delivery.messageId());
            }
        }
        return InputKey.ofRepeatable(delivery.topic(), delivery.payload(), delivery.messageId(),
                delivery.duplicate(), delivery.retained());
    }

    private void refuse(MqttConnection.Delivery delivery, String reason) {
        refuse.refuse(delivery.topic(), reason).whenComplete((done, failure) -> {
            if (failure == null) {
                delivery.acknowledge();
            } else {
                log.error("refusal of {} not recorded: {}", delivery.topic(), failure.toString());
            }
        });
    }

    private void submit(Command command, Actor actor, MqttConnection.Delivery delivery, InputKey key) {
        commands.submitOnce(command, actor, key).whenComplete((reply, failure) -> {
            if (failure == null) {
                delivery.acknowledge();
            } else {
                // A fault of this one command: journal it as refused (and acknowledge then), or it would come back
                // at every reconnect. When the desk has halted, the refusal fails too and nothing is acknowledged.
                log.error("{} from {} not carried out: {}", command.name(), delivery.topic(), failure.toString());
                refuse(delivery, command.name() + " could not be carried out: " + failure.getMessage());
            }
        });
    }

    private static void require(JsonNode node, String expected, String... textFields) {
        for (String field : textFields) {
            if (node == null || !node.path(field).isTextual()) {
                throw new IllegalArgumentException("expected " + expected);
            }
        }
    }

    private static Weighing.Medium medium(String text) {
        return switch (text) {
            case "air" -> Weighing.Medium.AIR;
            case "water" -> Weighing.Medium.WATER;
            default -> throw new IllegalArgumentException("medium: must be \"air\" or \"water\", was '"
                    + FreeText.quote(text) + "'");
        };
    }

    /**
     * Why a payload is not JSON, in one line ({@code line 1, column 12: Unexpected character ...}): Jackson's own
     * message spans two lines and quotes its source object, which must not reach an inspector's console or a log
     * line.
     */
    static String jsonProblem(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            String where = j.getLocation() == null || j.getLocation().getLineNr() < 1 ? ""
                    : "line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ": ";
            return where + String.valueOf(j.getOriginalMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
        }
        return String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
