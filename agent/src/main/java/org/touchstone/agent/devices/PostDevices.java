package org.touchstone.agent.devices;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ScaleConfig;
import org.touchstone.agent.config.XrfConfig;

/** The devices a post's configuration names: scales on their drivers, XRF analyzers on their sources. */
public final class PostDevices implements DeviceStarter {

    private final SerialScales scales = new SerialScales();

    @Override
    public List<AutoCloseable> start(AgentConfig config, DeviceContext context) {
        List<AutoCloseable> started = new ArrayList<>();
        for (ScaleConfig scale : config.scales()) {
            started.add(scales.start(scale, context));
        }
        Set<String> mqttAnalyzers = new LinkedHashSet<>();
        for (XrfConfig xrf : config.xrfAnalyzers()) {
            if (xrf.source().equals("mqtt")) {
                mqttAnalyzers.add(xrf.id());
            }
        }
        new MqttXrfSource().start(mqttAnalyzers, context);
        return started;
    }
}
