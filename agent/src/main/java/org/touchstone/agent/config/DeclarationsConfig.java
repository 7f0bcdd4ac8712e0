package org.touchstone.agent.config;

/**
 * Where declarations come from.
 *
 * @param folder a folder of {@code *.json} declarations, read at start and watched for new files; relative to
 *               the configuration file; null for none
 */
public record DeclarationsConfig(String folder) {
}
