package org.touchstone.hq.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A message from a post, read from its topic and payload. Only what the projections need is taken out; the whole
 * payload stays in {@link #payload()} and is stored as it came.
 */
public sealed interface PostMessage {

    String postId();

    String topic();

    JsonNode payload();

    /** Stored under this id; repeats of it are dropped. Null for presence, which is state, not an event. */
    String messageId();

    /** {@code verdict}, {@code alert}, {@code device-status}, {@code chain-head}, {@code presence}, {@code bridge}. */
    String kind();

    /** One finding of a verdict, as the agent publishes it. */
    record Finding(String code, String itemId, String severity, String message, JsonNode evidence) {
    }

    /**
     * One item of a verdict: from its mass and fineness results, and from the declaration when the payload
     * carries one.
     */
    record Item(String itemId, String metal, String hsCode, Double declaredGrams, Double measuredGrams,
                Double finenessPercent) {
    }

    /** A device named by an untrusted-device finding, or the trust a device status reports. */
    record TrustObservation(String deviceId, String trust, String reason, Instant nextDue, Instant observedAt) {
    }

    /** The part of a verdict that headquarters projects (from a verdict message, or inside an alert). */
    record VerdictBody(String declarationId, String lane, boolean complete, Instant assessedAt,
                       String declarant, String originCountry, List<Finding> findings, List<Item> items,
                       List<TrustObservation> untrustedDevices) {
    }

    record Verdict(String topic, JsonNode payload, String messageId, String postId, int revision, VerdictBody body)
            implements PostMessage {
        @Override
        public String kind() {
            return "verdict";
        }
    }

    record Alert(String topic, JsonNode payload, String messageId, String postId, String alertId, int revision,
                 String state, String declarationId, String lane, Instant raisedAt, Instant updatedAt,
                 String acknowledgedBy, Instant acknowledgedAt, String outcome, String closedBy, Instant closedAt,
                 String closureNote, VerdictBody verdict) implements PostMessage {
        @Override
        public String kind() {
            return "alert";
        }
    }

    record DeviceStatus(String topic, JsonNode payload, String messageId, String postId, String deviceId,
                        String state, String detail, Instant at, TrustObservation trust) implements PostMessage {
        @Override
        public String kind() {
            return "device-status";
        }
    }

    /** Contract 4: the head of a post's journal chain, MAC'd with the post's checkpoint key. */
    record ChainHead(String topic, JsonNode payload, String messageId, String postId, long seq, String hash,
                     Instant at, Long previousSeq, String previousHash, Long anchorSeq, String mac)
            implements PostMessage {
        @Override
        public String kind() {
            return "chain-head";
        }
    }

    /** The agent's retained {@code online} / {@code offline} (its last will). */
    record Presence(String topic, JsonNode payload, String postId, String state) implements PostMessage {
        @Override
        public String messageId() {
            return null;
        }

        @Override
        public String kind() {
            return "presence";
        }
    }

    /** The post broker's bridge notification ({@code 1} connected, {@code 0} its will on the central broker). */
    record BridgeState(String topic, JsonNode payload, String postId, boolean connected) implements PostMessage {
        @Override
        public String messageId() {
            return null;
        }

        @Override
        public String kind() {
            return "bridge";
        }
    }
}
