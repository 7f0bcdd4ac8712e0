package org.touchstone.agent.cli;

import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;

/**
 * Sends what an officer types at the command line to the post's running agent, over the post's broker, as the
 * inspector's tablet would. Exit codes: 2 for a bad configuration, 3 for an unreachable broker.
 */
final class PostMessenger implements AutoCloseable {

    /** Why a message could not be sent, with the exit code to return. */
    static final class Failure extends Exception {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private final MqttConnection mqtt;
    private final Topics topics;

    private PostMessenger(MqttConnection mqtt, Topics topics) {
        this.mqtt = mqtt;
        this.topics = topics;
    }

    static PostMessenger connect(Path config, String purpose) throws Failure, InterruptedException {
        ConfigLoader.Loaded loaded;
        try {
            loaded = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            throw new Failure(2, e.getMessage());
        }
        AgentConfig cfg = loaded.config();
        MqttSettings s = cfg.mqtt().settings(cfg.post().id(), loaded.baseDirectory());
        MqttSettings mine = s.withClientId(s.clientId() + "-" + purpose + "-" + ProcessHandle.current().pid());
        MqttConnection mqtt = new MqttConnection(mine, null);
        if (!mqtt.startAndAwait(10_000)) {
            mqtt.close();
            throw new Failure(3, "MQTT broker " + s.url() + " not reachable");
        }
        return new PostMessenger(mqtt, new Topics(cfg.mqtt().topicRoot(), cfg.post().id()));
    }

    Topics topics() {
        return topics;
    }

    /** Publishes with QoS 1 and waits for the broker's acknowledgement. */
    void send(String topic, byte[] payload) throws Failure {
        try {
            mqtt.publish(topic, payload, 1, false).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new Failure(3, "cannot send to " + topic + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        mqtt.close();
    }
}
