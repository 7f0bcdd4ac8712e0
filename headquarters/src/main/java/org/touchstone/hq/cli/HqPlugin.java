package org.touchstone.hq.cli;

import org.touchstone.agent.cli.TouchstoneCommand;

/** Adds {@code hq} to the {@code touchstone} command line when headquarters is on the class path. */
public final class HqPlugin implements TouchstoneCommand {
    @Override
    public Object command() {
        return new HqCommand();
    }
}
