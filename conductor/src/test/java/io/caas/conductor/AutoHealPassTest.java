package io.caas.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.persistence.Database;
import io.caas.core.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Auto-heal's trigger against a real database: who gets a heal operation, and that only one is recorded. */
class AutoHealPassTest {
    private static final Duration GRACE = Duration.ofSeconds(60);
    private TestDatabase test;
    private Database db;
    private final List<ClusterOperation> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        test = TestDatabase.create();
        db = test.database();
    }

    @AfterEach
    void tearDown() {
        test.close();
    }

    @Test
    void aNodeUnhealthyPastTheGraceInAnAutoHealingClusterGetsOneHealOperation() throws Exception {
        Cluster healing = cluster("true", ClusterStatus.CREATE_COMPLETE);
        node(healing, "c1-default-worker-0", Instant.now().minus(GRACE.plusSeconds(5)), "node down");
        node(healing, "c1-default-worker-1", Instant.now().minusSeconds(5), "node down");
        node(healing, "c1-default-master-0", null, null);
        AutoHealPass pass = new AutoHealPass(db, GRACE, published::add);

        pass.run();
        pass.run();

        assertThat(published).hasSize(1);
        ClusterOperation heal = Fixtures.reloadOp(db, published.get(0).uuid);
        assertThat(heal.action).isEqualTo("heal");
        assertThat(heal.state).isEqualTo(ClusterOperation.State.PENDING);
        var arguments = new com.fasterxml.jackson.databind.ObjectMapper().readTree(heal.arguments);
        assertThat(arguments.get("nodes").toString()).isEqualTo("[\"c1-default-worker-0\"]");
        assertThat(arguments.get("reason").asText()).isEqualTo("unhealthy for more than 60 s (c1-default-worker-0: node down)");
        assertThat(Fixtures.reload(db, healing.uuid).status).isEqualTo(ClusterStatus.UPDATE_IN_PROGRESS);
        List<String> events = db.transaction(s -> s.createQuery("select kind from ClusterEvent where clusterId = :c",
                String.class).setParameter("c", healing.uuid).list());
        assertThat(events).containsExactly("heal_scheduled");
    }

    @Test
    void clustersWithoutTheLabelBusyOrFailedAreLeftAlone() {
        Instant old = Instant.now().minus(GRACE.multipliedBy(2));
        node(cluster("false", ClusterStatus.CREATE_COMPLETE), "a-0", old, "down");
        node(cluster(null, ClusterStatus.CREATE_COMPLETE), "b-0", old, "down");
        node(cluster("true", ClusterStatus.UPDATE_FAILED), "c-0", old, "down");
        Cluster busy = cluster("true", ClusterStatus.UPDATE_COMPLETE);
        node(busy, "d-0", old, "down");
        Fixtures.operation(db, busy, "resize", "{}");

        AutoHealPass pass = new AutoHealPass(db, GRACE, published::add);
        assertThat(pass.candidates()).isEmpty();
        pass.run();

        assertThat(published).isEmpty();
    }

    private Cluster cluster(String label, ClusterStatus status) {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, status);
        db.execute(s -> {
            Cluster row = LeasedClusterJob.findCluster(s, c.uuid);
            row.labels = label == null ? Map.of() : Map.of(AutoHealPass.LABEL, label);
        });
        return c;
    }

    private void node(Cluster c, String name, Instant unhealthySince, String reason) {
        db.execute(s -> {
            ClusterNode n = new ClusterNode();
            n.uuid = UUID.randomUUID().toString();
            n.clusterId = c.uuid;
            n.name = name;
            n.role = "worker";
            n.state = "READY";
            n.healthStatus = unhealthySince == null ? "HEALTHY" : "UNHEALTHY";
            n.healthReason = reason;
            n.unhealthySince = unhealthySince;
            n.createdAt = Instant.now();
            s.persist(n);
        });
    }
}
