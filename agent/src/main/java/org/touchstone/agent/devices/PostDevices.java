package org.touchstone.agent.devices;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ScaleConfig;
import org.touchstone.agent.config.ScannerConfig;

/** The devices a post's configuration names: scales on their drivers or over MQTT, XRF analyzers on their sources. */
public final class PostDevices implements DeviceStarter {

    private final ScaleDrivers scales;

    /** The agent's devices: scales report changes of indication (see ScaleDriver.Reporting). */
    public PostDevices() {
        this(org.touchstone.drivers.driver.ScaleDriver.Reporting.CHANGES);
    }

    /** @param scaleReporting every frame for commissioning ({@code touchstone probe}), changes for the agent */
    public PostDevices(org.touchstone.drivers.driver.ScaleDriver.Reporting scaleReporting) {
        this.scales = new ScaleDrivers(scaleReporting);
    }

    /** Starts only the XRF analyzers of a configuration (a technician's check reads one while the agent runs). */
    public static List<AutoCloseable> startXrf(AgentConfig config, DeviceContext context) {
        return new XrfSources(context.baseDirectory()).start(config, context);
    }

    @Override
    public List<AutoCloseable> start(AgentConfig config, DeviceContext context) {
        List<AutoCloseable> started = new ArrayList<>();
        Set<String> mqttScales = new LinkedHashSet<>();
        for (ScaleConfig scale : config.scales()) {
            if (scale.transport().equals("mqtt")) {
                mqttScales.add(scale.id());
            } else {
                started.add(scales.start(scale, context));
            }
        }
        if (context.mqtt() != null) {
            new MqttScaleSource().start(mqttScales, context);
        }
        started.addAll(new XrfSources(context.baseDirectory()).start(config, context));
        for (ScannerConfig scanner : config.scanners()) {
            started.add(BarcodeScanners.start(scanner, context));
        }
        return started;
    }
}
