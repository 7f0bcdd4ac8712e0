package org.touchstone.agent.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.journal.JournalException;
import org.touchstone.agent.journal.OutboxMessage;
import org.touchstone.agent.journal.schema.DeviceStatus;

/**
 * The messages headquarters receives, built for the outbox; the payloads are documented in the README. Each payload
 * carries its {@code messageId}, which the journal gives it when the record that creates it is committed.
 */
public final class OutboxMessages {

    private final Topics topics;
    private final ObjectMapper json;

    public OutboxMessages(Topics topics, ObjectMapper json) {
        this.topics = topics;
        this.json = json;
    }

    public OutboxMessage verdict(Verdict verdict, int revision) {
        ObjectNode message = json.valueToTree(verdict);
        return new OutboxMessage(topics.verdict(verdict.declarationId()), verdict.declarationId(), id -> {
            ObjectNode m = message.deepCopy();
            m.put("messageId", id);
            m.put("postId", topics.postId());
            m.put("revision", revision);
            return bytes(m);
        });
    }

    public OutboxMessage alert(Alert alert) {
        return new OutboxMessage(topics.alerts(), alert.declarationId(), id -> bytes(alert.withMessageId(id)));
    }

    /** A device's connection state at a moment. */
    public OutboxMessage deviceStatus(DeviceStatus status, Instant at) {
        return new OutboxMessage(topics.deviceStatus(status.deviceId()), null, id -> {
            ObjectNode message = json.createObjectNode();
            message.put("messageId", id);
            message.put("postId", topics.postId());
            message.put("deviceId", status.deviceId());
            message.put("state", status.state());
            message.put("detail", status.detail());
            message.put("at", at.toString());
            return bytes(message);
        });
    }

    private byte[] bytes(Object message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new JournalException("cannot serialise a message: " + e.getOriginalMessage(), e);
        }
    }
}
