package org.touchstone.agent.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import org.touchstone.agent.assessment.AssessmentPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The whole configuration of one agent at one post, as read from YAML. Each part validates itself where it is
 * made, naming the field; {@link ConfigLoader} adds the path and the line.
 */
public record AgentConfig(
        @JsonProperty(required = true) PostConfig post,
        @JsonProperty(required = true) MqttConfig mqtt,
        List<ScaleConfig> scales,
        List<XrfConfig> xrfAnalyzers,
        DeclarationsConfig declarations,
        AssessmentPolicy assessment,
        JournalConfig journal,
        String dataDirectory,
        List<ScannerConfig> scanners,
        ConsoleConfig console,
        SecurityConfig security,
        MonitoringConfig monitoring) {

    public AgentConfig {
        Objects.requireNonNull(post, "post is required");
        Objects.requireNonNull(mqtt, "mqtt is required");
        scales = scales == null ? List.of() : List.copyOf(scales);
        xrfAnalyzers = xrfAnalyzers == null ? List.of() : List.copyOf(xrfAnalyzers);
        declarations = declarations == null ? new DeclarationsConfig(null) : declarations;
        assessment = assessment == null ? AssessmentPolicy.defaults() : assessment;
        journal = journal == null ? new JournalConfig(null, null) : journal;
        scanners = scanners == null ? List.of() : List.copyOf(scanners);
        security = security == null ? new SecurityConfig(null) : security;
        monitoring = monitoring == null ? MonitoringConfig.defaults() : monitoring;
        if (console != null && security.officersFile() == null) {
            throw new IllegalArgumentException("security.officersFile is required when the console is served: officers"
                    + " log in with the passwords `touchstone officer add` writes there");
        }
        dataDirectory = dataDirectory == null || dataDirectory.isBlank() ? "run" : dataDirectory;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < scales.size(); i++) {
            if (!ids.add(scales.get(i).id())) {
                throw new IllegalArgumentException("scales[" + i + "].id device id '" + scales.get(i).id()
                        + "' is used twice");
            }
        }
        for (int i = 0; i < xrfAnalyzers.size(); i++) {
            if (!ids.add(xrfAnalyzers.get(i).id())) {
                throw new IllegalArgumentException("xrfAnalyzers[" + i + "].id device id '" + xrfAnalyzers.get(i).id()
                        + "' is used twice");
            }
        }
        for (int i = 0; i < scanners.size(); i++) {
            if (!ids.add(scanners.get(i).id())) {
                throw new IllegalArgumentException("scanners[" + i + "].id device id '" + scanners.get(i).id()
                        + "' is used twice");
            }
        }
    }

    /** A configuration without barcode scanners. */
    public AgentConfig(PostConfig post, MqttConfig mqtt, List<ScaleConfig> scales, List<XrfConfig> xrfAnalyzers,
                       DeclarationsConfig declarations, AssessmentPolicy assessment, JournalConfig journal,
                       String dataDirectory) {
        this(post, mqtt, scales, xrfAnalyzers, declarations, assessment, journal, dataDirectory, null);
    }

    /** A configuration without a console. */
    public AgentConfig(PostConfig post, MqttConfig mqtt, List<ScaleConfig> scales, List<XrfConfig> xrfAnalyzers,
                       DeclarationsConfig declarations, AssessmentPolicy assessment, JournalConfig journal,
                       String dataDirectory, List<ScannerConfig> scanners) {
        this(post, mqtt, scales, xrfAnalyzers, declarations, assessment, journal, dataDirectory, scanners, null, null,
                null);
    }

    /** Returns a copy that serves the console with these officers (the demo serves its own). */
    public AgentConfig withConsole(ConsoleConfig newConsole, SecurityConfig newSecurity) {
        return new AgentConfig(post, mqtt, scales, xrfAnalyzers, declarations, assessment, journal, dataDirectory,
                scanners, newConsole, newSecurity, monitoring);
    }

    /** Returns a copy with another MQTT broker (the demo uses its own embedded broker). */
    public AgentConfig withMqttUrl(String url) {
        return new AgentConfig(post, new MqttConfig(url, mqtt.clientId(), mqtt.topicRoot(), mqtt.username(),
                mqtt.password(), mqtt.tls()), scales, xrfAnalyzers, declarations, assessment, journal, dataDirectory,
                scanners, console, security, monitoring);
    }

    public AgentConfig withScales(List<ScaleConfig> newScales) {
        return new AgentConfig(post, mqtt, newScales, xrfAnalyzers, declarations, assessment, journal, dataDirectory,
                scanners, console, security, monitoring);
    }

    public AgentConfig withScanners(List<ScannerConfig> newScanners) {
        return new AgentConfig(post, mqtt, scales, xrfAnalyzers, declarations, assessment, journal, dataDirectory,
                newScanners, console, security, monitoring);
    }

    public AgentConfig withXrfAnalyzers(List<XrfConfig> analyzers) {
        return new AgentConfig(post, mqtt, scales, analyzers, declarations, assessment, journal, dataDirectory,
                scanners, console, security, monitoring);
    }

    public AgentConfig withDataDirectory(String dir) {
        return new AgentConfig(post, mqtt, scales, xrfAnalyzers, declarations, assessment, journal, dir, scanners, console,
                security, monitoring);
    }

    public AgentConfig withPostId(String postId) {
        return new AgentConfig(new PostConfig(postId), mqtt, scales, xrfAnalyzers, declarations, assessment, journal,
                dataDirectory, scanners, console, security, monitoring);
    }

    static String requireId(String value, String field) {
        if (value == null || !value.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(field + " must be 1-64 of A-Z a-z 0-9 . _ - (it is used in MQTT topics), was: "
                    + (value == null ? "missing" : "'" + value + "'"));
        }
        return value;
    }
}
