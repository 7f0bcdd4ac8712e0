package org.touchstone.agent.mqtt;

/**
 * The agent's MQTT topic layout: {@code <root>/<post>/...}. Ids never contain {@code + # /} (the config and the
 * declaration reader refuse them), so every topic below has a fixed number of levels.
 */
public record Topics(String root, String postId) {

    private String base() {
        return root + "/" + postId;
    }

    /** XRF results in, one JSON per shot: {@code <root>/<post>/xrf/<device>/result}. */
    public String xrfResult(String deviceId) {
        return base() + "/xrf/" + deviceId + "/result";
    }

    public String xrfResultFilter() {
        return base() + "/xrf/+/result";
    }

    /** Device id from an XRF result topic, or null when the topic is not one. */
    public String xrfDeviceOf(String topic) {
        String prefix = base() + "/xrf/";
        if (!topic.startsWith(prefix) || !topic.endsWith("/result")) {
            return null;
        }
        String device = topic.substring(prefix.length(), topic.length() - "/result".length());
        return device.isEmpty() || device.contains("/") ? null : device;
    }

    /** Scale readings in from a gateway, one JSON per reading: {@code <root>/<post>/scale/<device>/weight}. */
    public String scaleWeight(String deviceId) {
        return base() + "/scale/" + deviceId + "/weight";
    }

    public String scaleWeightFilter() {
        return base() + "/scale/+/weight";
    }

    /** Device id from a scale weight topic, or null when the topic is not one. */
    public String scaleDeviceOf(String topic) {
        String prefix = base() + "/scale/";
        if (!topic.startsWith(prefix) || !topic.endsWith("/weight")) {
            return null;
        }
        String device = topic.substring(prefix.length(), topic.length() - "/weight".length());
        return device.isEmpty() || device.contains("/") ? null : device;
    }

    /** Declarations in, one JSON document per message. */
    public String declarations() {
        return base() + "/declarations";
    }

    /** The inspector's choice of the item on the bench: {@code {"declarationId":..,"itemId":..}}. */
    public String activeItemCommand() {
        return base() + "/cmd/active-item";
    }

    /** The inspector closes an inspection: {@code {"declarationId":..}}; what is missing becomes a finding. */
    public String closeInspectionCommand() {
        return base() + "/cmd/close-inspection";
    }

    /** Every change of an inspection's verdict, green included. */
    public String verdict(String declarationId) {
        return base() + "/inspections/" + declarationId + "/verdict";
    }

    /** Alerts (yellow and red lanes), raised and updated under a stable alert id. */
    public String alerts() {
        return base() + "/alerts";
    }

    /** A device's connection state, as it changes. */
    public String deviceStatus(String deviceId) {
        return base() + "/devices/" + deviceId + "/status";
    }

    /** An officer acknowledges an alert: {@code {"alertId":..,"by":..,"note":..}}. */
    public String alertAcknowledgeCommand() {
        return base() + "/cmd/alert-ack";
    }

    /** An officer closes an alert: {@code {"alertId":..,"by":..,"outcome":"SEIZED","note":..}}. */
    public String alertCloseCommand() {
        return base() + "/cmd/alert-close";
    }

    /** The journal's chain head, retained (plan contract 3): the last checkpoint headquarters can compare with. */
    public String chainHead() {
        return base() + "/chain/head";
    }

    /** Whether messages on {@code topic} are published retained: only chain heads (the outbox's other messages are events). */
    public static boolean retained(String topic) {
        return topic.endsWith("/chain/head");
    }

    /** Retained {@code online}/{@code offline} presence of the agent (the offline one is the last will). */
    public String status() {
        return base() + "/status";
    }
}
