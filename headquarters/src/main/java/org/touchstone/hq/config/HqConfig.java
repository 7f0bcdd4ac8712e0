package org.touchstone.hq.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.regex.Pattern;
import org.touchstone.agent.config.MqttConfig;

/**
 * One headquarters instance, as read from {@code config/hq.yaml}. Each part validates itself where it is made,
 * naming the field; {@link HqConfigLoader} adds the file, the path and the line.
 *
 * @param instanceId fixed per instance (hq-1, hq-2): it makes the MQTT client id, and so the persistent session
 *                   whose unacknowledged messages the broker keeps while the instance is down. Two running
 *                   instances must never share it.
 * @param broker     the central broker (same block as a post's {@code mqtt}); {@code clientId} defaults to
 *                   {@code touchstone-hq-<instanceId>}
 * @param shareGroup the shared-subscription group every instance of one service joins ({@code $share/<group>/...});
 *                   default {@code touchstone-hq}; {@code none} (null here) has every instance read every message.
 *                   On a Mosquitto the instances read every message whatever this says
 *                   ({@link org.touchstone.hq.ingest.BrokerVersion})
 * @param database   PostgreSQL
 * @param ingest     batching between the broker and the database
 * @param chain      chain-head verification
 * @param view       the headquarters view (null: no web page)
 */
public record HqConfig(
        @JsonProperty(required = true) String instanceId,
        @JsonProperty(required = true) MqttConfig broker,
        String shareGroup,
        @JsonProperty(required = true) DatabaseConfig database,
        IngestConfig ingest,
        ChainConfig chain,
        ViewConfig view) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public HqConfig {
        Objects.requireNonNull(instanceId, "instanceId is required (hq-1, hq-2, ...: fixed per instance)");
        if (!ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("instanceId must be 1-64 of A-Z a-z 0-9 . _ -, was: '" + instanceId + "'");
        }
        Objects.requireNonNull(broker, "broker is required");
        Objects.requireNonNull(database, "database is required");
        shareGroup = shareGroup == null ? "touchstone-hq" : shareGroup.equals("none") ? null : shareGroup;
        if (shareGroup != null && !ID.matcher(shareGroup).matches()) {
            throw new IllegalArgumentException("shareGroup must be 1-64 of A-Z a-z 0-9 . _ -, was: '" + shareGroup + "'");
        }
        ingest = ingest == null ? IngestConfig.defaults() : ingest;
        chain = chain == null ? new ChainConfig(null) : chain;
    }

    /** Without a headquarters view. */
    public HqConfig(String instanceId, MqttConfig broker, String shareGroup, DatabaseConfig database, IngestConfig ingest,
                    ChainConfig chain) {
        this(instanceId, broker, shareGroup, database, ingest, chain, null);
    }

    /** The MQTT client id of this instance's persistent session. */
    public String clientId() {
        return broker.clientId() != null ? broker.clientId() : "touchstone-hq-" + instanceId;
    }

    public String topicRoot() {
        return broker.topicRoot();
    }
}
