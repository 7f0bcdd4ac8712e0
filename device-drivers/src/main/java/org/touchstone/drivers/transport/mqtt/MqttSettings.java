package org.touchstone.drivers.transport.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an MQTT broker.
 *
 * @param url               {@code tcp://host:port} (TLS comes with the security work)
 * @param clientId          MQTT client id, unique per broker
 * @param username          user name, or null for anonymous
 * @param password          password, or null
 * @param keepAlive         keep-alive interval
 * @param maxReconnectDelay cap of the reconnect backoff (Paho's own default of 128 s is far too long at a post)
 */
public record MqttSettings(String url, String clientId, String username, String password,
                           Duration keepAlive, Duration maxReconnectDelay) {

    public MqttSettings {
        Objects.requireNonNull(url, "mqtt url must not be null");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mqtt url is not a URI: '" + url + "'", e);
        }
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("mqtt url must look like tcp://host:port, was: '" + url + "'");
        }
        if (clientId == null || clientId.isBlank() || clientId.length() > 128) {
            throw new IllegalArgumentException("mqtt clientId must be 1..128 characters, was: '" + clientId + "'");
        }
        keepAlive = keepAlive == null ? Duration.ofSeconds(30) : keepAlive;
        maxReconnectDelay = maxReconnectDelay == null ? Duration.ofSeconds(5) : maxReconnectDelay;
        if (keepAlive.isNegative() || keepAlive.toSeconds() > 65535) {
            throw new IllegalArgumentException("mqtt keepAlive must be 0..65535 s, was: " + keepAlive);
        }
        if (maxReconnectDelay.toMillis() < 100) {
            throw new IllegalArgumentException("mqtt maxReconnectDelay must be >= 100 ms, was: " + maxReconnectDelay);
        }
    }

    public static MqttSettings anonymous(String url, String clientId) {
        return new MqttSettings(url, clientId, null, null, null, null);
    }
}
