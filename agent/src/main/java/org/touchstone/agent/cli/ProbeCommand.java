package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import org.touchstone.agent.Json;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.ScaleDriver;
import org.touchstone.drivers.driver.ScaleProtocols;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.transport.ByteTransport;
import org.touchstone.drivers.transport.serial.SerialSettings;
import org.touchstone.drivers.transport.serial.SerialTransport;
import org.touchstone.drivers.transport.tcp.TcpSettings;
import org.touchstone.drivers.transport.tcp.TcpTransport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code touchstone probe}: connects to one device and prints one JSON line per reading, device event and rejected
 * frame, for commissioning at a post: a scale given by protocol and transport, or any device of the configuration
 * (scale or XRF analyzer, whatever its source) given by its id.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Read one device and print each reading and device event as a JSON line.",
        footer = {"", "Exit codes: 0 done, 2 bad arguments, 3 device unreachable or sending nothing.",
                "Examples: touchstone probe --protocol mt-sics --serial /dev/ttyUSB0 --baud 9600 --count 5",
                "          touchstone probe --device xrf-2 --config config/touchstone.yaml --count 3"})
public final class ProbeCommand implements Callable<Integer> {

    /** Exactly one way to reach the scale. */
    static final class Link {
        @Option(names = "--serial", paramLabel = "PATH", description = "Serial port, e.g. /dev/ttyUSB0.")
        String serial;

        @Option(names = "--tcp", paramLabel = "HOST:PORT",
                description = "Serial device server in raw TCP mode, e.g. 10.0.0.21:4001.")
        String tcp;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", description = "mt-sics, sartorius-sbi, and or toledo-continuous.")
    String protocol;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Link link;

    @Option(names = "--device", paramLabel = "ID",
            description = "A device of the configuration (scale or XRF analyzer), reached as configured.")
    String device;

    @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
            description = "Configuration for --device (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path config;

    @Option(names = "--baud", description = "Baud rate (default: the protocol's usual).")
    Integer baud;

    @Option(names = "--data-bits", description = "5..8 (default: the protocol's usual).")
    Integer dataBits;

    @Option(names = "--parity", description = "none, odd, even, mark or space (default: the protocol's usual).")
    String parity;

    @Option(names = "--stop-bits", description = "1 or 2 (default: the protocol's usual).")
    Integer stopBits;

    @Option(names = "--flow-control", description = "none, xonxoff or rtscts (default: the protocol's usual).")
    String flowControl;

    @Option(names = "--mode", description = "poll or stream (default: poll where the protocol can).")
    String mode;

    @Option(names = "--checksum", description = "Toledo continuous: the indicator appends a checksum byte.")
    boolean checksum;

