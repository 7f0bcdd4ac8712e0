package org.touchstone.agent.devices;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.sim.xrf.SimulatedXrfAnalyzer;
import org.touchstone.sim.xrf.XrfExportFolderWriter;
import org.touchstone.sim.xrf.XrfScenario;

/**
 * The agent's wiring of a watched export folder: its shots go to the context's journaled hand-over, and a shot is
 * recorded as imported (in the state file beside the journal) only when the agent runs the acknowledgement it was
 * given, after its journal commit. Until then a restart would import it again; it is never lost.
 */
class FolderImportAcknowledgementIT {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void shotRecordedAsImported_onlyWhenTheAgentAcknowledgesIt() throws Exception {
        Files.createDirectories(dir.resolve("usb"));
        AgentConfig config = new ConfigLoader().parse("""
                post: {id: folder-ack}
                mqtt: {url: "tcp://127.0.0.1:1"}
                dataDirectory: data
                xrfAnalyzers:
                  - {id: xrf-folder, source: folder, folder: {path: usb, settleMillis: 300, pollMillis: 100}}
                """, "folder.yaml");
        List<Reading> handedOver = new CopyOnWriteArrayList<>();
        List<Runnable> acknowledgements = new CopyOnWriteArrayList<>();
        DeviceContext ctx = new DeviceContext(Clock.systemUTC(), null, null,
                r -> { throw new AssertionError("a folder shot must go to the journaled hand-over"); },
                new DeviceInput() {
                }, dir, (reading, whenJournaled) -> {
                    handedOver.add(reading);
                    acknowledgements.add(whenJournaled); // the journal commit has not happened yet
                });
        open.addAll(new PostDevices().start(config, ctx));

        SimulatedXrfAnalyzer analyzer = new SimulatedXrfAnalyzer("xrf", new Random(9), Clock.systemUTC());
        new XrfExportFolderWriter(XrfCsvProfile.EVIDENT_VANTA).writeAtomically(dir.resolve("usb"), "shift.csv",
                List.of(analyzer.shoot(XrfScenario.named("bar-995").item(), 10, "A/1"),
                        analyzer.shoot(XrfScenario.named("bar-995").item(), 10, "A/1")));
        await().atMost(Duration.ofSeconds(30)).until(() -> handedOver.size() == 2);
        Path state = dir.resolve("data/xrf-import-xrf-folder.state");
        assertFalse(Files.exists(state) && Files.readString(state).contains("shot\t"),
                "recorded as imported before the agent journaled it");

        acknowledgements.forEach(Runnable::run);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(state)
                && Files.readAllLines(state).stream().filter(l -> l.startsWith("shot\t")).count() == 2);
        assertEquals(2, handedOver.size(), "handed over once each");
    }
}
