package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.touchstone.agent.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code touchstone close ID}: closes an inspection, as an officer; what was not measured becomes a finding. */
@Command(name = "close", mixinStandardHelpOptions = true,
        description = {"Close an inspection at the running agent: it takes no more readings, and what was not measured"
                + " becomes a finding.",
                "Exit 0 when the agent accepted it, 1 when it refused (the reason is printed), 2 for a bad option or"
                        + " configuration, 3 when the broker or the agent did not answer."})
public final class CloseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OfficerLogin login;

    @Parameters(paramLabel = "DECLARATION", description = "The declaration id of the inspection, e.g. DEMO-0002.")
    String declarationId;

    @Override
    public Integer call() throws Exception {
        ObjectNode c = Json.mapper().createObjectNode().put("declarationId", declarationId);
        try (PostMessenger post = login.connect("close")) {
            return OfficerCommands.answered("close " + declarationId, post.request("close-inspection", c),
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        } catch (PostMessenger.Failure e) {
            return OfficerCommands.failed("close", e, spec.commandLine().getErr());
        }
    }
}
