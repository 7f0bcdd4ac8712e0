package org.touchstone.sim.xrf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code touchstone xrf-sim}: the simulated XRF analyzer on its own, playing scenarios through one output path,
 * so an agent started with {@code touchstone run} can be pointed at it.
 */
@Command(name = "xrf-sim", mixinStandardHelpOptions = true,
        description = {"Run the simulated XRF analyzer: play scenarios through one output path (result lines on TCP or "
                + "a virtual serial port, a SciAps-style HTTP API, export files in a folder, or MQTT).",
                "Scenarios: bar-999.9 bar-995 dore-ag-hg jewellery-18k jewellery-9k silver-925 platinum-950 "
                        + "gold-plated-tungsten gold-flashed-tungsten gold-plated-silver brass-painted-gold drift."})
public final class XrfSimCommand implements Callable<Integer> {

    enum Output { tcp, serial, sciaps, folder, mqtt }

    @Option(names = "--output", required = true, description = "tcp, serial, sciaps, folder or mqtt.")
    Output output;

    @Option(names = "--scenario", split = ",", description = "Scenarios to play, in order (default: all).")
    List<String> scenarios;

    @Option(names = "--shots", defaultValue = "3", description = "Shots per scenario (default: ${DEFAULT-VALUE}).")
    int shots;

    @Option(names = "--seconds", defaultValue = "10", description = "Measuring time per shot (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--interval", defaultValue = "2000", paramLabel = "MILLIS",
            description = "Pause between shots (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Option(names = "--label", description = "Sample label on every shot, e.g. DEMO-0001/1 (default: SIM/<scenario>).")
    String label;

    @Option(names = "--profile", defaultValue = "bruker-s1-titan",
            description = "CSV layout for tcp, serial and folder (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--mode", defaultValue = SimulatedXrfAnalyzer.PRECIOUS_METALS,
            description = "PreciousMetals (tungsten reads as gold and platinum) or Alloy (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--link", defaultValue = "/tmp/touchstone/xrf-1", description = "Serial: where the virtual port is linked.")
    Path link;

    @Option(names = "--folder", defaultValue = "xrf-exports", description = "Folder: where export files are written.")
    Path folder;

    @Option(names = "--slow", description = "Folder: write each file slowly, in pieces, under its final name.")
    boolean slow;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT: broker URL.")
    String broker;

    @Option(names = "--topic", defaultValue = "touchstone/post-1/xrf/xrf-1/result", description = "MQTT: result topic.")
    String topic;

    @Option(names = "--device", defaultValue = "xrf-1", description = "MQTT: device id in the payload (must match the topic).")
    String device;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--once", description = "Exit after the last shot instead of waiting for Ctrl-C.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        XrfCsvProfile csv = XrfCsvProfile.builtIn(profile).orElse(null);
        if (csv == null) {
            System.err.println("xrf-sim: --profile must be one of " + XrfCsvProfile.BUILT_IN.stream().map(XrfCsvProfile::name).toList());
            return 2;
        }
        List<XrfScenario> play = new ArrayList<>();
        try {
            if (scenarios == null || scenarios.isEmpty()) {
                play.addAll(XrfScenario.all());
            } else {
                for (String s : scenarios) {
                    play.add(XrfScenario.named(s));
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("xrf-sim: " + e.getMessage());
            return 2;
        }
        SimulatedXrfAnalyzer analyzer = new SimulatedXrfAnalyzer(device, new Random(seed), Clock.systemUTC());
        analyzer.setMode(mode);
        analyzer.setIdentity("Simulated XRF (" + profile + ")", "SIM-XRF-0001", "simulator");
        List<AutoCloseable> open = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "xrf-sim-stop"));
        try {
            Shooter shooter;
            switch (output) {
                case tcp -> {
                    XrfResultLineServer s = XrfResultLineServer.onTcp(analyzer, csv);
                    open.add(s);
                    System.out.println("xrf-sim: result lines on tcp://127.0.0.1:" + s.port() + " (" + profile + ")");
                    shooter = s::shoot;
                }
                case serial -> {
                    Files.createDirectories(link.toAbsolutePath().getParent());
                    XrfResultLineServer s = XrfResultLineServer.onPseudoTerminal(analyzer, csv, link);
                    open.add(s);
                    System.out.println("xrf-sim: result lines on virtual serial port " + link + " (" + profile + ")");
                    shooter = s::shoot;
                }
                case sciaps -> {
                    SciApsApiSimulator s = new SciApsApiSimulator(analyzer, 1.0);
                    open.add(s);
                    System.out.println("xrf-sim: SciAps-style API on " + s.baseUri() + " (uncertainties at k = 1; a test"
                            + " starts only when a client posts /api/v2/test/final)");
                    shooter = (item, t, l) -> {
                        s.place(item, t);
                        return null;
                    };
                }
                case folder -> {
                    Files.createDirectories(folder);
                    XrfExportFolderWriter w = new XrfExportFolderWriter(csv);
                    System.out.println("xrf-sim: export files into " + folder.toAbsolutePath() + (slow ? ", slowly" : ""));
                    shooter = (item, t, l) -> {
                        XrfReading r = analyzer.shoot(item, t, l);
                        String name = "sim-" + r.testNumber() + ".csv";
                        if (slow) {
                            w.writeSlowly(folder, name, List.of(r), 5, Duration.ofMillis(300));
                        } else {
                            w.writeAtomically(folder, name, List.of(r));
                        }
                        return r;
                    };
                }
                default -> {
                    MqttConnection c = new MqttConnection(MqttSettings.anonymous(broker, "xrf-sim-" + device), null);
                    open.add(c);
                    if (!c.startAndAwait(10_000)) {
                        System.err.println("xrf-sim: cannot reach the MQTT broker at " + broker);
                        return 1;
                    }
                    MqttXrfPublisher p = new MqttXrfPublisher(analyzer, c, topic);
                    System.out.println("xrf-sim: publishing on " + topic + " at " + broker);
                    shooter = p::shoot;
                }
            }
            for (XrfScenario s : play) {
                s.applyTo(analyzer);
                for (int i = 0; i < shots && stopped.getCount() > 0; i++) {
                    XrfReading r = shooter.shoot(s.item(), seconds, label != null ? label : "SIM/" + s.name());
                    System.out.println("xrf-sim: " + s.name() + " shot " + (i + 1)
                            + (r == null ? " (on the nose; measured when a test is requested)" : ": " + summary(r)));
                    Thread.sleep(intervalMillis);
                }
            }
            if (!once) {
                System.out.println("xrf-sim: all scenarios played; Ctrl-C to stop");
                stopped.await();
            }
            return 0;
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    @FunctionalInterface
    private interface Shooter {
        XrfReading shoot(XrfItem item, double seconds, String label) throws Exception;
    }

    private static String summary(XrfReading r) {
        StringBuilder sb = new StringBuilder();
        r.elements().stream().filter(e -> !e.belowDetection() && e.percent() >= 0.1)
                .forEach(e -> sb.append(String.format(java.util.Locale.ROOT, "%s %.2f±%.2f ", e.element(), e.percent(),
                        e.uncertainty())));
        return sb.toString().trim();
    }
}
