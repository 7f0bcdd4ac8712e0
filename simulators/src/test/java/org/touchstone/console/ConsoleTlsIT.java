package org.touchstone.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.config.ConsoleConfig;

/**
 * The console over TLS with a keystore made by the JDK's keytool: HTTPS answers, the session cookie becomes
 * {@code Secure} under a {@code __Host-} name, and the browser is told to keep to HTTPS.
 */
class ConsoleTlsIT {

    @TempDir
    Path dir;

    private ConsolePost post;

    @AfterEach
    void stop() {
        if (post != null) {
            post.close();
        }
    }

    @Test
    void httpsWithSecureHostCookie() throws Exception {
        Path keystore = dir.resolve("console.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "console-pass").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        post = new ConsolePost(dir, new ConsoleConfig(null, 0, new ConsoleConfig.Tls("console.p12", "console-pass", null),
                null, null, null), false);
        assertTrue(post.base().startsWith("https://127.0.0.1:"), post.base());

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, "console-pass".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(post.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode());
        assertTrue(login.headers().firstValue("Strict-Transport-Security").isPresent());
        String token = login.body().replaceAll("(?s).*name=\"login\" value=\"([^\"]+)\".*", "$1");
        String loginCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(loginCookie.contains("Secure"), loginCookie);
        HttpResponse<String> in = https.send(HttpRequest.newBuilder(URI.create(post.base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", loginCookie.split(";", 2)[0])
                .POST(HttpRequest.BodyPublishers.ofString("login=" + token + "&lang=en&officer=ana&password="
                        + java.net.URLEncoder.encode(ConsolePost.PASSWORD, java.nio.charset.StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, in.statusCode(), in.body());
        String session = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("__Host-touchstone_session="))
                .findFirst().orElseThrow(() -> new AssertionError(in.headers().allValues("Set-Cookie").toString()));
        assertTrue(session.contains("Secure") && session.contains("HttpOnly") && session.contains("SameSite=Strict")
                && session.contains("Path=/") && !session.contains("Domain"), session);
        HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create(post.base() + "/inspections"))
                .header("Cookie", session.split(";", 2)[0]).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Ana Diallo"), page.body());
    }
}
