package io.caas.core.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.config.CaasConfig;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterStatus;
import io.caas.core.testing.TestDatabase;
import jakarta.persistence.OptimisticLockException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @Test
    void storesAndReadsAClusterOnMariaDb() {
        try (TestDatabase test = TestDatabase.create()) {
            String uuid = saveCluster(test.database());
            Cluster read = test.database().transaction(s -> s.createQuery("from Cluster where uuid = :u", Cluster.class)
                    .setParameter("u", uuid).getSingleResult());
            assertThat(read.labels).containsEntry("cert_expiry", "1h");
            assertThat(read.masterAddresses).containsExactly("198.18.0.10");
            assertThat(read.status).isEqualTo(ClusterStatus.CREATE_IN_PROGRESS);
        }
    }

    @Test
    void aStaleCopyCannotOverwriteANewerOne() {
        try (TestDatabase test = TestDatabase.create()) {
            Database db = test.database();
            String uuid = saveCluster(db);
            Cluster first = load(db, uuid);
            Cluster second = load(db, uuid);
            first.conductor = "conductor-a";
            db.execute(s -> { s.merge(first); });
            second.conductor = "conductor-b";
            assertThatThrownBy(() -> db.execute(s -> { s.merge(second); }))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(load(db, uuid).conductor).isEqualTo("conductor-a");
        }
    }

    @Test
    void theEmbeddedDefaultRunsTheSameSchemaOnH2(@TempDir Path dir) {
        CaasConfig config = CaasConfig.parse("", Map.of()).with("database", "connection", "h2:file:" + dir.resolve("caas"));
        try (Database db = Database.open(config)) {
            String uuid = saveCluster(db);
            assertThat(load(db, uuid).labels).containsEntry("cert_expiry", "1h");
        }
    }

    @Test
    void aNodeKeepsItsHealthOnMariaDbAndH2(@TempDir Path dir) {
        try (TestDatabase test = TestDatabase.create()) {
            assertNodeHealthRoundTrips(test.database());
        }
        CaasConfig config = CaasConfig.parse("", Map.of()).with("database", "connection", "h2:file:" + dir.resolve("caas"));
        try (Database db = Database.open(config)) {
            assertNodeHealthRoundTrips(db);
        }
    }

    private static void assertNodeHealthRoundTrips(Database db) {
        String clusterId = saveCluster(db);
        Instant since = Instant.parse("2026-11-27T05:00:00.123456Z");
        ClusterNode node = new ClusterNode();
        node.uuid = UUID.randomUUID().toString();
        node.clusterId = clusterId;
        node.healthStatus = "UNHEALTHY";
        node.healthReason = "node is down";
        node.unhealthySince = since;
        db.execute(s -> { s.persist(node); });
        ClusterNode read = db.transaction(s -> s.createQuery("from ClusterNode where uuid = :u", ClusterNode.class)
                .setParameter("u", node.uuid).getSingleResult());
        assertThat(read.healthStatus).isEqualTo("UNHEALTHY");
        assertThat(read.healthReason).isEqualTo("node is down");
        assertThat(read.unhealthySince).isEqualTo(since);
    }

    @Test
    void magnumStyleConnectionStringsBecomeJdbc() {
        DatabaseUrl url = DatabaseUrl.parse("mysql+pymysql://caas:s%40cret@db.example:3307/caas?charset=utf8");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:mariadb://db.example:3307/caas");
        assertThat(url.user()).isEqualTo("caas");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://x/y")).hasMessageContaining("mysql+pymysql://");
    }

    private static String saveCluster(Database db) {
        Cluster c = new Cluster();
        c.uuid = UUID.randomUUID().toString();
        c.name = "k1";
        c.status = ClusterStatus.CREATE_IN_PROGRESS;
        c.labels = Map.of("cert_expiry", "1h");
        c.masterAddresses = List.of("198.18.0.10");
        c.createdAt = Instant.now();
        db.execute(s -> { s.persist(c); });
        return c.uuid;
    }

    private static Cluster load(Database db, String uuid) {
        return db.transaction(s -> s.createQuery("from Cluster where uuid = :u", Cluster.class)
                .setParameter("u", uuid).getSingleResult());
    }
}
