package org.touchstone.agent.config;

/**
 * Who may act at the post.
 *
 * @param officersFile the officers file (YAML, 0600), relative to the configuration's folder; written by
 *                     {@code touchstone officer add|passwd}. Required when the console is served.
 */
public record SecurityConfig(String officersFile) {
    public SecurityConfig {
        officersFile = officersFile == null || officersFile.isBlank() ? null : officersFile.strip();
    }
}
