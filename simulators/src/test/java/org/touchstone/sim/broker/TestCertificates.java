package org.touchstone.sim.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Certificates made with openssl for one test: a CA, a broker certificate it signs for 127.0.0.1 (Paho checks
 * the host name against the subject alternative names), a client certificate it signs (PEM pair, the key also
 * encrypted, and PKCS12), and
 * an unrelated CA that signed nothing of ours. Valid for two days.
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey, Path clientCertificate,
                               Path clientKey, Path clientPkcs12, String clientPkcs12Password, Path otherCaCertificate,
                               Path clientEncryptedKey) {

    public static TestCertificates generate(Path dir) throws Exception {
        Files.createDirectories(dir);
        String openssl = ExternalTools.find("openssl").orElseThrow().toString();
        ca(dir, openssl, "ca", "/CN=touchstone-test-ca");
        ca(dir, openssl, "other-ca", "/CN=somebody-else-ca");
        signed(dir, openssl, "server", "/CN=127.0.0.1",
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        signed(dir, openssl, "client", "/CN=post-1", "extendedKeyUsage=clientAuth\n");
        String password = "p12-" + randomHex(4);
        ExternalTools.run(dir, openssl, "pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key",
                "-name", "post-1", "-out", "client.p12", "-passout", "pass:" + password);
        // The same key, PKCS#8 encrypted with the PKCS12 password (PBES2, AES-256, as openssl does by default).
        ExternalTools.run(dir, openssl, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "client.key",
                "-out", "client-encrypted.key", "-passout", "pass:" + password);
        return new TestCertificates(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"),
                dir.resolve("client.crt"), dir.resolve("client.key"), dir.resolve("client.p12"), password,
                dir.resolve("other-ca.crt"), dir.resolve("client-encrypted.key"));
    }

    private static void ca(Path dir, String openssl, String name, String subject) throws Exception {
        ExternalTools.run(dir, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", subject,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", name + ".key", "-out", name + ".crt");
    }

    private static void signed(Path dir, String openssl, String name, String subject, String extensions) throws Exception {
        ExternalTools.run(dir, openssl, "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
                "-keyout", name + ".key", "-out", name + ".csr");
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        String serial = "0x" + randomHex(8);
        ExternalTools.run(dir, openssl, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-set_serial", serial, "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