    @Option(names = "--poll-interval", defaultValue = "250", paramLabel = "MS",
            description = "Milliseconds between polls (default: ${DEFAULT-VALUE}).")
    int pollIntervalMillis;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "Stop after N readings (default: run until stopped).")
    int count;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Give up when no weight arrives for this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private final ObjectMapper json = Json.mapper();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (device != null) {
            if (protocol != null || link != null) {
                throw new ParameterException(spec.commandLine(), "--device takes the device as configured: give no"
                        + " --protocol, --serial or --tcp with it");
            }
            return new ConfiguredProbe(config, device, count, timeoutSeconds, out, err).run();
        }
        if (protocol == null || link == null) {
            throw new ParameterException(spec.commandLine(), "give --protocol and one of --serial or --tcp, or --device");
        }
        ScaleProtocol scaleProtocol;
        ScaleProtocol.Mode scaleMode;
        ByteTransport transport;
        try {
            if (count < 0 || timeoutSeconds < 1 || pollIntervalMillis < 50) {
                throw new IllegalArgumentException("--count must be >= 0, --timeout >= 1, --poll-interval >= 50");
            }
            scaleProtocol = ScaleProtocols.named(protocol, checksum);
            scaleMode = mode == null ? scaleProtocol.defaultMode() : ScaleProtocol.Mode.parse(mode);
            if (!scaleProtocol.supports(scaleMode)) {
                throw new IllegalArgumentException("--mode " + mode + " is not possible with " + protocol);
            }
            transport = link.tcp != null ? new TcpTransport(TcpSettings.parse(link.tcp)) : serial();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().replaceFirst("^mode must", "--mode must"), e);
        }

        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        ScaleDriver driver = new ScaleDriver("probe", transport, scaleProtocol, scaleMode,
                Duration.ofMillis(pollIntervalMillis), Clock.systemUTC(), new DeviceListener() {
                    @Override
                    public void readingReceived(Reading reading) {
                        seen.add(reading);
                    }

                    @Override
                    public void deviceStateChanged(DeviceEvent event) {
                        seen.add(event);
                    }

                    @Override
                    public void frameRejected(FrameError error) {
                        seen.add(error);
                    }
                });
        Thread hook = new Thread(driver::close, "probe-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        driver.start();
        try {
            int readings = 0;
            String lastProblem = "nothing received";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (count == 0 || readings < count) {
                Object next = seen.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (System.nanoTime() - deadline > 0) {
                        err.println("touchstone probe: no weight from " + transport.describe() + " (" + protocol
                                + ") within " + timeoutSeconds + " s: " + lastProblem);
                        err.flush();
                        return ExitCode.UNAVAILABLE;
                    }
                    continue;
                }
                if (next instanceof WeightReading r) {
                    readings++;
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                    print(out, reading(r));
                } else if (next instanceof DeviceEvent e) {
                    if (e.state() != DeviceState.CONNECTED) {
                        lastProblem = e.state().name().toLowerCase(Locale.ROOT) + ": " + e.detail();
                    }
                    print(out, event(e));
                } else if (next instanceof FrameError f) {
                    lastProblem = "rejected frame: " + f.reason();
                    print(out, rejected(f));
                }
            }
            return ExitCode.OK;
        } finally {
            driver.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already; it closes the driver too.
            }
        }
    }

    private static SerialSettings.Parity parity(String text) {
        for (SerialSettings.Parity p : SerialSettings.Parity.values()) {
            if (p.name().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("--parity must be none, odd, even, mark or space, was: " + text);
    }

    private ByteTransport serial() {
        SerialSettings d = ScaleProtocols.defaultSerial(protocol, link.serial);
        SerialSettings s = new SerialSettings(link.serial, baud == null ? d.baud() : baud,
                dataBits == null ? d.dataBits() : dataBits,
                parity == null ? d.parity() : parity(parity),
                stopBits == null ? d.stopBits() : stopBits,
                flowControl == null ? d.flowControl() : switch (flowControl.toLowerCase(Locale.ROOT)) {
                    case "none" -> SerialSettings.FlowControl.NONE;
                    case "xonxoff" -> SerialSettings.FlowControl.XON_XOFF;
                    case "rtscts" -> SerialSettings.FlowControl.RTS_CTS;
                    default -> throw new IllegalArgumentException("--flow-control must be none, xonxoff or rtscts, was: "
                            + flowControl);
                });
        return new SerialTransport(s);
    }

    private ObjectNode reading(WeightReading r) {
        ObjectNode o = json.createObjectNode();
        o.put("type", "reading");
        o.put("value", r.value().toPlainString()); // the decimal value; a Toledo frame's digits are in raw
        if (r.resolution() != null) {
            o.put("resolution", r.resolution().toPlainString());
        }
        o.put("unit", r.unit().symbol());
        o.put("grams", r.grams().toPlainString());
        o.put("stable", r.stable());
        o.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
        if (r.tare() != null) {
            o.put("tare", r.tare().toPlainString());
        }
        if (r.serialNumber() != null) {
            o.put("serialNumber", r.serialNumber());
        }
        o.put("receivedAt", r.receivedAt().toString());
        o.put("raw", r.raw());
        return o;
    }

    private ObjectNode event(DeviceEvent e) {
        ObjectNode o = json.createObjectNode();
        o.put("type", "device");
        o.put("state", e.state().name());
        o.put("detail", e.detail());
        o.put("at", e.at().toString());
        return o;
    }

    private ObjectNode rejected(FrameError f) {
        ObjectNode o = json.createObjectNode();
        o.put("type", "rejected");
        o.put("reason", f.reason());
        if (f.summary()) {
            o.put("count", f.count());
        }
        o.put("raw", f.raw());
        o.put("at", f.at().toString());
        return o;
    }

    private void print(PrintWriter out, ObjectNode node) throws Exception {
        out.println(json.writeValueAsString(node));
        out.flush();
    }
}
