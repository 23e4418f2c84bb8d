package io.caas.server;

import io.caas.core.persistence.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Creates the database if needed and brings its schema to this version, as magnum-db-manage upgrade does. */
@Command(name = "db-sync", description = "Create/upgrade the database schema and exit.")
final class DbSyncCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        try (Database ignored = Database.open(config.load().with("database", "auto_migrate", "true"))) {
            System.out.println("Database schema is up to date.");
        }
        return 0;
    }
}
