package org.touchstone.drivers.transport.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttTlsTest {

    @TempDir
    Path dir;

    @Test
    void caFile_missing_namesFieldAndAbsolutePath() {
        MqttTlsException e = assertThrows(MqttTlsException.class,
                () -> MqttTlsContext.check(MqttTls.trusting(dir.resolve("ca.crt"))));
        assertEquals("caFile", e.field());
        assertEquals("cannot read " + dir.resolve("ca.crt").toAbsolutePath() + ": no such file", e.problem());
    }

    @Test
    void caFile_aFolder_isNamed() {
        MqttTlsException e = assertThrows(MqttTlsException.class, () -> MqttTlsContext.check(MqttTls.trusting(dir)));
        assertEquals("caFile: " + dir + " is a folder; expected the CA certificate", e.getMessage());
    }

    @Test
    void caFile_trailingSpace_isRefusedWhereTheSettingIsMade() {
        MqttTlsException e = assertThrows(MqttTlsException.class, () -> MqttTls.trusting(Path.of("/etc/ca.crt ")));
        assertEquals("caFile: path '/etc/ca.crt ' ends with white space; remove it (the file would not be found)",
                e.getMessage());
    }

    @Test
    void clientKey_traditionalRsaPem_isRefusedWithTheConversionCommand() throws Exception {
        Path key = dir.resolve("post.key");
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        MqttTlsException e = assertThrows(MqttTlsException.class, () -> MqttTlsContext.pemKey(key, null));
        assertEquals("clientKey", e.field());
        assertTrue(e.problem().contains("openssl pkcs8 -topk8 -nocrypt -in post.key"), e.problem());
    }

    @Test
    void clientCertificate_pkcs12WithAWrongPassword_namesThePassword() throws Exception {
        Path p12 = dir.resolve("post.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "EC", "-alias", "post", "-dname", "CN=post-1",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "right-password", "-validity", "2")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        MqttTlsException e = assertThrows(MqttTlsException.class,
                () -> MqttTlsContext.check(new MqttTls(null, p12, null, "wrong-password")));
        assertEquals("clientKeyPassword", e.field(), e.getMessage());
        MqttTlsContext.check(new MqttTls(null, p12, null, "right-password"));
    }

    @Test
    void settings_tlsWithPlainTcp_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MqttSettings(
                "tcp://127.0.0.1:1883", "c", null, null, null, null, MqttTls.trusting(Path.of("/ca.crt"))));
        assertTrue(e.getMessage().contains("use ssl://127.0.0.1:1883"), e.getMessage());
    }

    @Test
    void settings_passwordHiddenFromToString() {
        MqttSettings s = new MqttSettings("ssl://127.0.0.1:8883", "c", "agent", "s3cret", null, null);
        assertTrue(s.secure());
        assertTrue(!s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void explain_refusedCredentials_namesTheUserAndTheReason() {
        MqttSettings s = new MqttSettings("ssl://hq:8883", "c", "agent", "x", null, null);
        assertEquals("MQTT broker ssl://hq:8883 refused user 'agent': bad user name or password (reason 5)",
                MqttConnection.explain(s, new MqttException(MqttException.REASON_CODE_NOT_AUTHORIZED)));
        assertEquals("MQTT broker ssl://hq:8883 refused user 'agent': bad user name or password (reason 4)",
                MqttConnection.explain(s, new MqttException(MqttException.REASON_CODE_FAILED_AUTHENTICATION)));
        assertTrue(MqttConnection.explain(MqttSettings.anonymous("tcp://hq:1883", "c"),
                new MqttException(MqttException.REASON_CODE_NOT_AUTHORIZED)).contains("refused an anonymous connection"));
    }
}
