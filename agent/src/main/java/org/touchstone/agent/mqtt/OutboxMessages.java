package org.touchstone.agent.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.journal.Journal.OutboxMessage;
import org.touchstone.agent.journal.JournalException;

/** The messages headquarters receives, built for the outbox; the payloads are documented in the README. */
public final class OutboxMessages {

    private final Topics topics;
    private final ObjectMapper json;

    public OutboxMessages(Topics topics, ObjectMapper json) {
        this.topics = topics;
        this.json = json;
    }

    public OutboxMessage verdict(Verdict verdict, int revision) {
        ObjectNode message = json.valueToTree(verdict);
        String id = topics.postId() + ":" + verdict.declarationId() + ":verdict:" + revision;
        message.put("messageId", id);
        message.put("postId", topics.postId());
        message.put("revision", revision);
        return new OutboxMessage(topics.verdict(verdict.declarationId()), bytes(message), id, verdict.declarationId());
    }

    public OutboxMessage alert(Alert alert) {
        return new OutboxMessage(topics.alerts(), bytes(alert), alert.messageId(), alert.declarationId());
    }

    /** A device's connection state; the sequence number makes the message id unique. */
    public OutboxMessage deviceStatus(String deviceId, String state, String detail, Instant at, long seq) {
        ObjectNode message = json.createObjectNode();
        String id = topics.postId() + ":device:" + deviceId + ":" + seq;
        message.put("messageId", id);
        message.put("postId", topics.postId());
        message.put("deviceId", deviceId);
        message.put("state", state);
        message.put("detail", detail == null ? "" : detail);
        message.put("at", at.toString());
        return new OutboxMessage(topics.deviceStatus(deviceId), bytes(message), id, null);
    }

    private byte[] bytes(Object message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new JournalException("cannot serialise a message: " + e.getOriginalMessage(), e);
        }
    }
}
