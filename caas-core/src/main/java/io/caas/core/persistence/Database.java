package io.caas.core.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.caas.core.config.CaasConfig;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterCa;
import io.caas.core.model.ClusterEvent;
import io.caas.core.model.ClusterHealthCheck;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterSecret;
import io.caas.core.model.IssuedCertificateRecord;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.ConductorService;
import io.caas.core.model.NodeGroup;
import io.caas.core.model.Quota;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: a Hikari pool, Flyway migrations, and a Hibernate SessionFactory over them. One per process;
 * API and conductor processes share the same MariaDB.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;

    private Database(HikariDataSource dataSource, SessionFactory sessionFactory) {
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
    }

    /** Opens the database named by [database] connection, creating it and migrating its schema when asked to. */
    public static Database open(CaasConfig config) {
        DatabaseUrl url = DatabaseUrl.parse(config.require("database", "connection"));
        if (config.getBoolean("database", "create_if_missing", false) && !url.embedded()) {
            createIfMissing(url);
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            pool.setUsername(url.user());
            pool.setPassword(url.password());
        }
        pool.setMaximumPoolSize(config.getInt("database", "max_pool_size", 10));
        pool.setPoolName("caas-db");
        // a MariaDB restart must not need a caas restart: fail fast at checkout, let the caller retry
        pool.setConnectionTimeout(config.getInt("database", "connection_timeout_ms", 5_000));
        pool.setInitializationFailTimeout(config.getInt("database", "startup_wait_ms", 30_000));
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            if (config.getBoolean("database", "auto_migrate", true)) {
                migrate(dataSource);
            }
            return new Database(dataSource, buildSessionFactory(dataSource, url));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static void createIfMissing(DatabaseUrl url) {
        try (Connection c = DriverManager.getConnection(url.serverJdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            if (!url.databaseName().matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("Database name must be letters, digits and _: " + url.databaseName());
            }
            s.execute("CREATE DATABASE IF NOT EXISTS `" + url.databaseName() + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database at " + url + ": " + e.getMessage()
                    + ". Check that MariaDB runs and the user may create databases.", e);
        }
    }

    private static void migrate(HikariDataSource dataSource) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info("event=schema_migrated applied={} version={}", result.migrationsExecuted, result.targetSchemaVersion);
    }

    private static SessionFactory buildSessionFactory(HikariDataSource dataSource, DatabaseUrl url) {
        Configuration cfg = new Configuration();
        for (Class<?> entity : new Class<?>[] {ClusterTemplate.class, Cluster.class, NodeGroup.class, ClusterNode.class,
                ConductorService.class, Quota.class, ClusterCa.class, ClusterEvent.class, ClusterOperation.class,
                ClusterSecret.class, IssuedCertificateRecord.class, ClusterHealthCheck.class}) {
            cfg.addAnnotatedClass(entity);
        }
        cfg.getProperties().put("hibernate.connection.datasource", dataSource);
        cfg.setProperty("hibernate.auto_quote_keyword", "true");
        cfg.setProperty("hibernate.jdbc.time_zone", "UTC");
        cfg.setProperty("hibernate.hbm2ddl.auto", "none");
        cfg.setProperty("hibernate.show_sql", "false");
        if (url.embedded()) {
            cfg.setProperty("hibernate.dialect", "org.hibernate.dialect.H2Dialect");
        }
        return cfg.buildSessionFactory();
    }

    /** Runs {@code work} in one transaction and returns its result; rolls back on any exception. */
    public <T> T transaction(Function<Session, T> work) {
        return sessionFactory.fromTransaction(work);
    }

    /** Runs {@code work} in one transaction; rolls back on any exception. */
    public void execute(Consumer<Session> work) {
        sessionFactory.inTransaction(work);
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        sessionFactory.close();
        dataSource.close();
    }
}
