package org.touchstone.agent.cli;

import java.io.Console;
import java.nio.file.Path;
import org.touchstone.agent.security.Officer;
import picocli.CommandLine.Option;

/**
 * Who gives a command at the command line, and where: the officer's MQTT user name (the officer id of the officers
 * file) and password, the post's configuration, and how long to wait for the agent's reply. The password comes from
 * {@code --password-file}, {@code TOUCHSTONE_OFFICER_PASSWORD}, or is asked at the terminal; it is never an option's
 * value (it would show in {@code ps} and the shell's history).
 */
final class OfficerLogin {

    @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
            description = "The post's configuration: broker and post id (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--officer", defaultValue = "${env:TOUCHSTONE_OFFICER}",
            description = "The officer's id, which is also the officer's MQTT user name (default: $TOUCHSTONE_OFFICER)."
                    + " The password comes from $TOUCHSTONE_OFFICER_PASSWORD, or is asked.")
    String officer;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the officer's password from the first line of FILE (keep it 0600), for scripts.")
    Path passwordFile;

    @Option(names = "--timeout", defaultValue = "15", paramLabel = "SECONDS",
            description = "How long to wait for the agent's reply (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    /** The login's officer, checked. */
    String officerId() throws PostMessenger.Failure {
        if (officer == null || officer.isBlank()) {
            throw new PostMessenger.Failure(ExitCode.USAGE, "name the officer: --officer ID or TOUCHSTONE_OFFICER (the"
                    + " officer's MQTT user name)");
        }
        try {
            return Officer.requireId(officer.strip());
        } catch (IllegalArgumentException e) {
            throw new PostMessenger.Failure(ExitCode.USAGE, "--officer: " + e.getMessage());
        }
    }

    /** The officer's broker password: {@code TOUCHSTONE_OFFICER_PASSWORD}, or asked at the terminal. */
    char[] password(String officerId) throws PostMessenger.Failure {
        if (passwordFile != null) {
            try {
                String first = java.nio.file.Files.readAllLines(passwordFile).stream().findFirst().orElse("");
                if (first.isEmpty()) {
                    throw new PostMessenger.Failure(ExitCode.USAGE, "--password-file " + passwordFile + ": empty");
                }
                return first.toCharArray();
            } catch (java.io.IOException e) {
                throw new PostMessenger.Failure(ExitCode.USAGE, "--password-file " + passwordFile + ": cannot read it ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        String env = System.getenv("TOUCHSTONE_OFFICER_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new PostMessenger.Failure(ExitCode.USAGE, "no password for officer " + officerId + ": set"
                    + " TOUCHSTONE_OFFICER_PASSWORD or run from a terminal");
        }
        char[] typed = console.readPassword("password of officer %s: ", officerId);
        if (typed == null || typed.length == 0) {
            throw new PostMessenger.Failure(ExitCode.USAGE, "no password given for officer " + officerId);
        }
        return typed;
    }

    long timeoutMillis() throws PostMessenger.Failure {
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            throw new PostMessenger.Failure(ExitCode.USAGE, "--timeout: 1 to 600 seconds, was " + timeoutSeconds);
        }
        return timeoutSeconds * 1000L;
    }

    /** Connects to the post's broker as this officer. */
    PostMessenger connect(String purpose) throws PostMessenger.Failure, InterruptedException {
        String id = officerId();
        long timeout = timeoutMillis();
        return PostMessenger.connect(config, new Credentials(id, password(id)), purpose, timeout);
    }

    /** An officer's broker credentials. */
    record Credentials(String officerId, char[] password) {
    }
}
