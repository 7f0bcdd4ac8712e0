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

    /** What an officer command topic names: who sent it (the broker's authenticated user) and which command. */
    public record OfficerCommandTopic(String officerId, String command) {
    }

    /**
     * An officer's command (contract 2): {@code <root>/<post>/officers/<officerId>/cmd/<name>}. The broker's ACL lets
     * only the user {@code <officerId>} publish there, so the topic is the officer's authenticated identity.
     */
    public String officerCommand(String officerId, String command) {
        return base() + "/officers/" + officerId + "/cmd/" + command;
    }

    /** Every officer's commands: {@code <root>/<post>/officers/+/cmd/+}. */
    public String officerCommandFilter() {
        return base() + "/officers/+/cmd/+";
    }

    /** The agent's replies to one officer's commands, each carrying the request's {@code correlationId}. */
    public String officerReply(String officerId) {
        return base() + "/officers/" + officerId + "/reply";
    }

    /** The officer and command of an officer command topic, or null when the topic is not one. */
    public OfficerCommandTopic officerCommandOf(String topic) {
        String prefix = base() + "/officers/";
        if (!topic.startsWith(prefix)) {
            return null;
        }
        String[] rest = topic.substring(prefix.length()).split("/", -1);
        if (rest.length != 3 || rest[0].isEmpty() || !rest[1].equals("cmd") || rest[2].isEmpty()) {
            return null;
        }
        return new OfficerCommandTopic(rest[0], rest[2]);
    }
}
