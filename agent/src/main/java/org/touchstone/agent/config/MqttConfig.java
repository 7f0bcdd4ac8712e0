package org.touchstone.agent.config;

import java.nio.file.Path;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.drivers.transport.mqtt.MqttTls;
import org.touchstone.drivers.transport.mqtt.MqttTlsContext;
import org.touchstone.drivers.transport.mqtt.MqttTlsException;

/**
 * The post's MQTT broker.
 *
 * @param url       {@code tcp://host:port}, or {@code ssl://host:port} with TLS
 * @param clientId  defaults to {@code touchstone-<post id>}
 * @param topicRoot first topic level, default {@code touchstone}
 * @param tls       CA and client certificate files for {@code ssl://}; without it an {@code ssl://} broker must
 *                  have a certificate the JDK's default CAs trust
 */
public record MqttConfig(String url, String clientId, String topicRoot, String username, String password, Tls tls) {

    /**
     * TLS files. Relative paths are resolved against the configuration file's folder by
     * {@link MqttConfig#settings(String, Path)}.
     *
     * @param caFile            PEM CA certificate(s) that sign the broker's certificate
     * @param clientCertificate the post's certificate: a PKCS12 file (with its key), or PEM with {@code clientKey}
     * @param clientKey         PEM PKCS#8 private key of a PEM {@code clientCertificate}
     * @param clientKeyPassword password of the PKCS12 file or of an encrypted {@code clientKey}
     */
    public record Tls(String caFile, String clientCertificate, String clientKey, String clientKeyPassword) {
        public Tls {
            // Shape only (blank, white space, a key without its certificate); the files are read at start.
            try {
                new MqttTls(path(caFile), path(clientCertificate), path(clientKey), clientKeyPassword);
            } catch (MqttTlsException e) {
                // Without the cause: the loader reports the root cause's message, and this one names the field.
                throw new IllegalArgumentException(e.field() + " " + e.problem());
            }
        }

        MqttTls resolve(Path baseDirectory) {
            return new MqttTls(resolve(baseDirectory, caFile), resolve(baseDirectory, clientCertificate),
                    resolve(baseDirectory, clientKey), clientKeyPassword);
        }

        private static Path resolve(Path base, String path) {
            return path == null ? null : base.resolve(path).normalize();
        }

        private static Path path(String path) {
            if (path == null) {
                return null;
            }
            // Path.of keeps white space on Linux, which is what MqttTls looks for; an empty string is caught there.
            return Path.of(path.isEmpty() ? " " : path);
        }

        @Override
        public String toString() {
            return "Tls[caFile=" + caFile + ", clientCertificate=" + clientCertificate + ", clientKey=" + clientKey
                    + ", clientKeyPassword=" + (clientKeyPassword == null ? "none" : "***") + "]";
        }
    }

    public MqttConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required, e.g. tcp://127.0.0.1:1883 or ssl://broker.example:8883");
        }
        topicRoot = topicRoot == null ? "touchstone" : topicRoot;
        if (!topicRoot.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("topicRoot must be one topic level without + # / or $, was: '" + topicRoot + "'");
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException("password is set but username is not");
        }
        if (tls != null && !url.startsWith("ssl://")) {
            throw new IllegalArgumentException("url must be ssl://host:port when tls is set, was: '" + url + "'");
        }
        // Validates the URL's shape early, with the same rules the connection applies.
        MqttSettings.anonymous(url, clientId == null ? "probe" : clientId);
    }

    /** A configuration without TLS files. */
    public MqttConfig(String url, String clientId, String topicRoot, String username, String password) {
        this(url, clientId, topicRoot, username, password, null);
    }

    /**
     * The connection settings, with TLS paths resolved against the configuration file's folder.
     *
     * @throws IllegalArgumentException when a TLS file is missing or unusable, naming it ({@code mqtt.tls.caFile: ...})
     */
    public MqttSettings settings(String postId, Path baseDirectory) {
        String id = clientId == null ? "touchstone-" + postId : clientId;
        return new MqttSettings(url, id, username, password, null, null,
                tls == null ? null : tls.resolve(baseDirectory.toAbsolutePath()));
    }

    /**
     * The connection settings; TLS paths must then be absolute, since the configuration's folder is unknown here.
     *
     * @throws IllegalArgumentException naming the TLS setting whose path is relative
     */
    public MqttSettings settings(String postId) {
        if (tls != null) {
            requireAbsolute("caFile", tls.caFile());
            requireAbsolute("clientCertificate", tls.clientCertificate());
            requireAbsolute("clientKey", tls.clientKey());
        }
        return settings(postId, Path.of("/"));
    }

    /**
     * Reads every TLS file once, so a missing, unreadable or wrong file stops the agent at start with a message
     * such as {@code config/touchstone.yaml: mqtt.tls.caFile: cannot read /etc/touchstone/ca.crt: no such file},
     * instead of a post that silently never connects.
     *
     * @param baseDirectory the configuration file's folder ({@link ConfigLoader.Loaded#baseDirectory()})
     * @param source        the configuration file, named in the message
     */
    public void checkFiles(Path baseDirectory, String source) throws ConfigException {
        if (tls == null) {
            return;
        }
        try {
            MqttTlsContext.check(tls.resolve(baseDirectory.toAbsolutePath()));
        } catch (MqttTlsException e) {
            throw new ConfigException(source + ": mqtt.tls." + e.field() + ": " + e.problem(), e);
        }
    }

    private static void requireAbsolute(String field, String path) {
        if (path != null && !Path.of(path).isAbsolute()) {
            throw new IllegalArgumentException("mqtt.tls." + field + ": relative path '" + path
                    + "' cannot be resolved without the configuration's folder; use an absolute path");
        }
    }

    @Override
    public String toString() {
        return "MqttConfig[url=" + url + ", clientId=" + clientId + ", topicRoot=" + topicRoot + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", tls=" + tls + "]";
    }
}
