package org.touchstone.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.drivers.transport.mqtt.MqttSettings;

class MqttConfigTest {

    /** A self-signed CA (EC P-256, valid until 2126) made with openssl for these tests only. */
    static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBnzCCAUWgAwIBAgIUPdIhi/252kyR4cMtuAwVSDnHI+kwCgYIKoZIzj0EAwIw
            JDEiMCAGA1UEAwwZdG91Y2hzdG9uZS1jb25maWctdGVzdC1jYTAgFw0yNjExMjgx
            NTU5MzJaGA8yMTI2MTEwNDE1NTkzMlowJDEiMCAGA1UEAwwZdG91Y2hzdG9uZS1j
            b25maWctdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBNrXURGZqhW
            KKXL9f4Nx01S7E9NMwswdOY097YZK9cbINIP01ZXPimV3E+A+WLpV0gQGOPjvW1h
            LD3HQF6hxOyjUzBRMB0GA1UdDgQWBBQkqBLK7NtpVGaUHkyd3z1rr8+mljAfBgNV
            HSMEGDAWgBQkqBLK7NtpVGaUHkyd3z1rr8+mljAPBgNVHRMBAf8EBTADAQH/MAoG
            CCqGSM49BAMCA0gAMEUCIDaUg106tzqfKb7vmvg95da9tDD9mo3lnF5/3Y0wRMri
            AiEAo4t/P0E2jvDuN/4YTiuG3MqVoGuyLM70WM6VbfU+SWU=
            -----END CERTIFICATE-----
            """;

    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    private static String yaml(String mqtt) {
        return """
                post:
                  id: post-1
                mqtt:
                %s
                """.formatted(mqtt.indent(2).stripTrailing());
    }

    private ConfigLoader.Loaded load(String mqtt) throws Exception {
        Path file = dir.resolve("touchstone.yaml");
        Files.writeString(file, yaml(mqtt));
        return loader.load(file);
    }

    @Test
    void tlsBlock_relativePaths_resolveAgainstTheConfigurationFolder() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/ca.crt"), CA_PEM);
        ConfigLoader.Loaded loaded = load("""
                url: ssl://broker.hq.example:8883
                username: agent
                password: s3cret
                tls:
                  caFile: certs/ca.crt
                """);
        MqttConfig mqtt = loaded.config().mqtt();
        mqtt.checkFiles(loaded.baseDirectory(), "touchstone.yaml");
        MqttSettings s = mqtt.settings("post-1", loaded.baseDirectory());
        assertEquals(dir.resolve("certs/ca.crt").toAbsolutePath(), s.tls().caFile());
        assertNull(s.tls().clientCertificate());
        assertEquals("agent", s.username());
        assertTrue(s.secure());
    }

    @Test
    void load_missingCaFile_namesTheSettingAndTheResolvedPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                url: ssl://127.0.0.1:8883
                tls:
                  caFile: certs/missing-ca.crt
                """));
        assertEquals(dir.resolve("touchstone.yaml") + ": mqtt.tls.caFile: cannot read "
                + dir.resolve("certs/missing-ca.crt").toAbsolutePath() + ": no such file", e.getMessage());
    }

    @Test
    void load_caFileThatIsNotACertificate_isRefusedByName() throws Exception {
        Files.writeString(dir.resolve("ca.crt"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                url: ssl://127.0.0.1:8883
                tls:
                  caFile: ca.crt
                """));
        assertTrue(e.getMessage().startsWith(dir.resolve("touchstone.yaml") + ": mqtt.tls.caFile: "), e.getMessage());
        assertTrue(e.getMessage().contains("CA certificate"), e.getMessage());
    }

    @Test
    void caFileWithATrailingSpace_isRefusedWithItsLine_evenWhenTheFileWithoutTheSpaceExists() throws Exception {
        Files.writeString(dir.resolve("ca.crt"), CA_PEM);
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                url: ssl://127.0.0.1:8883
                tls:
                  caFile: "ca.crt "
                """));
        assertEquals(dir.resolve("touchstone.yaml") + ", line 6: mqtt.tls.caFile: caFile path 'ca.crt ' ends with white space;"
                + " remove it (the file would not be found)", e.getMessage());
    }

    @Test
    void clientKeyWithoutCertificate_isRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                url: ssl://127.0.0.1:8883
                tls:
                  clientKey: post.key
                """));
        assertTrue(e.getMessage().contains("mqtt.tls.clientKey: clientKey is set but clientCertificate is not"), e.getMessage());
    }

    @Test
    void tlsWithAPlainTcpUrl_isRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                url: tcp://127.0.0.1:1883
                tls:
                  caFile: ca.crt
                """));
        assertTrue(e.getMessage().contains("mqtt.url: url must be ssl://host:port when tls is set"), e.getMessage());
    }

    @Test
    void unknownTlsSetting_listsTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                url: ssl://127.0.0.1:8883
                tls:
                  cafile: ca.crt
                """));
        assertTrue(e.getMessage().contains("mqtt.tls.cafile: unknown setting 'cafile'"), e.getMessage());
        assertTrue(e.getMessage().contains("caFile"), e.getMessage());
    }

    @Test
    void settingsWithoutTheConfigurationFolder_refuseARelativeTlsPath() throws Exception {
        MqttConfig mqtt = loader.parse(yaml("""
                url: ssl://127.0.0.1:8883
                tls:
                  caFile: certs/ca.crt
                """), "t.yaml").mqtt();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mqtt.settings("post-1"));
        assertTrue(e.getMessage().startsWith("mqtt.tls.caFile: relative path 'certs/ca.crt'"), e.getMessage());
    }

    @Test
    void toString_hidesPasswords() {
        MqttConfig mqtt = new MqttConfig("ssl://127.0.0.1:8883", null, null, "agent", "s3cret",
                new MqttConfig.Tls("/etc/ca.crt", "/etc/post.p12", null, "p12-secret"));
        assertFalse(mqtt.toString().contains("s3cret"), mqtt.toString());
        assertFalse(mqtt.toString().contains("p12-secret"), mqtt.toString());
        assertFalse(mqtt.settings("post-1").toString().contains("s3cret"));
        assertFalse(mqtt.settings("post-1").toString().contains("p12-secret"));
    }

    @Test
    void withoutTls_theFiveArgumentConstructorStillWorks() {
        MqttConfig mqtt = new MqttConfig("tcp://127.0.0.1:1883", null, null, null, null);
        assertNull(mqtt.tls());
        assertEquals("touchstone-post-1", mqtt.settings("post-1").clientId());
    }
}
