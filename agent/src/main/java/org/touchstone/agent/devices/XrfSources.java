package org.touchstone.agent.devices;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.XrfConfig;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.SciApsClient;
import org.touchstone.drivers.driver.SciApsXrfDriver;
import org.touchstone.drivers.driver.XrfFolderImporter;
import org.touchstone.drivers.driver.XrfStreamDriver;
import org.touchstone.drivers.transport.ByteTransport;
import org.touchstone.drivers.transport.serial.SerialTransport;
import org.touchstone.drivers.transport.tcp.TcpSettings;
import org.touchstone.drivers.transport.tcp.TcpTransport;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Starts the source each configured XRF analyzer needs (result lines over serial or TCP, the SciAps API, a watched
 * folder, or MQTT) and routes what they observe into the agent. Every source hands on the same normalised
 * reading; only how it arrives differs.
 */
final class XrfSources {

    private final Path baseDirectory;

    /** @param baseDirectory what relative paths in the configuration (folder, dataDirectory) are resolved against */
    XrfSources(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    List<AutoCloseable> start(AgentConfig config, DeviceContext ctx) {
        List<AutoCloseable> started = new ArrayList<>();
        Set<String> mqttAnalyzers = new LinkedHashSet<>();
        for (XrfConfig xrf : config.xrfAnalyzers()) {
            switch (xrf.source()) {
                case "mqtt" -> mqttAnalyzers.add(xrf.id());
                case "serial" -> started.add(stream(xrf, new SerialTransport(
                        ScaleDrivers.settings(xrf.serial().withDefaults(9600, 8, "none", 1, "none"))), ctx));
                case "tcp" -> started.add(stream(xrf, new TcpTransport(new TcpSettings(xrf.tcp().host(), xrf.tcp().port(),
                        xrf.tcp().connectTimeoutMillis())), ctx));
                case "sciaps" -> {
                    SciApsXrfDriver d = new SciApsXrfDriver(xrf.id(), new SciApsClient(xrf.sciaps().uri(),
                            Duration.ofSeconds(xrf.sciaps().testTimeoutSeconds())), xrf.sciaps().mode(),
                            xrf.sciaps().coverageFactor(), Duration.ofMillis(xrf.sciaps().statusIntervalMillis()),
                            ctx.clock(), listener(xrf.id(), xrf.sciaps().url(), ctx));
                    d.start();
                    started.add(d);
                }
                case "folder" -> {
                    Path folder = baseDirectory.resolve(xrf.folder().path()).normalize();
                    Path state = stateFile(config, xrf.id());
                    XrfFolderImporter[] importer = new XrfFolderImporter[1];
                    DeviceListener base = listener(xrf.id(), folder.toString(), ctx);
                    DeviceListener acknowledging = new DeviceListener() {
                        @Override
                        public void readingReceived(Reading reading) {
                            // A shot counts as imported only once the agent has journaled it.
                            ctx.journaled().accept(reading, () -> importer[0].acknowledge((XrfReading) reading));
                        }

                        @Override
                        public void deviceStateChanged(DeviceEvent event) {
                            base.deviceStateChanged(event);
                        }

                        @Override
                        public void frameRejected(FrameError error) {
                            base.frameRejected(error);
                        }
                    };
                    XrfFolderImporter d = new XrfFolderImporter(xrf.id(), folder, xrf.folder().pattern(), state,
                            Duration.ofMillis(xrf.folder().settleMillis()), Duration.ofMillis(xrf.folder().pollMillis()),
                            xrf.csvProfile(), xrf.csvSettings(), xrf.zone(), ctx.clock(), acknowledging);
                    importer[0] = d;
                    d.start();
                    started.add(d);
                }
                default -> throw new IllegalStateException("XrfConfig let through source " + xrf.source());
            }
        }
        // Always subscribed (when there is a broker), so a result for an analyzer nobody configured is reported
        // rather than unheard.
        if (ctx.mqtt() != null) {
            new MqttXrfSource().start(mqttAnalyzers, ctx);
        }
        return started;
    }

    /** Where a folder source remembers what it imported: beside the journal. */
    Path stateFile(AgentConfig config, String deviceId) {
        return baseDirectory.resolve(config.dataDirectory()).normalize().resolve("xrf-import-" + deviceId + ".state");
    }

    private XrfStreamDriver stream(XrfConfig xrf, ByteTransport transport, DeviceContext ctx) {
        XrfStreamDriver d = new XrfStreamDriver(xrf.id(), transport, xrf.csvProfile(), xrf.csvSettings(), xrf.header(),
                xrf.zone(), ctx.clock(), listener(xrf.id(), XrfStreamDriver.sourceName(transport), ctx));
        d.start();
        return d;
    }

    private static DeviceListener listener(String deviceId, String where, DeviceContext ctx) {
        return new DeviceListener() {
            @Override
            public void readingReceived(Reading reading) {
                ctx.readings().accept(reading);
            }

            @Override
            public void deviceStateChanged(DeviceEvent event) {
                ctx.events().deviceStatus(event.deviceId(), event.state().name(), event.detail());
            }

            @Override
            public void frameRejected(FrameError error) {
                ctx.events().inputRejected(deviceId + " (" + where + ")", error.reason()
                        + (error.raw().isEmpty() ? "" : ": " + ScaleDrivers.printable(abbreviate(error.raw()))));
            }
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
