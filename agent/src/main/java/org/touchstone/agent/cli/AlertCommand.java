package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.touchstone.agent.Json;
import org.touchstone.agent.alert.Alert;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code touchstone alert ack|close}: an officer answers an alert from the command line. */
@Command(name = "alert", mixinStandardHelpOptions = true,
        description = "Acknowledge or close an alert at the running agent (sent over the post's MQTT broker).",
        subcommands = {AlertCommand.Ack.class, AlertCommand.Close.class})
public final class AlertCommand {

    @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
            scope = picocli.CommandLine.ScopeType.INHERIT, description = "The post's configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    static int send(Path config, String purpose, boolean closing, ObjectNode command) throws InterruptedException {
        try (PostMessenger post = PostMessenger.connect(config, purpose)) {
            String topic = closing ? post.topics().alertCloseCommand() : post.topics().alertAcknowledgeCommand();
            post.send(topic, command.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            System.out.println("sent to " + topic + ": " + command);
            return 0;
        } catch (PostMessenger.Failure e) {
            System.err.println("touchstone alert: " + e.getMessage());
            return e.exitCode;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an alert.")
    static final class Ack implements Callable<Integer> {
        @ParentCommand
        AlertCommand parent;

        @Option(names = "--id", required = true, description = "Alert id, e.g. post-1:DEMO-0002.")
        String alertId;

        @Option(names = "--by", required = true, description = "The officer's name or id.")
        String by;

        @Option(names = "--note", defaultValue = "", description = "A note for the record.")
        String note;

        @Override
        public Integer call() throws Exception {
            ObjectNode c = Json.mapper().createObjectNode().put("alertId", alertId).put("by", by).put("note", note);
            return send(parent.config, "alert-ack", false, c);
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close an alert with its outcome.")
    static final class Close implements Callable<Integer> {
        @ParentCommand
        AlertCommand parent;

        @Option(names = "--id", required = true, description = "Alert id, e.g. post-1:DEMO-0002.")
        String alertId;

        @Option(names = "--by", required = true, description = "The officer's name or id.")
        String by;

        @Option(names = "--outcome", required = true, description = "RELEASED, DETAINED, SAMPLED or SEIZED.")
        Alert.Outcome outcome;

        @Option(names = "--note", defaultValue = "", description = "A note for the record (seal number, ...).")
        String note;

        @Override
        public Integer call() throws Exception {
            ObjectNode c = Json.mapper().createObjectNode().put("alertId", alertId).put("by", by)
                    .put("outcome", outcome.name()).put("note", note);
            return send(parent.config, "alert-close", true, c);
        }
    }
}
