package org.touchstone.agent.command;

import java.util.concurrent.CompletableFuture;

/**
 * The one way in for commands, from every channel (MQTT, the web console, the command line, the watched folder, a
 * scanner). Safe to call from any thread.
 */
public interface AgentCommands {

    /**
     * Carries out a command on the agent's desk.
     *
     * @return the reply, completed only after the journal committed the outcome (accepted or refused). It completes
     *         exceptionally with a {@code JournalException} when the journal could not record it, and with an
     *         {@code IllegalStateException} when the agent has stopped taking commands
     */
    CompletableFuture<CommandReply> submit(Command command, Actor actor);

    /**
     * Carries out a command that a broker may deliver again (an MQTT message whose acknowledgement a crash or an
     * outage lost): the command and {@code inputKey} commit in one transaction, and a command whose key is
     * journaled already is not carried out again.
     *
     * @return the reply, or empty for a command taken before; completed only after the journal commit, so the
     *         caller may acknowledge the message then
     */
    default CompletableFuture<java.util.Optional<CommandReply>> submitOnce(Command command, Actor actor,
                                                                          org.touchstone.agent.journal.InputKey inputKey) {
        return submit(command, actor).thenApply(java.util.Optional::of);
    }
}
