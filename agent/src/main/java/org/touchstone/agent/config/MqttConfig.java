package org.touchstone.agent.config;

import org.touchstone.drivers.transport.mqtt.MqttSettings;

/**
 * The post's MQTT broker.
 *
 * @param url       {@code tcp://host:port}
 * @param clientId  defaults to {@code touchstone-<post id>}
 * @param topicRoot first topic level, default {@code touchstone}
 */
public record MqttConfig(String url, String clientId, String topicRoot, String username, String password) {
    public MqttConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required, e.g. tcp://127.0.0.1:1883");
        }
        topicRoot = topicRoot == null ? "touchstone" : topicRoot;
        if (!topicRoot.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("topicRoot must be one topic level without + # / or $, was: '" + topicRoot + "'");
        }
        // Validates the URL's shape early, with the same rules the connection applies.
        MqttSettings.anonymous(url, clientId == null ? "probe" : clientId);
    }

    public MqttSettings settings(String postId) {
        String id = clientId == null ? "touchstone-" + postId : clientId;
        return new MqttSettings(url, id, username, password, null, null);
    }
}
