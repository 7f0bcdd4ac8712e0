package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.touchstone.agent.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code touchstone select DECLARATION/ITEM [--water]}: puts an item on the bench, as an officer. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = {"Make an item the one on the bench at the running agent: the next load on the pan and the XRF"
                + " shots without a label are its.",
                "Exit 0 when the agent accepted it, 1 when it refused (the reason is printed), 2 for a bad option or"
                        + " configuration, 3 when the broker or the agent did not answer."})
public final class SelectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OfficerLogin login;

    @Parameters(paramLabel = "DECLARATION/ITEM", description = "The item, e.g. DEMO-0002/1.")
    String item;

    @Option(names = "--water", description = "A hydrostatic weighing: the item hangs in water.")
    boolean water;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        int slash = item.indexOf('/');
        if (slash <= 0 || slash == item.length() - 1) {
            err.println("touchstone select: expected DECLARATION/ITEM, e.g. DEMO-0002/1, was '" + item + "'");
            err.flush();
            return ExitCode.USAGE;
        }
        ObjectNode c = Json.mapper().createObjectNode().put("declarationId", item.substring(0, slash))
                .put("itemId", item.substring(slash + 1)).put("medium", water ? "water" : "air");
        try (PostMessenger post = login.connect("select")) {
            return OfficerCommands.answered("select " + item + (water ? " (in water)" : ""), post.request("select", c),
                    spec.commandLine().getOut(), err);
        } catch (PostMessenger.Failure e) {
            return OfficerCommands.failed("select", e, err);
        }
    }
}
