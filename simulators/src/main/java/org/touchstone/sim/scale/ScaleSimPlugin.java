package org.touchstone.sim.scale;

import org.touchstone.agent.cli.TouchstoneCommand;

/** Adds {@code scale-sim} to the {@code touchstone} command line when the simulators are on the class path. */
public final class ScaleSimPlugin implements TouchstoneCommand {
    @Override
    public Object command() {
        return new ScaleSimCommand();
    }
}
