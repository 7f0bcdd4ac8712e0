package org.touchstone.drivers.transport.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the {@link SSLContext} of a broker connection from {@link MqttTls} files, with the JDK alone, and turns
 * every failure into a message that names the setting and the file. The broker's certificate is checked by a
 * trust manager that says why it was refused: not signed by the configured CA, expired, or not naming the host.
 */
public final class MqttTlsContext {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    private MqttTlsContext() {
    }

    /**
     * Reads the files and builds the context.
     *
     * @param brokerUrl named in the messages of a refused server certificate
     * @throws MqttTlsException naming the setting whose file is missing, unreadable or not what it should be
     */
    public static SSLContext create(MqttTls tls, String brokerUrl) {
        TrustManager trust = trustManager(tls.caFile(), brokerUrl);
        KeyManager[] keys = tls.clientCertificate() == null ? null : keyManagers(tls);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that every file exists, is readable and holds what it should, without building a context; for
     * validating a configuration at start.
     */
    public static void check(MqttTls tls) {
        create(tls, "(check)");
    }

    /** The CA certificates of a PEM file, or a clear failure naming {@code field}. */
    static List<X509Certificate> certificates(Path file, String field, String what) {
        byte[] bytes = read(file, field, what);
        try {
            Collection<? extends java.security.cert.Certificate> certs = java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> out = new ArrayList<>();
            certs.forEach(c -> out.add((X509Certificate) c));
            if (out.isEmpty()) {
                throw new MqttTlsException(field, file + " holds no certificate; expected the " + what
                        + " in PEM (-----BEGIN CERTIFICATE-----)");
            }
            return out;
        } catch (CertificateException e) {
            throw new MqttTlsException(field, file + " is not a PEM or DER X.509 certificate (" + e.getMessage()
                    + "); expected the " + what, e);
        }
    }

    private static TrustManager trustManager(Path caFile, String brokerUrl) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            String source;
            if (caFile == null) {
                factory.init((KeyStore) null);
                source = "the JDK's default trust store";
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (X509Certificate ca : certificates(caFile, "caFile", "CA certificate")) {
                    store.setCertificateEntry("ca-" + i++, ca);
                }
                factory.init(store);
                source = "the CA in " + caFile;
            }
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new ExplainingTrustManager(x, source, brokerUrl);
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttTlsException("caFile", "cannot build a trust store from " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(MqttTls tls) {
        char[] password = tls.clientKeyPassword() == null ? new char[0] : tls.clientKeyPassword().toCharArray();
        KeyStore store;
        try {
            if (tls.clientPkcs12()) {
                byte[] bytes = read(tls.clientCertificate(), "clientCertificate", "PKCS12 file with certificate and key");
                store = KeyStore.getInstance("PKCS12");
                try (InputStream in = new ByteArrayInputStream(bytes)) {
                    store.load(in, password);
                } catch (IOException e) {
                    if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                        throw new MqttTlsException("clientKeyPassword", "does not open the PKCS12 file "
                                + tls.clientCertificate() + " (" + e.getMessage() + ")", e);
                    }
                    throw new MqttTlsException("clientCertificate", tls.clientCertificate() + " is not a PKCS12 file ("
                            + e.getMessage() + "); give a .p12 with certificate and key, or a PEM certificate with clientKey", e);
                }
                if (!hasKey(store)) {
                    throw new MqttTlsException("clientCertificate", "the PKCS12 file " + tls.clientCertificate()
                            + " holds no private key");
                }
            } else {
                List<X509Certificate> chain = certificates(tls.clientCertificate(), "clientCertificate", "client certificate");
                PrivateKey key = pemKey(tls.clientKey(), tls.clientKeyPassword());
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw new MqttTlsException("clientKeyPassword", "does not unlock the key in " + tls.clientCertificate(), e);
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttTlsException("clientCertificate", "cannot use " + tls.clientCertificate() + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        for (var aliases = store.aliases(); aliases.hasMoreElements(); ) {
            if (store.isKeyEntry(aliases.nextElement())) {
                return true;
            }
        }
        return false;
    }

    /** A PKCS#8 private key in PEM, plain or encrypted (openssl's default since 1.1 for {@code genpkey}). */
    static PrivateKey pemKey(Path file, String password) {
        String text = new String(read(file, "clientKey", "PEM private key"), StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(new PKCS8EncodedKeySpec(der), file);
                case "ENCRYPTED PRIVATE KEY":
                    if (password == null) {
                        throw new MqttTlsException("clientKeyPassword", "is required: " + file + " is encrypted");
                    }
                    return pkcs8(decrypt(der, password, file), file);
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw new MqttTlsException("clientKey", file + " is a traditional '" + type + "'; convert it to PKCS#8:"
                            + " openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out client.pk8.pem");
                default:
                    // Certificates or parameters may share the file; look further.
            }
        }
        throw new MqttTlsException("clientKey", file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, String password, Path file) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // For PBES2 the JDK reports "PBES2" as the algorithm; the parameters name the real cipher.
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
                    info.getAlgParameters());
            return info.getKeySpec(cipher);
        } catch (InvalidKeySpecException e) {
            throw new MqttTlsException("clientKeyPassword", "does not decrypt the key in " + file, e);
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttTlsException("clientKey", "cannot decrypt " + file + " (" + e + "); or give a PKCS12 file", e);
        }
    }

    private static PrivateKey pkcs8(PKCS8EncodedKeySpec spec, Path file) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Try the next algorithm; PKCS#8 names it, but the JDK has no "any" key factory.
            }
        }
        throw new MqttTlsException("clientKey", file + " is not an RSA, EC or EdDSA private key the JDK can read");
    }

    private static byte[] read(Path file, String field, String what) {
        try {
            if (Files.isDirectory(file)) {
                throw new MqttTlsException(field, file + " is a folder; expected the " + what);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MqttTlsException(field, "cannot read " + file.toAbsolutePath() + ": no such file" + hint(file), e);
        } catch (AccessDeniedException e) {
            throw new MqttTlsException(field, "cannot read " + file.toAbsolutePath() + ": permission denied", e);
        } catch (IOException e) {
            throw new MqttTlsException(field, "cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** A near miss is worth naming: the file exists once white space is removed, or under another case. */
    private static String hint(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!name.equals(name.strip()) && Files.exists(file.resolveSibling(name.strip()))) {
            return " (but '" + name.strip() + "' exists: remove the white space)";
        }
        return "";
    }

    /**
     * Delegates to the JDK's PKIX checks and explains a refusal in the post's terms. A chain is first checked
     * without the host name, so "not signed by our CA" is told apart from "signed, but for another host".
     */
    static final class ExplainingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final String source;
        private final String brokerUrl;

        ExplainingTrustManager(X509ExtendedTrustManager delegate, String source, String brokerUrl) {
            this.delegate = delegate;
            this.source = source;
            this.brokerUrl = brokerUrl;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkChain(chain, authType);
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw hostMismatch(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkChain(chain, authType);
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw hostMismatch(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            checkChain(chain, authType);
        }

        private void checkChain(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                String who = chain == null || chain.length == 0 ? "" : " (" + chain[0].getSubjectX500Principal().getName()
                        + ", issued by " + chain[0].getIssuerX500Principal().getName() + ")";
                Throwable expired = find(e, CertificateExpiredException.class, CertificateNotYetValidException.class);
                if (expired != null) {
                    throw new UntrustedServerCertificateException("server certificate of " + brokerUrl + who
                            + " is outside its validity period: " + expired.getMessage(), e);
                }
                throw new UntrustedServerCertificateException("server certificate of " + brokerUrl + who
                        + " is not signed by " + source, e);
            }
        }

        private CertificateException hostMismatch(X509Certificate[] chain, CertificateException e) {
            return new UntrustedServerCertificateException("server certificate of " + brokerUrl + " ("
                    + chain[0].getSubjectX500Principal().getName() + ") does not name the host in the URL: "
                    + e.getMessage() + "; it needs a subject alternative name for that host", e);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }

        @SafeVarargs
        private static Throwable find(Throwable t, Class<? extends Throwable>... types) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                for (Class<? extends Throwable> type : types) {
                    if (type.isInstance(c)) {
                        return c;
                    }
                }
            }
            return null;
        }
    }

    /** The broker's certificate was refused; the message says why in the post's terms. */
    public static final class UntrustedServerCertificateException extends CertificateException {
        UntrustedServerCertificateException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
