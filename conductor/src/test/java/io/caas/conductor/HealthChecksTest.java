package io.caas.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.conductor.health.HealthChecks;
import io.caas.conductor.health.HealthSettings;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterEvent;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.persistence.Database;
import io.caas.core.spi.ClusterDriver;
import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.ClusterView;
import io.caas.core.spi.DriverKey;
import io.caas.core.spi.HealthReport;
import io.caas.core.spi.HealthReport.NodeHealth;
import io.caas.core.spi.HealthReport.Status;
import io.caas.core.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The conductor's periodic health pass: who checks what, and what a report leaves on record. */
class HealthChecksTest {
    private TestDatabase test;
    private Database db;
    private final ReportingDriver driver = new ReportingDriver();
    private final List<HealthChecks> checks = new ArrayList<>();

    @BeforeEach
    void setUp() {
        test = TestDatabase.create();
        db = test.database();
    }

    @AfterEach
    void tearDown() {
        checks.forEach(HealthChecks::close);
        test.close();
    }

    @Test
    void twoConductorsCheckEachStableClusterOncePerIntervalAndNeverOneInProgressOrLeased() throws Exception {
        ClusterTemplate t = Fixtures.template(db, "testos");
        List<String> stable = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            stable.add(Fixtures.cluster(db, t, ClusterStatus.CREATE_COMPLETE).uuid);
        }
        stable.add(Fixtures.cluster(db, t, ClusterStatus.UPDATE_FAILED).uuid);
        String building = Fixtures.cluster(db, t, ClusterStatus.CREATE_IN_PROGRESS).uuid;
        String failed = Fixtures.cluster(db, t, ClusterStatus.CREATE_FAILED).uuid;
        Cluster leased = Fixtures.cluster(db, t, ClusterStatus.UPDATE_COMPLETE);
        db.execute(s -> s.createMutationQuery("update Cluster set conductor = 'c-other', leaseUntil = :until where uuid = :u")
                .setParameter("until", Instant.now().plusSeconds(600)).setParameter("u", leased.uuid).executeUpdate());
        HealthChecks first = healthChecks("c-1", Duration.ofHours(1));
        HealthChecks second = healthChecks("c-2", Duration.ofHours(1));

        for (int round = 0; round < 5; round++) {
            Thread first1 = new Thread(first);
            Thread second1 = new Thread(second);
            first1.start();
            second1.start();
            first1.join();
            second1.join();
        }
        await(() -> driver.checked.size() == stable.size());

        assertThat(driver.checked.keySet()).containsExactlyInAnyOrderElementsOf(stable);
        assertThat(driver.checked.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        List<String> checkers = db.transaction(s -> s.createSelectionQuery(
                "select distinct h.checkedBy from ClusterHealthCheck h", String.class).list());
        assertThat(checkers).isSubsetOf("c-1", "c-2");
        for (String uuid : List.of(building, failed, leased.uuid)) {
            assertThat(Fixtures.reload(db, uuid).healthStatus).as(uuid).isNull();
        }
    }

    @Test
    void aReportSetsClusterAndNodeHealthAndTheUnhealthyClockRunsFromTheFirstBadCheck() throws Exception {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.CREATE_COMPLETE);
        node(c, "c1-master-0");
        node(c, "c1-worker-0");
        HealthChecks conductor = healthChecks("c-1", Duration.ofMillis(1));

        driver.next = new HealthReport(Status.UNHEALTHY,
                Map.of("api", "ok", "c1-master-0.Ready", "True", "c1-worker-0.Ready", "False", "c1-worker-0.Reason", "node is down"),
                Map.of("c1-master-0", NodeHealth.healthy(), "c1-worker-0", new NodeHealth(Status.UNHEALTHY, "node is down")));
        checkOnce(conductor, c.uuid, 1);
        Cluster sick = Fixtures.reload(db, c.uuid);
        assertThat(sick.healthStatus).isEqualTo("UNHEALTHY");
        assertThat(sick.healthStatusReason).containsEntry("c1-worker-0.Ready", "False").containsEntry("api", "ok");
        ClusterNode worker = node(c.uuid, "c1-worker-0");
        assertThat(worker.healthStatus).isEqualTo("UNHEALTHY");
        assertThat(worker.healthReason).isEqualTo("node is down");
        assertThat(worker.unhealthySince).isNotNull();
        assertThat(node(c.uuid, "c1-master-0").healthStatus).isEqualTo("HEALTHY");
        assertThat(node(c.uuid, "c1-master-0").unhealthySince).isNull();

        checkOnce(conductor, c.uuid, 2);
        assertThat(node(c.uuid, "c1-worker-0").unhealthySince).isEqualTo(worker.unhealthySince);

