package io.caas.core.testing;

import io.caas.core.config.CaasConfig;
import io.caas.core.persistence.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, migrated database on the real MariaDB at 127.0.0.1:3306 (override with CAAS_TEST_MARIADB, a
 * mysql://user:pass@host:port URL); dropped on close so tests never see each other's rows.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String SERVER = System.getenv().getOrDefault("CAAS_TEST_MARIADB", "mysql://root@127.0.0.1:3306");

    private final String name;
    private final CaasConfig config;
    private final Database database;

    private TestDatabase(String name, CaasConfig config) {
        this.name = name;
        this.config = config;
        this.database = Database.open(config);
    }

    public static TestDatabase create() {
        String name = "caas_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        CaasConfig config = CaasConfig.parse("", Map.of())
                .with("database", "connection", SERVER + "/" + name)
                .with("database", "create_if_missing", "true");
        return new TestDatabase(name, config);
    }

    public Database database() {
        return database;
    }

    /** The configuration that opens this database, for code under test that opens its own. */
    public CaasConfig config() {
        return config;
    }

    @Override
    public void close() {
        database.close();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + SERVER.replaceFirst("^mysql://([^@]*@)?", "") + "/",
                "root", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test database " + name, e);
        }
    }
}
