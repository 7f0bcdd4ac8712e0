package org.touchstone.agent.devices;

import java.util.List;
import org.touchstone.agent.config.AgentConfig;

/** Starts the configured devices; the agent owns and closes what is returned. */
@FunctionalInterface
public interface DeviceStarter {
    List<AutoCloseable> start(AgentConfig config, DeviceContext context);
}
