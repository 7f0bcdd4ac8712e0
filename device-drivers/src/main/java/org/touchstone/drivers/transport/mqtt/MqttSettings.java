package org.touchstone.drivers.transport.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an MQTT broker.
 *
 * @param url               {@code tcp://host:port}, or {@code ssl://host:port} for TLS
 * @param clientId          MQTT client id, unique per broker
 * @param username          user name, or null for anonymous
 * @param password          password, or null
 * @param keepAlive         keep-alive interval
 * @param maxReconnectDelay cap of the reconnect backoff (Paho's own default of 128 s is far too long at a post)
 * @param tls               CA and client certificate for an {@code ssl://} URL; null trusts the JDK's default CAs.
 *                          Not allowed with {@code tcp://}: a CA configured for a plain connection is a mistake
 */
public record MqttSettings(String url, String clientId, String username, String password,
                           Duration keepAlive, Duration maxReconnectDelay, MqttTls tls) {

    public MqttSettings {
        Objects.requireNonNull(url, "mqtt url must not be null");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mqtt url is not a URI: '" + url + "'", e);
        }
        String scheme = uri.getScheme();
        if (!("tcp".equals(scheme) || "ssl".equals(scheme)) || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("mqtt url must look like tcp://host:port, was: '" + url
                    + "' (ssl://host:port for TLS)");
        }
        if (tls != null && "tcp".equals(scheme)) {
            throw new IllegalArgumentException("mqtt tls is set but the url is plain tcp: use ssl://" + uri.getHost() + ":"
                    + uri.getPort() + " (was: '" + url + "')");
        }
        if (clientId == null || clientId.isBlank() || clientId.length() > 128) {
            throw new IllegalArgumentException("mqtt clientId must be 1..128 characters, was: '" + clientId + "'");
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException("mqtt password is set without a username");
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

    /** Settings without TLS files (plain {@code tcp://}, or {@code ssl://} trusting the JDK's default CAs). */
    public MqttSettings(String url, String clientId, String username, String password, Duration keepAlive,
                        Duration maxReconnectDelay) {
        this(url, clientId, username, password, keepAlive, maxReconnectDelay, null);
    }

    public static MqttSettings anonymous(String url, String clientId) {
        return new MqttSettings(url, clientId, null, null, null, null, null);
    }

    /** True for an {@code ssl://} URL. */
    public boolean secure() {
        return url.startsWith("ssl://");
    }

    /** The same broker and credentials under another client id (a second connection from the same post). */
    public MqttSettings withClientId(String newClientId) {
        return new MqttSettings(url, newClientId, username, password, keepAlive, maxReconnectDelay, tls);
    }

    public MqttSettings withTls(MqttTls newTls) {
        return new MqttSettings(url, clientId, username, password, keepAlive, maxReconnectDelay, newTls);
    }

    public MqttSettings withCredentials(String newUsername, String newPassword) {
        return new MqttSettings(url, clientId, newUsername, newPassword, keepAlive, maxReconnectDelay, tls);
    }

    public MqttSettings withMaxReconnectDelay(Duration delay) {
        return new MqttSettings(url, clientId, username, password, keepAlive, delay, tls);
    }

    @Override
    public String toString() {
        return "MqttSettings[url=" + url + ", clientId=" + clientId + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", keepAlive=" + keepAlive + ", maxReconnectDelay="
                + maxReconnectDelay + ", tls=" + tls + "]";
    }
}
