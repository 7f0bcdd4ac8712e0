package org.touchstone.sim.xrf;

import org.touchstone.agent.cli.TouchstoneCommand;

/** Adds {@code xrf-sim} to the {@code touchstone} command line when the simulators are on the class path. */
public final class XrfSimPlugin implements TouchstoneCommand {
    @Override
    public Object command() {
        return new XrfSimCommand();
    }
}
