package org.touchstone.hq.config;

import java.util.List;
import java.util.Objects;

/**
 * The headquarters view ({@code view:} in hq.yaml): a web page on the post console's stack (Javalin, server-rendered
 * pages and SVG, live updates by server-sent events), for officers of the officers file with the role analyst or
 * supervisor. Without this block, {@code touchstone hq run} serves no page.
 *
 * @param bindAddress        default 127.0.0.1 (put a TLS reverse proxy in front for the network)
 * @param port               default 8090; 0 takes any free port (tests)
 * @param officersFile       the officers file, as the post's ({@code touchstone officer add ... --role analyst})
 * @param language           en or fr (default en); each officer may switch
 * @param sessionIdleMinutes default 30
 * @param darkAfterMinutes   a post not heard from for longer is shown dark (default 15)
 */
public record ViewConfig(String bindAddress, Integer port, String officersFile, String language,
                         Integer sessionIdleMinutes, Integer darkAfterMinutes) {

    public static final List<String> LANGUAGES = List.of("en", "fr");

    public ViewConfig {
        bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
        port = port == null ? 8090 : port;
        Objects.requireNonNull(officersFile, "officersFile is required in view (who may log in, and as what)");
        language = language == null ? "en" : language;
        sessionIdleMinutes = sessionIdleMinutes == null ? 30 : sessionIdleMinutes;
        darkAfterMinutes = darkAfterMinutes == null ? 15 : darkAfterMinutes;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was: " + port);
        }
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be one of " + LANGUAGES + ", was: '" + language + "'");
        }
        if (sessionIdleMinutes < 1 || sessionIdleMinutes > 720) {
            throw new IllegalArgumentException("sessionIdleMinutes must be 1..720, was: " + sessionIdleMinutes);
        }
        if (darkAfterMinutes < 1 || darkAfterMinutes > 1440) {
            throw new IllegalArgumentException("darkAfterMinutes must be 1..1440, was: " + darkAfterMinutes);
        }
    }
}
