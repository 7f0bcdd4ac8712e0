package org.touchstone.agent.config;

/**
 * A folder of XRF export files, each imported once (the hashes of imported content are kept in
 * {@code <dataDirectory>/xrf-import-<id>.state}).
 *
 * @param path         the folder, relative to the configuration file
 * @param pattern      which files, a glob, default {@code *.csv}
 * @param settleMillis how long a file's size and time must stay unchanged before it is read, default 2000
 * @param pollMillis   how often the folder is listed, default 1000
 */
public record XrfFolderConfig(String path, String pattern, Integer settleMillis, Integer pollMillis) {
    public XrfFolderConfig {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path is required, e.g. xrf-exports");
        }
        pattern = pattern == null ? "*.csv" : pattern;
        try {
            java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pattern must be a glob such as *.csv, was: '" + pattern + "'");
        }
        settleMillis = settleMillis == null ? 2000 : settleMillis;
        if (settleMillis < 100 || settleMillis > 600_000) {
            throw new IllegalArgumentException("settleMillis must be 100..600000, was: " + settleMillis);
        }
        pollMillis = pollMillis == null ? 1000 : pollMillis;
        if (pollMillis < 50 || pollMillis > 600_000) {
            throw new IllegalArgumentException("pollMillis must be 50..600000, was: " + pollMillis);
        }
    }
}
