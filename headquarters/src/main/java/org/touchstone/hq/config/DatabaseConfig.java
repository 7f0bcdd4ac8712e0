package org.touchstone.hq.config;

import java.util.Objects;

/**
 * The PostgreSQL database headquarters writes to.
 *
 * @param url      {@code jdbc:postgresql://host:5432/name}; TLS is set in the URL ({@code ?sslmode=verify-full&...})
 * @param user     database user, or null for the driver's default
 * @param password password, or null (trust or certificate authentication)
 * @param poolSize connections in the pool (HikariCP): one writes per instance, the others serve queries; default 4
 */
public record DatabaseConfig(String url, String user, String password, Integer poolSize) {

    public DatabaseConfig {
        Objects.requireNonNull(url, "url is required, e.g. jdbc:postgresql://127.0.0.1:5432/touchstone_hq");
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("url must start with jdbc:postgresql://, was: '" + url + "'");
        }
        poolSize = poolSize == null ? 4 : poolSize;
        if (poolSize < 2 || poolSize > 64) {
            throw new IllegalArgumentException("poolSize must be 2..64, was: " + poolSize);
        }
    }

    /** The same server, another database (tests create one per class). */
    public DatabaseConfig withDatabase(String name) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', Math.max(slash, 0));
        String base = slash < 0 ? url : url.substring(0, slash);
        String params = query < 0 ? "" : url.substring(query);
        return new DatabaseConfig(base + "/" + name + params, user, password, poolSize);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", poolSize=" + poolSize + "]";
    }
}
