package org.touchstone.agent.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.AgentEvents;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttPublishException;

/** Publishes verdicts and alerts to the post's broker with QoS 1; the payloads are documented in the README. */
public final class MqttReport implements AgentEvents {

    private static final Logger log = LoggerFactory.getLogger(MqttReport.class);

    private final MqttConnection connection;
    private final Topics topics;
    private final ObjectMapper json;

    public MqttReport(MqttConnection connection, Topics topics, ObjectMapper json) {
        this.connection = connection;
        this.topics = topics;
        this.json = json;
    }

    @Override
    public void verdictChanged(Verdict verdict, int revision) {
        ObjectNode message = json.valueToTree(verdict);
        message.put("messageId", topics.postId() + ":" + verdict.declarationId() + ":verdict:" + revision);
        message.put("postId", topics.postId());
        message.put("revision", revision);
        publish(topics.verdict(verdict.declarationId()), message);
    }

    @Override
    public void alertRaised(Alert alert) {
        publish(topics.alerts(), json.valueToTree(alert));
    }

    private void publish(String topic, Object message) {
        try {
            connection.publish(topic, json.writeValueAsBytes(message), 1, false);
        } catch (JsonProcessingException e) {
            log.error("cannot serialise message for {}: {}", topic, e.getMessage());
        } catch (MqttPublishException e) {
            // Kept in the journal; redelivery from the journal is the outbox's job.
            log.error("{}", e.getMessage());
        }
    }
}
