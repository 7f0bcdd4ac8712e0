package org.touchstone.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.declaration.DeclarationRejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code touchstone declare}: checks declarations and hands the valid ones to the running agent over MQTT. */
@Command(name = "declare", mixinStandardHelpOptions = true,
        description = {"Check declaration files and send the valid ones to the post's agent (MQTT).",
                "Exit 0 when all were sent, 2 when a file was refused, 3 when the broker could not be reached."})
public final class DeclareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Declaration files (JSON).")
    List<Path> files;

    @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
            description = "The post's configuration: broker and post id (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--check", description = "Only check the files; send nothing.")
    boolean checkOnly;

    @Override
    public Integer call() throws Exception {
        DeclarationReader reader = new DeclarationReader();
        int refused = 0;
        for (Path file : files) {
            try {
                Declaration d = reader.read(file);
                System.out.println(file + ": declaration " + d.declarationId() + " is valid (" + d.items().size()
                        + " item(s))");
            } catch (DeclarationRejectedException e) {
                refused++;
                System.err.println(file + ": refused");
                e.problems().forEach(p -> System.err.println("  " + p));
            }
        }
        if (refused > 0 || checkOnly) {
            return refused > 0 ? 2 : 0;
        }
        try (PostMessenger post = PostMessenger.connect(config, "declare")) {
            for (Path file : files) {
                post.send(post.topics().declarations(), Files.readAllBytes(file));
                System.out.println(file + ": sent to " + post.topics().declarations());
            }
        } catch (PostMessenger.Failure e) {
            System.err.println("touchstone declare: " + e.getMessage());
            return e.exitCode;
        }
        return 0;
    }
}
