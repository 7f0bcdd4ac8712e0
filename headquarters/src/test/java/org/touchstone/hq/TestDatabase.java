package org.touchstone.hq;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.touchstone.hq.config.DatabaseConfig;

/**
 * A database of its own for one test class on the real PostgreSQL ({@code hq_it_<random>}, dropped at the end), so
 * tests never see each other's rows, nor another run's. The server is {@code TOUCHSTONE_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}, the maintenance database every server has, user {@code TOUCHSTONE_TEST_PG_USER}, default postgres). Without a
 * server a test is skipped on a developer's machine and fails with {@code CI=true}, where {@code .ci/run} starts one.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String URL = env("TOUCHSTONE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String USER = env("TOUCHSTONE_TEST_PG_USER", "postgres");
    public static final String PASSWORD = System.getenv("TOUCHSTONE_TEST_PG_PASSWORD");

    private final String name;
    private final DatabaseConfig config;

    private TestDatabase(String name, DatabaseConfig config) {
        this.name = name;
        this.config = config;
    }

    public static TestDatabase create() throws SQLException {
        String name = "hq_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new TestDatabase(name, new DatabaseConfig(URL, USER, PASSWORD, 6).withDatabase(name));
    }

    private static Connection admin() throws SQLException {
        try {
            return DriverManager.getConnection(URL, USER, PASSWORD);
        } catch (SQLException e) {
            String message = "needs PostgreSQL at " + URL + " as " + USER + " (" + e.getMessage() + "); .ci/run starts it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but this test " + message);
            }
            assumeTrue(false, "skipped: this test " + message);
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** A JDBC URL for this database, for tools that take one. */
    public String url() {
        return config.url();
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
