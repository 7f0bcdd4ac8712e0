package org.touchstone.drivers.transport.mqtt;

import java.nio.file.Path;

/**
 * The files a TLS connection to the broker trusts and presents. Paths are absolute or relative to the working
 * directory: whoever reads them from a configuration file resolves them first.
 *
 * @param caFile            PEM file with the CA certificate(s) that sign the broker's certificate; null trusts the
 *                          JDK's default trust store (a broker with a public certificate)
 * @param clientCertificate the post's own certificate, or null for none: a PKCS12 file ({@code .p12}, {@code .pfx})
 *                          holding certificate and key, or a PEM certificate (chain) when {@code clientKey} is set
 * @param clientKey         PEM private key (PKCS#8, {@code BEGIN PRIVATE KEY} or {@code BEGIN ENCRYPTED PRIVATE KEY})
 *                          for a PEM {@code clientCertificate}; null with a PKCS12 one
 * @param clientKeyPassword password of the PKCS12 file or of the encrypted PEM key, or null
 */
public record MqttTls(Path caFile, Path clientCertificate, Path clientKey, String clientKeyPassword) {

    public MqttTls {
        requireClean(caFile, "caFile");
        requireClean(clientCertificate, "clientCertificate");
        requireClean(clientKey, "clientKey");
        if (clientKey != null && clientCertificate == null) {
            throw new MqttTlsException("clientKey", "is set but clientCertificate is not: a key needs its certificate");
        }
    }

    /** Trusts the CA in this PEM file; no client certificate. */
    public static MqttTls trusting(Path caFile) {
        return new MqttTls(caFile, null, null, null);
    }

    /** True when the client certificate is a PKCS12 file (no separate key). */
    public boolean clientPkcs12() {
        return clientCertificate != null && clientKey == null;
    }

    /**
     * Leading or trailing white space in a path is almost always a copy-and-paste accident that makes the file
     * "missing" with no visible reason (a silent TLS failure for peers), so it is refused by name.
     */
    private static void requireClean(Path path, String field) {
        if (path == null) {
            return;
        }
        String text = path.toString();
        if (text.isBlank()) {
            throw new MqttTlsException(field, "must not be blank");
        }
        if (!text.equals(text.strip())) {
            throw new MqttTlsException(field, "path '" + text + "' " + (Character.isWhitespace(text.charAt(text.length() - 1))
                    ? "ends" : "starts") + " with white space; remove it (the file would not be found)");
        }
    }

    @Override
    public String toString() {
        return "MqttTls[caFile=" + caFile + ", clientCertificate=" + clientCertificate + ", clientKey=" + clientKey
                + ", clientKeyPassword=" + (clientKeyPassword == null ? "none" : "***") + "]";
    }
}
