package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.touchstone.agent.Json;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.declaration.DeclarationRejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code touchstone declare}: checks declaration files and sends the valid ones to the running agent, as an officer,
 * one command each, waiting for each answer. A file that is not valid is not sent, and said so; the others are.
 */
@Command(name = "declare", mixinStandardHelpOptions = true,
        description = {"Check declaration files and send the valid ones to the post's agent, as an officer (MQTT);"
                + " an invalid file is not sent (and named), the valid ones are.",
                "Exit 0 when every file was accepted by the agent, 1 when a file was invalid (not sent) or refused by"
                        + " the agent, 2 for a bad option or configuration, 3 when the broker or the agent did not"
                        + " answer."})
public final class DeclareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OfficerLogin login;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Declaration files (JSON).")
    List<Path> files;

    @Option(names = "--check", description = "Only check the files; send nothing (needs no broker nor officer).")
    boolean checkOnly;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeclarationReader reader = new DeclarationReader();
        ObjectMapper json = Json.mapper();
        List<Path> valid = new ArrayList<>();
        List<JsonNode> documents = new ArrayList<>();
        List<String> notSent = new ArrayList<>();
        for (Path file : files) {
            try {
                Declaration d = reader.read(file);
                valid.add(file);
                documents.add(json.readTree(Files.readAllBytes(file)));
                out.println(file + ": declaration " + d.declarationId() + " is valid (" + d.items().size() + " item(s))");
            } catch (DeclarationRejectedException e) {
                notSent.add(file.toString());
                err.println(file + ": invalid" + (checkOnly ? "" : ", not sent") + ":");
                e.problems().forEach(p -> err.println("  " + p));
            }
        }
        out.flush();
        err.flush();
        if (checkOnly) {
            return notSent.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
        }
        int accepted = 0;
        List<String> refused = new ArrayList<>();
        if (!valid.isEmpty()) {
            try (PostMessenger post = login.connect("declare")) {
                for (int i = 0; i < valid.size(); i++) {
                    var c = json.createObjectNode();
                    c.set("declaration", documents.get(i));
                    PostMessenger.Reply r = post.request("declare", c);
                    if (OfficerCommands.answered(valid.get(i) + ": declare", r, out, err) == ExitCode.OK) {
                        accepted++;
                    } else {
                        refused.add(valid.get(i).toString());
                    }
                }
            } catch (PostMessenger.Failure e) {
                err.println("touchstone declare: " + e.getMessage() + "; " + accepted + " of " + files.size()
                        + " file(s) accepted before that");
                err.flush();
                return e.exitCode;
            }
        }
        if (notSent.isEmpty() && refused.isEmpty()) {
            out.println(accepted + " declaration(s) accepted by the agent");
            out.flush();
            return ExitCode.OK;
        }
        err.println(accepted + " of " + files.size() + " declaration(s) accepted by the agent"
                + (notSent.isEmpty() ? "" : "; not sent (invalid): " + String.join(", ", notSent))
                + (refused.isEmpty() ? "" : "; refused by the agent: " + String.join(", ", refused)));
        err.flush();
        return ExitCode.FAILED;
    }
}
