package org.touchstone.agent.config;

/** The border post this agent serves; its id names the post in every MQTT topic. */
public record PostConfig(String id) {
    public PostConfig {
        AgentConfig.requireId(id, "id");
    }
}
