package org.touchstone.agent.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.function.Function;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.TrustLookup;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.journal.JournalException;
import org.touchstone.agent.journal.OutboxMessage;
import org.touchstone.agent.journal.schema.DeviceStatus;

/**
 * The messages headquarters receives, built for the outbox; the payloads are documented in the README. Each payload
 * carries its {@code messageId}, which the journal gives it when the record that creates it is committed.
 */
public final class OutboxMessages {

    /** The device id of the journal's own status (state FULL), which has no calibration trust. */
    private static final String JOURNAL_DEVICE = "journal";

    private final Topics topics;
    private final ObjectMapper json;
    private final Function<String, Declaration> declarations;
    private final TrustLookup trust;

    /** Messages without the declaration block in verdicts and without trust in device status. */
    public OutboxMessages(Topics topics, ObjectMapper json) {
        this(topics, json, id -> null, null);
    }

    /**
     * @param declarations the declaration behind a verdict, by declaration id, or null when it is not known: the
     *                     verdict then goes without its {@code declaration} block
     * @param trust        a device's calibration trust at a moment, for its status messages; null for none
     */
    public OutboxMessages(Topics topics, ObjectMapper json, Function<String, Declaration> declarations,
                          TrustLookup trust) {
        this.topics = topics;
        this.json = json;
        this.declarations = declarations;
        this.trust = trust;
    }

    public OutboxMessage verdict(Verdict verdict, int revision) {
        Declaration declaration = declarations.apply(verdict.declarationId());
        ObjectNode block = declaration == null ? null : declarationBlock(declaration);
        return new OutboxMessage(topics.verdict(verdict.declarationId()), verdict.declarationId(),
                id -> bytes(new VerdictMessage(verdict, block, id, topics.postId(), revision)));
    }

    /**
     * A verdict as headquarters receives it: the verdict's own fields, the declaration block when known, and the
     * envelope; serialised in one pass (a tree of the verdict, copied per message, was a tenth of the desk's time).
     */
    private record VerdictMessage(@JsonUnwrapped Verdict verdict,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode declaration,
                                  String messageId, String postId, int revision) {
    }

    public OutboxMessage alert(Alert alert) {
        return new OutboxMessage(topics.alerts(), alert.declarationId(), id -> bytes(alert.withMessageId(id)));
    }

    /** A device's connection state at a moment. */
    public OutboxMessage deviceStatus(DeviceStatus status, Instant at) {
        DeviceTrust trustNow = trust == null || JOURNAL_DEVICE.equals(status.deviceId()) ? null
                : trust.trustAt(status.deviceId(), at);
        return new OutboxMessage(topics.deviceStatus(status.deviceId()), null, id -> {
            ObjectNode message = json.createObjectNode();
            message.put("messageId", id);
            message.put("postId", topics.postId());
            message.put("deviceId", status.deviceId());
            message.put("state", status.state());
            message.put("detail", status.detail());
            message.put("at", at.toString());
            if (trustNow != null) {
                ObjectNode t = message.putObject("trust");
                t.put("state", trustNow.state().name());
                t.put("reason", trustNow.reason());
                if (trustNow.nextDue() != null) {
                    t.put("nextDue", trustNow.nextDue().toString());
                }
            }
            return bytes(message);
        });
    }

    /**
     * What the post knew of the declaration, for headquarters' statistics (declarant, origin, and per item the
     * declared metal, heading and net mass in grams); the full declaration stays in the post's journal.
     */
    private ObjectNode declarationBlock(Declaration declaration) {
        ObjectNode block = json.createObjectNode();
        if (declaration.declarant() != null) {
            block.put("declarant", declaration.declarant());
        }
        if (declaration.originCountry() != null) {
            block.put("originCountry", declaration.originCountry());
        }
        ArrayNode items = block.putArray("items");
        for (DeclaredItem item : declaration.items()) {
            ObjectNode i = items.addObject();
            i.put("itemId", item.itemId());
            if (item.hsCode() != null) {
                i.put("hsCode", item.hsCode());
            }
            if (item.metal() != null) {
                i.put("metal", item.metal().symbol());
            }
            i.put("netMassGrams", item.netMass().grams());
        }
        return block;
    }

    private byte[] bytes(Object message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new JournalException("cannot serialise a message: " + e.getOriginalMessage(), e);
        }
    }
}
