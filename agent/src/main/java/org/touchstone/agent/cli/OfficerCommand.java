package org.touchstone.agent.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficersFile;
import org.touchstone.agent.security.OfficersFileException;
import org.touchstone.agent.security.PasswordHasher;
import org.touchstone.agent.security.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code touchstone officer add|passwd|list|remove}: keeps the officers file. Passwords are typed at the terminal
 * (twice, not echoed) or read from the first line of standard input with {@code --password-stdin}; they never
 * appear on the command line, where {@code ps} and the shell history would show them.
 */
@Command(name = "officer", mixinStandardHelpOptions = true,
        description = {"Add officers, set their passwords, list them (the officers file of security.officersFile).",
                "Exit 0 done, 1 refused (unknown or duplicate officer), 2 bad arguments or unreadable file."},
        subcommands = {OfficerCommand.Add.class, OfficerCommand.Passwd.class, OfficerCommand.ListOfficers.class,
                OfficerCommand.Remove.class})
public final class OfficerCommand {

    @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The post's configuration, to find security.officersFile (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--file", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The officers file to keep, instead of the configuration's.")
    Path file;

    @Option(names = "--password-stdin", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Read the password from the first line of standard input (scripts), not the terminal.")
    boolean passwordStdin;

    PrintStream out = System.out;
    PrintStream err = System.err;
    java.io.InputStream in = System.in;

    Path officersFile() throws ConfigException {
        if (file != null) {
            return file;
        }
        ConfigLoader.Loaded loaded = new ConfigLoader().load(config);
        String f = loaded.config().security().officersFile();
        if (f == null) {
            throw new ConfigException(config + ": security.officersFile is not set; set it, or pass --file");
        }
        return loaded.resolve(f);
    }

    List<Officer> read(Path f) throws OfficersFileException {
        return Files.exists(f) ? new ArrayList<>(OfficersFile.read(f)) : new ArrayList<>();
    }

    char[] password(String id) throws IOException {
        if (passwordStdin) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null) {
                throw new IllegalArgumentException("--password-stdin: standard input is empty");
            }
            return line.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to type the password at; use --password-stdin");
        }
        char[] first = console.readPassword("New password for %s: ", id);
        char[] second = console.readPassword("Same password again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            PasswordHasher.wipe(first);
            PasswordHasher.wipe(second);
            throw new IllegalArgumentException("the two passwords differ; nothing was changed");
        }
        PasswordHasher.wipe(second);
        return first;
    }

    String hash(String id) throws IOException {
        char[] pw = password(id);
        try {
            return new PasswordHasher().hash(pw);
        } finally {
            PasswordHasher.wipe(pw);
        }
    }

    /** Runs one change of the file, mapping each failure to its exit code and a message naming it. */
    int change(Step step) {
        try {
            return step.run(officersFile());
        } catch (ConfigException | OfficersFileException | IOException e) {
            err.println("touchstone officer: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("touchstone officer: " + e.getMessage());
            return 2;
        }
    }

    /** Changes one existing officer in the file; exit 1 when there is no such officer. */
    int changeOfficer(String id, OfficerChange change, String done) {
        return change(f -> {
            List<Officer> officers = read(f);
            int i = indexOf(officers, id);
            if (i < 0) {
                err.println("touchstone officer: no officer '" + id + "' in " + f);
                return 1;
            }
            change.apply(officers, i);
            OfficersFile.write(f, officers);
            out.println(done + f);
            return 0;
        });
    }

    @FunctionalInterface
    interface OfficerChange {
        void apply(List<Officer> officers, int index) throws IOException;
    }

    @FunctionalInterface
    interface Step {
        int run(Path file) throws OfficersFileException, IOException;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an officer with a password.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        OfficerCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "The officer's id (also the MQTT user name).")
        String id;

        @Option(names = "--name", description = "Full name, as screens and evidence show it.")
        String name;

        @Option(names = "--role", required = true, split = ",",
                description = "inspector, technician, supervisor or analyst (headquarters); repeat or separate with commas.")
        List<String> roles;

        @Override
        public Integer call() {
            return parent.change(f -> {
                Officer.requireId(id);
                Set<Role> rs = EnumSet.noneOf(Role.class);
                roles.forEach(r -> rs.add(Role.parse(r)));
                List<Officer> officers = parent.read(f);
                if (officers.stream().anyMatch(o -> o.id().equals(id))) {
                    parent.err.println("touchstone officer: officer '" + id + "' exists in " + f
                            + "; use `touchstone officer passwd " + id + "` to change the password");
                    return 1;
                }
                officers.add(new Officer(id, name, rs, parent.hash(id)));
                OfficersFile.write(f, officers);
                parent.out.println("added officer " + id + " (" + rs.stream().map(Role::text)
                        .collect(Collectors.joining(", ")) + ") to " + f);
                return 0;
            });
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set an officer's password.")
    static final class Passwd implements Callable<Integer> {
        @ParentCommand
        OfficerCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return parent.changeOfficer(id, (officers, i) -> officers.set(i,
                    officers.get(i).withPasswordHash(parent.hash(id))), "password of " + id + " changed in ");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an officer.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        OfficerCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return parent.changeOfficer(id, (officers, i) -> officers.remove(i), "removed officer " + id + " from ");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the officers and their roles.")
    static final class ListOfficers implements Callable<Integer> {
        @ParentCommand
        OfficerCommand parent;

        @Override
        public Integer call() {
            return parent.change(f -> {
                List<Officer> officers = parent.read(f);
                if (officers.isEmpty()) {
                    parent.out.println("no officers in " + f + "; add one with `touchstone officer add ID --role inspector`");
                }
                for (Officer o : officers) {
                    parent.out.printf("%-20s %-30s %s%n", o.id(), o.name(), o.roles().stream().sorted().map(Role::text)
                            .collect(Collectors.joining(",")));
                }
                return 0;
            });
        }
    }

    private static int indexOf(List<Officer> officers, String id) {
        for (int i = 0; i < officers.size(); i++) {
            if (officers.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
