package org.touchstone.agent.cli;

/**
 * A subcommand that another module adds to {@code touchstone} (found with {@link java.util.ServiceLoader}):
 * the simulators add {@code demo}, for instance, without the agent depending on them.
 */
public interface TouchstoneCommand {

    /** The picocli command object (annotated with {@code @Command}). */
    Object command();
}
