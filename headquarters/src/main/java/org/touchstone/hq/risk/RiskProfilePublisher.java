package org.touchstone.hq.risk;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.touchstone.agent.Json;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.drivers.transport.mqtt.MqttTlsContext;

/**
 * Publishes a risk profile as the retained message on {@code <root>/hq/risk-profiles} (QoS 1), so every post gets
 * it when it connects, and records it in the database. Versions only go up: a profile whose version is not above
 * the last one published is refused, so a post can always keep the highest version it has seen.
 */
public final class RiskProfilePublisher {

    /** Why a profile was not published. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    private final DataSource dataSource;
    private final MqttSettings broker;
    private final String topicRoot;
    private final ObjectMapper json = Json.mapper();

    public RiskProfilePublisher(DataSource dataSource, MqttSettings broker, String topicRoot) {
        this.dataSource = dataSource;
        this.broker = broker;
        this.topicRoot = topicRoot;
    }

    /** Publishes and records the profile in one transaction: when the broker refuses, nothing is recorded. */
    public RiskProfile.Message publish(RiskProfile profile, Instant issuedAt)
            throws SQLException, MqttException, RefusedException {
        RiskProfile.Message message = profile.message(issuedAt);
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(message);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write the profile as JSON: " + e.getMessage(), e);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    // Two analysts publishing at once must not both pass the version check.
                    s.execute("LOCK TABLE risk_profile IN EXCLUSIVE MODE");
                }
                long last = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT coalesce(max(version), 0) FROM risk_profile")) {
                    rs.next();
                    last = rs.getLong(1);
                }
                if (profile.version() <= last) {
                    throw new RefusedException("version " + profile.version() + " is not above the last published, "
                            + last + ": posts keep the highest version they have seen; use " + (last + 1));
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO risk_profile (version, message_id, issued_at,"
                        + " document) VALUES (?, ?, ?, ?::jsonb)")) {
                    ps.setLong(1, profile.version());
                    ps.setString(2, message.messageId());
                    ps.setObject(3, issuedAt.atOffset(ZoneOffset.UTC));
                    ps.setString(4, new String(payload, java.nio.charset.StandardCharsets.UTF_8));
                    ps.executeUpdate();
                }
                send(payload);
                c.commit();
                return message;
            } catch (SQLException | MqttException | RefusedException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void send(byte[] payload) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.url(), broker.clientId(), new MemoryPersistence());
        try {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setConnectionTimeout(10);
            if (broker.secure() && broker.tls() != null) {
                o.setSocketFactory(MqttTlsContext.create(broker.tls(), broker.url()).getSocketFactory());
            }
            if (broker.username() != null) {
                o.setUserName(broker.username());
            }
            if (broker.password() != null) {
                o.setPassword(broker.password().toCharArray());
            }
            client.connect(o).waitForCompletion(15_000);
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            m.setRetained(true);
            // Returns when the broker acknowledged it (PUBACK).
            client.publish(RiskProfile.topic(topicRoot), m).waitForCompletion(15_000);
            client.disconnect(2000).waitForCompletion(3000);
        } finally {
            client.close(true);
        }
    }
}
