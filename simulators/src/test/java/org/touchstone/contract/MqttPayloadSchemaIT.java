package org.touchstone.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.cli.TouchstoneCli;
import org.touchstone.sim.broker.TestBroker;

/**
 * Every message of a real run (the demo: the agent, a simulated scale on a virtual serial port, the simulated XRF
 * analyzer over MQTT, a real broker) is validated against the payload schemas of docs/mqtt, found through
 * asyncapi.yaml. A payload that changes without its schema, or a topic without a channel, fails here.
 */
class MqttPayloadSchemaIT {

    record Message(String topic, String payload) {
    }

    @Test
    void demoRun_everyMessageFitsItsSchema_andEveryOutgoingChannelIsExercised() throws Exception {
        MqttContract contract = MqttContract.load();
        String url = TestBroker.url();
        ConcurrentLinkedQueue<Message> seen = new ConcurrentLinkedQueue<>();
        MqttClient consumer = new MqttClient(url, "contract-" + ProcessHandle.current().pid(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        consumer.connect(options);
        consumer.subscribe("touchstone/post-demo/#", 1, (topic, m) ->
                seen.add(new Message(topic, new String(m.getPayload(), StandardCharsets.UTF_8))));

        PrintStream original = System.out;
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(screen, true, StandardCharsets.UTF_8));
            exit = TouchstoneCli.commandLine().execute("demo", "--once", "--duration", "120", "--broker", url,
                    "--config", "../config/demo.yaml", "--declarations", "../config/declarations/demo");
        } finally {
            System.setOut(original);
        }
        assertEquals(0, exit, screen.toString(StandardCharsets.UTF_8));
        // The demo closes the agent, whose last message (presence offline) is published before it returns; the
        // consumer has received everything once the agent's own offline presence has arrived.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> seen.stream()
                .anyMatch(m -> m.topic().endsWith("/status") && m.payload().contains("\"offline\"")));
        consumer.disconnect();
        consumer.close();

        List<String> problems = new ArrayList<>();
        Set<String> exercised = new TreeSet<>();
        for (Message m : seen) {
            contract.channelOf(m.topic()).ifPresent(c -> exercised.add(c.name()));
            problems.addAll(contract.problems(m.topic(), m.payload()));
        }
        assertEquals(List.of(), problems, problems.size() + " of " + seen.size() + " messages do not fit");
        for (MqttContract.Channel c : contract.channels()) {
            if ("send".equals(c.action())) {
                assertTrue(exercised.contains(c.name()), "the run published nothing on " + c.address());
            }
        }
        assertTrue(exercised.containsAll(Set.of("xrfResult", "officerSelect")),
                "the simulated analyzer's results and the officer's bench command are checked too: " + exercised);
        System.out.println("contract: " + seen.size() + " messages on " + exercised + " fit docs/mqtt");
    }
}