        driver.next = new HealthReport(Status.HEALTHY, Map.of("api", "ok", "c1-master-0.Ready", "True",
                "c1-worker-0.Ready", "True"), Map.of("c1-master-0", NodeHealth.healthy(), "c1-worker-0", NodeHealth.healthy()));
        checkOnce(conductor, c.uuid, 3);
        assertThat(Fixtures.reload(db, c.uuid).healthStatus).isEqualTo("HEALTHY");
        assertThat(node(c.uuid, "c1-worker-0").healthStatus).isEqualTo("HEALTHY");
        assertThat(node(c.uuid, "c1-worker-0").unhealthySince).isNull();
        assertThat(events(c.uuid)).containsSubsequence(
                "node_unhealthy: c1-worker-0 is UNHEALTHY: node is down",
                "health_unhealthy: health not checked -> UNHEALTHY: c1-worker-0 node is down",
                "node_healthy: c1-worker-0 is HEALTHY",
                "health_healthy: health UNHEALTHY -> HEALTHY");
    }

    @Test
    void aDriverThatThrowsLeavesTheClusterUnknownWithTheMessage() throws Exception {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.UPDATE_COMPLETE);
        driver.failWith = new IllegalStateException("managers unreachable: connect timed out");

        checkOnce(healthChecks("c-1", Duration.ofMillis(1)), c.uuid, 1);

        Cluster after = Fixtures.reload(db, c.uuid);
        assertThat(after.healthStatus).isEqualTo("UNKNOWN");
        assertThat(after.healthStatusReason).isEqualTo(Map.of("api", "managers unreachable: connect timed out"));
    }

    private HealthChecks healthChecks(String conductor, Duration interval) {
        DriverRegistry drivers = new DriverRegistry();
        drivers.register(driver);
        ProviderRegistry providers = new ProviderRegistry("test");
        providers.register(new TestProvider());
        HealthChecks healthChecks = new HealthChecks(new HealthSettings(interval, 4), conductor, db, drivers, providers, Map.of());
        checks.add(healthChecks);
        return healthChecks;
    }

    /**
     * Ticks until the driver was asked about the cluster {@code count} times in all, then waits for that check to
     * give up its claim, which it does after writing its report.
     */
    private void checkOnce(HealthChecks conductor, String clusterId, int count) throws Exception {
        await(() -> {
            conductor.run();
            return driver.checked.getOrDefault(clusterId, new AtomicInteger()).get() >= count;
        });
        await(() -> db.transaction(s -> s.createSelectionQuery(
                        "select h.nextCheckAt from ClusterHealthCheck h where h.clusterId = :c", Instant.class)
                .setParameter("c", clusterId).uniqueResult()).isBefore(Instant.now().plusSeconds(60)));
    }

    private static void await(BooleanSupplier done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("condition not met in time").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private void node(Cluster c, String name) {
        ClusterNode n = new ClusterNode();
        n.uuid = UUID.randomUUID().toString();
        n.clusterId = c.uuid;
        n.name = name;
        n.state = "READY";
        db.execute(s -> { s.persist(n); });
    }

    private ClusterNode node(String clusterId, String name) {
        return db.transaction(s -> s.createQuery("from ClusterNode where clusterId = :c and name = :n", ClusterNode.class)
                .setParameter("c", clusterId).setParameter("n", name).uniqueResult());
    }

    private List<String> events(String clusterId) {
        return db.transaction(s -> s.createQuery("from ClusterEvent where clusterId = :c order by id", ClusterEvent.class)
                .setParameter("c", clusterId).list()).stream().map(e -> e.kind + ": " + e.message).toList();
    }

    /** Answers health checks with whatever the test sets, counting them per cluster. */
    private static final class ReportingDriver implements ClusterDriver {
        final Map<String, AtomicInteger> checked = new ConcurrentHashMap<>();
        volatile HealthReport next = new HealthReport(Status.HEALTHY, Map.of("api", "ok"), Map.of());
        volatile RuntimeException failWith;

        @Override
        public Set<DriverKey> provides() {
            return Set.of(RecordingDriver.KEY);
        }

        @Override
        public HealthReport health(ClusterView view) {
            HealthReport report = next;
            RuntimeException failure = failWith;
            checked.computeIfAbsent(view.cluster().uuid, u -> new AtomicInteger()).incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return report;
        }

        @Override
        public void create(ClusterJob job) {
        }

        @Override
        public void resize(ClusterJob job, String nodegroupId, int nodeCount, List<String> nodesToRemove) {
        }

        @Override
        public void delete(ClusterJob job) {
        }

        @Override
        public void recover(ClusterJob job) {
        }
    }
}
