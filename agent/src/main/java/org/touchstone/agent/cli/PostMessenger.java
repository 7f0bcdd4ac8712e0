package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.touchstone.agent.Json;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttPublishException;
import org.touchstone.drivers.transport.mqtt.MqttSettings;

/**
 * An officer's commands from the command line to the post's running agent, over the post's broker, as the officer
 * (the broker authenticates the officer's user name and password; the agent takes the identity from the officer's
 * topic): each command is published on {@code <root>/<post>/officers/<officer>/cmd/<name>} and its reply awaited on
 * {@code .../officers/<officer>/reply}, matched by correlation id.
 */
final class PostMessenger implements AutoCloseable {

    /** Why a command got no answer, with the exit code to return. */
    static final class Failure extends Exception {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** The agent's answer. */
    record Reply(boolean accepted, String reason, Long journalSeq, String at) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MqttConnection mqtt;
    private final Topics topics;
    private final String officerId;
    private final long timeoutMillis;
    private final ObjectMapper json = Json.mapper();
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    private PostMessenger(MqttConnection mqtt, Topics topics, String officerId, long timeoutMillis) {
        this.mqtt = mqtt;
        this.topics = topics;
        this.officerId = officerId;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Connects as the officer and subscribes to the officer's reply topic.
     *
     * @throws Failure 2 for a bad configuration, 3 for a broker that cannot be reached or refuses the officer
     */
    static PostMessenger connect(Path config, OfficerLogin.Credentials login, String purpose, long timeoutMillis)
            throws Failure, InterruptedException {
        ConfigLoader.Loaded loaded;
        try {
            loaded = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            throw new Failure(ExitCode.USAGE, e.getMessage());
        }
        AgentConfig cfg = loaded.config();
        Topics topics = new Topics(cfg.mqtt().topicRoot(), cfg.post().id());
        MqttSettings agent = cfg.mqtt().settings(cfg.post().id(), loaded.baseDirectory());
        // The officer's own credentials, never the agent's: the broker's ACL gives this user only its own topics.
        MqttSettings mine = agent.withCredentials(login.officerId(), new String(login.password()))
                .withClientId("touchstone-cli-" + login.officerId() + "-" + purpose + "-" + ProcessHandle.current().pid());
        MqttConnection mqtt = new MqttConnection(mine, null);
        PostMessenger post = new PostMessenger(mqtt, topics, login.officerId(), timeoutMillis);
        String replies = topics.officerReply(login.officerId());
        mqtt.subscribe(replies, 1, post::replied);
        mqtt.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMillis, 10_000));
        // Fails fast: the first refused or failed attempt ends it, rather than waiting out the retries.
        while (!mqtt.isConnected()) {
            if (mqtt.lastConnectFailure().isPresent() || System.nanoTime() > deadline) {
                String why = mqtt.lastConnectFailure().orElse("MQTT broker " + agent.url() + " not reachable");
                mqtt.close();
                throw new Failure(ExitCode.UNAVAILABLE, why);
            }
            Thread.sleep(20);
        }
        if (!mqtt.awaitSubscribed(replies, 5_000)) {
            mqtt.close();
            throw new Failure(ExitCode.UNAVAILABLE, "MQTT broker " + agent.url() + " did not take the subscription to "
                    + replies + " (does its ACL let officer " + login.officerId() + " read it?)");
        }
        return post;
    }

    Topics topics() {
        return topics;
    }

    String officerId() {
        return officerId;
    }

    /**
     * Sends one command and waits for the agent's reply.
     *
     * @param payload the command's fields; its {@code correlationId} is set here
     * @throws Failure 3 when it could not be sent or no reply came in time
     */
    Reply request(String command, ObjectNode payload) throws Failure, InterruptedException {
        String correlationId = "cli-" + HexFormat.of().formatHex(randomBytes());
        payload.put("correlationId", correlationId);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(correlationId, answer);
        String topic = topics.officerCommand(officerId, command);
        try {
            mqtt.publish(topic, payload.toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false).waitForCompletion(timeoutMillis);
            JsonNode r = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return new Reply(r.path("accepted").asBoolean(false), r.path("reason").asText(null),
                    r.path("journalSeq").isNumber() ? r.path("journalSeq").asLong() : null, r.path("at").asText(null));
        } catch (org.eclipse.paho.client.mqttv3.MqttException | MqttPublishException e) {
            throw new Failure(ExitCode.UNAVAILABLE, "cannot send to " + topic + ": " + e.getMessage());
        } catch (TimeoutException e) {
            throw new Failure(ExitCode.UNAVAILABLE, "no reply from the agent within " + timeoutMillis / 1000 + " s on "
                    + topics.officerReply(officerId) + ": is the agent for post " + topics.postId() + " running? The"
                    + " command may still be carried out; check the console");
        } catch (ExecutionException e) {
            throw new Failure(ExitCode.UNAVAILABLE, "reply unreadable: " + e.getCause().getMessage());
        } finally {
            waiting.remove(correlationId);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    private void replied(String topic, byte[] payload) {
        JsonNode r;
        try {
            r = json.readTree(payload);
        } catch (java.io.IOException e) {
            return; // not a reply of the agent's
        }
        CompletableFuture<JsonNode> f = waiting.get(r.path("correlationId").asText(""));
        if (f != null) {
            f.complete(r);
        }
    }

    @Override
    public void close() {
        mqtt.close();
    }
}
