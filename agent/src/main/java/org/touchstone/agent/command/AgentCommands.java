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
}
