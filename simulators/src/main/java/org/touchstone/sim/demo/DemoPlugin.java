package org.touchstone.sim.demo;

import org.touchstone.agent.cli.TouchstoneCommand;

/** Adds {@code demo} to the {@code touchstone} command line when the simulators are on the class path. */
public final class DemoPlugin implements TouchstoneCommand {
    @Override
    public Object command() {
        return new DemoCommand();
    }
}
