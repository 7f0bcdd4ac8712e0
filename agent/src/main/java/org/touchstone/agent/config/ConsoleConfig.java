package org.touchstone.agent.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * The web console the agent serves to the inspectors' and technicians' screens.
 *
 * @param bindAddress        the address to listen on; 127.0.0.1 (this PC only) unless the bench screen is another
 *                           machine, then the post's LAN address with {@code tls}
 * @param port               TCP port, 0 for any free one (the demo); default 8443 with TLS, else 8080
 * @param tls                a keystore with the console's certificate; without it the console speaks plain HTTP
 * @param sessionIdleMinutes an officer is logged out after this long without a request; default 30
 * @param language           the language before an officer chooses one: {@code en}, {@code fr} or {@code ru}
 * @param timeZone           the post's zone for times on screen and in evidence, e.g. {@code Africa/Bamako};
 *                           default the machine's
 */
public record ConsoleConfig(String bindAddress, Integer port, Tls tls, Integer sessionIdleMinutes, String language,
                            String timeZone) {

    public static final List<String> LANGUAGES = List.of("en", "fr", "ru");

    /**
     * @param keystore         PKCS12 (or JKS) file with the certificate and its private key
     * @param keystorePassword its password
     * @param keystoreType     {@code PKCS12} (default) or {@code JKS}
     */
    public record Tls(String keystore, String keystorePassword, String keystoreType) {
        public Tls {
            if (keystore == null || keystore.isBlank()) {
                throw new IllegalArgumentException("keystore is required in console.tls (a PKCS12 file)");
            }
            keystoreType = keystoreType == null ? "PKCS12" : keystoreType.trim().toUpperCase(Locale.ROOT);
            if (!List.of("PKCS12", "JKS").contains(keystoreType)) {
                throw new IllegalArgumentException("keystoreType must be PKCS12 or JKS, was: '" + keystoreType + "'");
            }
            keystorePassword = keystorePassword == null ? "" : keystorePassword;
        }

        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + ", keystoreType=" + keystoreType + ", keystorePassword=***]";
        }
    }

    public ConsoleConfig {
        bindAddress = bindAddress == null || bindAddress.isBlank() ? "127.0.0.1" : bindAddress.strip();
        port = port == null ? (tls == null ? 8080 : 8443) : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 (0: any free port), was: " + port);
        }
        sessionIdleMinutes = sessionIdleMinutes == null ? 30 : sessionIdleMinutes;
        if (sessionIdleMinutes < 1 || sessionIdleMinutes > 24 * 60) {
            throw new IllegalArgumentException("sessionIdleMinutes must be 1..1440, was: " + sessionIdleMinutes);
        }
        language = language == null ? "en" : language.trim().toLowerCase(Locale.ROOT);
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be one of " + LANGUAGES + ", was: '" + language + "'");
        }
        if (timeZone != null) {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("timeZone must be a zone id such as Africa/Bamako, was: '" + timeZone
                        + "'");
            }
        }
    }

    /** The console on this PC only, on the given port, in English. */
    public static ConsoleConfig local(int port) {
        return new ConsoleConfig(null, port, null, null, null, null);
    }

    public ZoneId zone() {
        return timeZone == null ? ZoneId.systemDefault() : ZoneId.of(timeZone);
    }

    public boolean secure() {
        return tls != null;
    }
}
