package org.touchstone.agent.devices;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Agent;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.sim.pty.PseudoTerminal;

/**
 * A barcode scanner on a virtual serial port: scanning an item's label puts that item on the bench; a label the
 * open inspections do not know is refused, naming the scanner and the code. The scanner may be unplugged and
 * plugged back in.
 */
class BarcodeScannerIT {

    @TempDir
    Path dir;

    @Test
    void scannedLabels_selectTheItemOnTheBench_unknownCodesAreRefused() throws Exception {
        Path link = dir.resolve("scanner");
        PseudoTerminal scanner = PseudoTerminal.open();
        scanner.linkAt(link);
        AgentConfig config = new ConfigLoader().parse("""
                post: {id: scanning}
                mqtt: {url: "tcp://127.0.0.1:1"}
                scanners:
                  - {id: scanner-1, serial: {path: %s}}
                dataDirectory: data
                """.formatted(link), "scanner.yaml");
        List<String> refused = new CopyOnWriteArrayList<>();
        List<String> states = new CopyOnWriteArrayList<>();
        AgentEvents events = new AgentEvents() {
            @Override
            public void inputRejected(String source, String reason) {
                refused.add(source + ": " + reason);
            }

            @Override
            public void deviceStatus(String deviceId, String state, String detail) {
                states.add(deviceId + ":" + state);
            }
        };
        Path declaration = dir.resolve("d.json");
        Files.writeString(declaration, """
                {"declarationId": "S-1", "items": [
                  {"itemId": "1", "hsCode": "7108.12", "metal": "Au", "fineness": 999.9, "netMass": {"value": 1000.0, "unit": "g"}},
                  {"itemId": "2", "hsCode": "7108.12", "metal": "Au", "fineness": 999.9, "netMass": {"value": 500.0, "unit": "g"}}]}""");
        try (Agent agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(), new PostDevices(),
                List.of(events))) {
            agent.start();
            agent.submitDeclaration(declaration).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> states.contains("scanner-1:CONNECTED"));

            scan(scanner, "S-1/2\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> "S-1/2".equals(String.valueOf(agent.activeItem())));
            scan(scanner, "1\r");  // a bare item id, with the CR-only line end many scanners send
            await().atMost(Duration.ofSeconds(10)).until(() -> "S-1/1".equals(String.valueOf(agent.activeItem())));
            scan(scanner, "X-99\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> !refused.isEmpty());
            assertTrue(refused.get(0).contains("scanner scanner-1") && refused.get(0).contains("'X-99'"), refused.toString());

            // Unplugged and plugged back in: the agent reopens the port and scans work again.
            scanner.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> states.contains("scanner-1:DISCONNECTED"));
            int connectedBefore = (int) states.stream().filter(s -> s.equals("scanner-1:CONNECTED")).count();
            scanner = PseudoTerminal.open();
            scanner.linkAt(link);
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    states.stream().filter(s -> s.equals("scanner-1:CONNECTED")).count() > connectedBefore);
            scan(scanner, "S-1/2\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> "S-1/2".equals(String.valueOf(agent.activeItem())));
        } finally {
            scanner.close();
        }
    }

    private static void scan(PseudoTerminal scanner, String code) throws Exception {
        scanner.masterOutput().write(code.getBytes(StandardCharsets.US_ASCII));
        scanner.masterOutput().flush();
    }
}
