package org.touchstone.agent.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies an input that a broker may deliver twice (its acknowledgement lost in a crash or an outage), so
 * that the redelivery is recognised and not decided again. The key commits in the transaction that journals the
 * input ({@link Journal#takeInput}).
 *
 * @param key   the stored key: the topic and either the sender's id for it or the SHA-256 of the payload
 * @param check whether every delivery is looked up ({@code false}: only a delivery the broker marks as sent before,
 *              DUP or retained, since two equal payloads may be two inputs, e.g. the same item selected again)
 */
public record InputKey(String key, boolean check) {

    /** The longest key kept: a topic is capped by the broker, an id by this. */
    static final int MAX_ID = 200;

    /**
     * An input whose bytes identify it (a declaration carries its id, an XRF result its analyzer and test number):
     * the same payload on the same topic is the same input.
     */
    public static InputKey ofContent(String topic, byte[] payload) {
        return new InputKey(topic + " sha256:" + sha256(payload), true);
    }

    /**
     * An input that may legitimately repeat byte for byte (a command without a correlation id, a scale reading): it is
     * looked up only when the broker marks it as sent before ({@code redelivered}: the DUP flag, or retained).
     */
    public static InputKey ofRepeatable(String topic, byte[] payload, boolean redelivered) {
        return new InputKey(topic + " sha256:" + sha256(payload), redelivered);
    }

    /** An input the sender identified (a command's correlation id): the same id on the same topic is the same input. */
    public static InputKey ofId(String topic, String id) {
        String kept = id.length() > MAX_ID ? "sha256:" + sha256(id.getBytes(StandardCharsets.UTF_8)) : id;
        return new InputKey(topic + " id:" + kept, true);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
