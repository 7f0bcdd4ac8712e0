package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.touchstone.agent.Json;
import org.touchstone.agent.alert.Alert;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code touchstone alert ack|close}: an officer answers an alert from the command line, and waits for the agent. */
@Command(name = "alert", mixinStandardHelpOptions = true,
        description = {"Acknowledge or close an alert at the running agent, as an officer (over the post's MQTT broker).",
                "Exit 0 when the agent accepted it, 1 when it refused (the reason is printed), 2 for a bad option or"
                        + " configuration, 3 when the broker or the agent did not answer."},
        subcommands = {AlertCommand.Ack.class, AlertCommand.Close.class})
public final class AlertCommand {

    static int send(CommandSpec spec, OfficerLogin login, String command, String what, ObjectNode c)
            throws InterruptedException {
        try (PostMessenger post = login.connect(command)) {
            return OfficerCommands.answered(what, post.request(command, c), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        } catch (PostMessenger.Failure e) {
            return OfficerCommands.failed("alert", e, spec.commandLine().getErr());
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an alert.")
    static final class Ack implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OfficerLogin login;

        @Parameters(paramLabel = "ALERT", description = "The alert id (post-1:DEMO-0002) or its declaration's id (DEMO-0002).")
        String alert;

        @Option(names = "--note", defaultValue = "", description = "A note for the record.")
        String note;

        @Override
        public Integer call() throws Exception {
            ObjectNode c = Json.mapper().createObjectNode().put("alertId", alert).put("note", note);
            return send(spec, login, "alert-ack", "acknowledge alert " + alert, c);
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close an alert with its outcome.")
    static final class Close implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OfficerLogin login;

        @Parameters(paramLabel = "ALERT", description = "The alert id (post-1:DEMO-0002) or its declaration's id (DEMO-0002).")
        String alert;

        @Option(names = "--outcome", required = true, description = "RELEASED, DETAINED, SAMPLED or SEIZED.")
        Alert.Outcome outcome;

        @Option(names = "--note", defaultValue = "", description = "A note for the record (seal number, ...).")
        String note;

        @Override
        public Integer call() throws Exception {
            ObjectNode c = Json.mapper().createObjectNode().put("alertId", alert).put("outcome", outcome.name())
                    .put("note", note);
            return send(spec, login, "alert-close", "close alert " + alert + " as " + outcome, c);
        }
    }
}
