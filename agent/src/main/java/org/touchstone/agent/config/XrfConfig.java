package org.touchstone.agent.config;

/**
 * One XRF analyzer.
 *
 * @param source                    {@code mqtt}: results arrive on {@code <root>/<post>/xrf/<id>/result}
 * @param model                     free text, for the record
 */
public record XrfConfig(String id, String source, String model) {
    public XrfConfig {
        AgentConfig.requireId(id, "id");
        source = source == null ? "mqtt" : source;
        if (!source.equals("mqtt")) {
            throw new IllegalArgumentException("source '" + source + "' is not supported yet; supported: mqtt");
        }
    }
}
