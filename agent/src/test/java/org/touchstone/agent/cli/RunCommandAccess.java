package org.touchstone.agent.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.touchstone.agent.Agent;

/** Lets tests in other packages wait on {@code run}'s end as the command does. */
public final class RunCommandAccess {
    private RunCommandAccess() {
    }

    public static int untilStopped(Agent agent, CountDownLatch signal, PrintStream err) throws InterruptedException {
        return RunCommand.untilStopped(agent, signal, null, err);
    }
}
