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
 * @param key        the stored key: the topic and either the sender's id for it or the SHA-256 of the payload
 * @param check      whether every delivery is looked up ({@code false}: only a delivery the broker marks as sent
 *                   before, DUP or retained, since two equal payloads may be two inputs, e.g. the same item selected
 *                   again)
 * @param packetId   the MQTT packet identifier it was delivered under, or 0 (QoS 0, another transport); the journal
 *                   keeps, for each identifier, the key of the last input journaled under it
 * @param latestOnly whether a lookup compares only with the last input journaled under {@code packetId} (an input
 *                   its bytes do not identify) rather than with every input journaled before
 */
public record InputKey(String key, boolean check, int packetId, boolean latestOnly) {

    /** The longest key kept: a topic is capped by the broker, an id by this. */
    static final int MAX_ID = 200;

    public InputKey {
        if (latestOnly && packetId <= 0) {
            throw new IllegalArgumentException("packetId: a key compared with the last input under its packet "
                    + "identifier needs one");
        }
    }

    /**
     * An input whose bytes identify it (a declaration carries its id, an XRF result its analyzer and test number):
     * the same payload on the same topic is the same input.
     */
    public static InputKey ofContent(String topic, byte[] payload) {
        return new InputKey(topic + " sha256:" + sha256(payload), true, 0, false);
    }

    /**
     * An input that may legitimately repeat byte for byte (a command without a correlation id, a scale reading). It is
     * looked up only when the broker marks it as sent before ({@code duplicate}), and then compared only with the last
     * input journaled under the same packet identifier. A broker resends an unacknowledged QoS 1 message under its
     * original packet identifier, marked DUP (MQTT 3.1.1, section 4.4), and gives an identifier to a new message only
     * once the message it last carried was acknowledged: so only the last input journaled under an identifier can be
     * resent. Brokers differ in which free identifier they give next (Mosquitto counts up; Moquette, the demo's
     * embedded broker, reuses the lowest), and this holds for both: the same bytes published again after another
     * input under that identifier are carried out even when a crash cut them off before their commit.
     *
     * <p>What this cannot tell apart: the same bytes published again under the same identifier with no input journaled
     * under it in between, cut off by a crash (on Moquette, a tool sending the same command twice in a row, which
     * changes nothing the second time; on Mosquitto, after 65 535 other messages). An input refused before it is
     * parsed does not take its identifier. Commands that carry a {@code correlationId} ({@link #ofId}) have no such
     * limit. A retained message is the same message whenever it is delivered: keyed by its bytes, always looked up.
     */
    public static InputKey ofRepeatable(String topic, byte[] payload, int packetId, boolean duplicate,
                                        boolean retained) {
        String key = topic + " sha256:" + sha256(payload);
        if (retained || packetId <= 0) {
            return new InputKey(key, retained, 0, false);
        }
        return new InputKey(key, duplicate, packetId, true);
    }

    /** An input the sender identified (a command's correlation id): the same id on the same topic is the same input. */
    public static InputKey ofId(String topic, String id) {
        String kept = id.length() > MAX_ID ? "sha256:" + sha256(id.getBytes(StandardCharsets.UTF_8)) : id;
        return new InputKey(topic + " id:" + kept, true, 0, false);
    }

    /** This key, delivered under an MQTT packet identifier (which it then holds as the last input under it). */
    public InputKey deliveredAs(int newPacketId) {
        return newPacketId <= 0 || latestOnly ? this : new InputKey(key, check, newPacketId, false);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
