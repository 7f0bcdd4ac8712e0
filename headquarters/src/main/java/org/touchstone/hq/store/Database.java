package org.touchstone.hq.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.touchstone.hq.config.DatabaseConfig;

/**
 * Headquarters' PostgreSQL: a HikariCP pool, and the schema brought to the current version by Flyway (the
 * migrations in {@code db/migration}). Several instances may start at once: Flyway serialises them with a lock.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens the pool and migrates the schema. */
    public static Database open(DatabaseConfig config, String poolName) {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(config.url());
        h.setUsername(config.user());
        h.setPassword(config.password());
        h.setMaximumPoolSize(config.poolSize());
        h.setMinimumIdle(1);
        h.setPoolName(poolName);
        h.setConnectionTimeout(10_000);
        // A headquarters that cannot reach its database at start says so at once instead of retrying blind.
        h.setInitializationFailTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(h);
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool);
    }

    /** Applies the migrations not yet applied; returns how many were. */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .load().migrate();
        return result.migrationsExecuted;
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
