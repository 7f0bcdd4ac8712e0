package org.touchstone.agent.devices;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ScaleConfig;

/** The devices a post's configuration names: scales on their drivers, XRF analyzers on their sources. */
public final class PostDevices implements DeviceStarter {

    private final SerialScales scales = new SerialScales();
    private final XrfSources xrf;

    /** Relative paths in the configuration are resolved against the working directory. */
    public PostDevices() {
        this(Path.of(""));
    }

    /** @param baseDirectory the configuration file's folder, which relative paths are resolved against */
    public PostDevices(Path baseDirectory) {
        this.xrf = new XrfSources(baseDirectory.toAbsolutePath());
    }

    @Override
    public List<AutoCloseable> start(AgentConfig config, DeviceContext context) {
        List<AutoCloseable> started = new ArrayList<>();
        for (ScaleConfig scale : config.scales()) {
            started.add(scales.start(scale, context));
        }
        started.addAll(xrf.start(config, context));
        return started;
    }
}
