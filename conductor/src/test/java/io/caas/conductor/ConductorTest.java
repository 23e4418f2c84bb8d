package io.caas.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.ConductorService;
import io.caas.core.model.NodeGroup;
import io.caas.core.persistence.Database;
import io.caas.core.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConductorTest {
    private TestDatabase test;
    private Database db;
    private RecordingDriver driver;
    private TestProvider provider;
    private final List<ClusterOperation> republished = new CopyOnWriteArrayList<>();
    private final List<Conductor> conductors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        test = TestDatabase.create();
        db = test.database();
        driver = new RecordingDriver();
        provider = new TestProvider();
    }

    @AfterEach
    void tearDown() {
        conductors.forEach(Conductor::close);
        test.close();
    }

    private Conductor conductor(String host) {
        DriverRegistry drivers = new DriverRegistry();
        drivers.register(driver);
        ProviderRegistry providers = new ProviderRegistry("test");
        providers.register(provider);
        ConductorSettings settings = new ConductorSettings(host, Duration.ofSeconds(10), Duration.ofSeconds(3),
                Duration.ofSeconds(3600), Duration.ofSeconds(0));
        Conductor conductor = new Conductor(settings, db, drivers, providers, new DriverServices(), republished::add);
        conductors.add(conductor);
        return conductor;
    }

    @Test
    void aCreateEndsCompleteWithWhatTheDriverFilledIn() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.CREATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "create", null);

        conductor("c-1").runner().run(op.uuid, op.requestId);

        Cluster after = Fixtures.reload(db, c.uuid);
        assertThat(after.status).isEqualTo(ClusterStatus.CREATE_COMPLETE);
        assertThat(after.apiAddress).isEqualTo("tcp://198.18.0.10:2376");
        assertThat(after.conductor).as("lease released").isNull();
        assertThat(Fixtures.reloadOp(db, op.uuid).state).isEqualTo(ClusterOperation.State.DONE);
    }

    @Test
    void aFailingDriverLeavesCreateFailedWithItsReason() {
        driver.failWith = new IllegalStateException("node c1-master-0: engine did not start within 60 s");
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.CREATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "create", null);

        conductor("c-1").runner().run(op.uuid, op.requestId);

        Cluster after = Fixtures.reload(db, c.uuid);
        assertThat(after.status).isEqualTo(ClusterStatus.CREATE_FAILED);
        assertThat(after.statusReason).isEqualTo("node c1-master-0: engine did not start within 60 s");
        assertThat(Fixtures.reloadOp(db, op.uuid).state).isEqualTo(ClusterOperation.State.FAILED);
    }

    @Test
    void aClusterTypeWithoutDriverFailsWithAClearReason() {
        ClusterTemplate t = Fixtures.template(db, "fedora-coreos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.CREATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "create", null);

        conductor("c-1").runner().run(op.uuid, op.requestId);

        Cluster after = Fixtures.reload(db, c.uuid);
        assertThat(after.status).isEqualTo(ClusterStatus.CREATE_FAILED);
        assertThat(after.statusReason).contains("No driver for cluster type (vm, fedora-coreos, swarm-mode)");
    }

    @Test
    void aDeleteRemovesTheClusterEvenWithoutADriver() {
        ClusterTemplate t = Fixtures.template(db, "fedora-coreos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.DELETE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "delete", null);

        conductor("c-1").runner().run(op.uuid, op.requestId);

        assertThat(Fixtures.reload(db, c.uuid)).isNull();
        assertThat(provider.deletedClusters).containsExactly(c.uuid);
        assertThat(Fixtures.reloadOp(db, op.uuid).state).isEqualTo(ClusterOperation.State.DONE);
    }

    @Test
    void resizeArgumentsReachTheDriver() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.UPDATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "resize",
                "{\"nodegroup\":\"ng-1\",\"node_count\":4,\"nodes_to_remove\":[\"w-2\"]}");

        conductor("c-1").runner().run(op.uuid, op.requestId);

        assertThat(driver.calls).containsExactly("resize ng-1 4 [w-2]");
        assertThat(Fixtures.reload(db, c.uuid).status).isEqualTo(ClusterStatus.UPDATE_COMPLETE);
    }

    @Test
    void rotationsReachTheDriverAndCompleteTheUpdate() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.UPDATE_IN_PROGRESS);
        ClusterOperation ca = Fixtures.operation(db, c, "rotate_ca", "{}");
        ClusterOperation tokens = Fixtures.operation(db, c, "rotate_join_tokens", "{\"role\":\"worker\"}");

        conductor("c-1").runner().run(ca.uuid, ca.requestId);
        conductor("c-1").runner().run(tokens.uuid, tokens.requestId);

        assertThat(driver.calls).containsExactly("rotateCa " + c.uuid, "rotateJoinTokens worker");
        assertThat(Fixtures.reload(db, c.uuid).status).isEqualTo(ClusterStatus.UPDATE_COMPLETE);
        assertThat(Fixtures.reloadOp(db, tokens.uuid).state).isEqualTo(ClusterOperation.State.DONE);
    }

    @Test
    void twoConductorsGivenTheSameOperationRunItOnce() throws Exception {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.CREATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "create", null);
        driver.holdCreate = new CountDownLatch(1);
        Conductor a = conductor("c-a");
        Conductor b = conductor("c-b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> a.runner().run(op.uuid, op.requestId));
            var second = pool.submit(() -> b.runner().run(op.uuid, op.requestId));
            // whichever lost the lease returns at once; the winner is held inside the driver
            while (!first.isDone() && !second.isDone()) {
                Thread.sleep(20);
            }
            driver.holdCreate.countDown();
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(driver.calls).containsExactly("create " + c.uuid);
        assertThat(Fixtures.reload(db, c.uuid).status).isEqualTo(ClusterStatus.CREATE_COMPLETE);
    }

    @Test
    void anOperationLeftRunningByADeadConductorIsRecoveredByASurvivor() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.CREATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "create", null);
        db.execute(s -> {
            s.createMutationQuery("update ClusterOperation set state = :r where uuid = :u")
                    .setParameter("r", ClusterOperation.State.RUNNING).setParameter("u", op.uuid).executeUpdate();
            s.createMutationQuery("update Cluster set conductor = 'dead', leaseUntil = :past where uuid = :u")
                    .setParameter("past", Instant.now().minusSeconds(5)).setParameter("u", c.uuid).executeUpdate();
        });

        conductor("survivor").sweepNow();

        assertThat(driver.calls).containsExactly("recover " + c.uuid + " create");
        assertThat(Fixtures.reload(db, c.uuid).status).isEqualTo(ClusterStatus.CREATE_COMPLETE);
        assertThat(Fixtures.reloadOp(db, op.uuid).state).isEqualTo(ClusterOperation.State.DONE);
    }

    @Test
    void aLiveLeaseIsNotTakenOver() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.CREATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "create", null);
        db.execute(s -> s.createMutationQuery("update Cluster set conductor = 'busy', leaseUntil = :future where uuid = :u")
                .setParameter("future", Instant.now().plusSeconds(60)).setParameter("u", c.uuid).executeUpdate());

        conductor("c-1").runner().run(op.uuid, op.requestId);

        assertThat(driver.calls).isEmpty();
        assertThat(Fixtures.reloadOp(db, op.uuid).state).isEqualTo(ClusterOperation.State.PENDING);
    }

    @Test
    void pendingOperationsAreRepublishedBySweeping() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.CREATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "create", null);

        conductor("c-1").sweepNow();

        assertThat(republished).extracting(o -> o.uuid).containsExactly(op.uuid);
    }

    @Test
    void theHeartbeatRegistersTheConductorAsAMagnumService() {
        conductor("c-beat").start();

        ConductorService row = db.transaction(s -> s.createQuery("from ConductorService where host = 'c-beat'",
                ConductorService.class).getSingleResult());
        assertThat(row.binary).isEqualTo("magnum-conductor");
        assertThat(row.reportCount).isEqualTo(1);
    }

    @Test
    void aHealthOnlyUpdateCompletesWithoutTouchingHosts() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.UPDATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "update", "{\"health_status\":\"HEALTHY\"}");

        conductor("c-1").runner().run(op.uuid, op.requestId);

        assertThat(driver.calls).isEmpty();
        assertThat(Fixtures.reload(db, c.uuid).status).isEqualTo(ClusterStatus.UPDATE_COMPLETE);
        assertThat(Fixtures.reloadOp(db, op.uuid).state).isEqualTo(ClusterOperation.State.DONE);
    }

    @Test
    void deletingANodegroupConvergesItToZeroThenRemovesIt() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.UPDATE_IN_PROGRESS);
        NodeGroup extra = Fixtures.nodegroup(db, c, "extra", 2);
        ClusterOperation op = Fixtures.operation(db, c, "delete_nodegroup", "{\"nodegroup\":\"" + extra.uuid + "\"}");

        conductor("c-1").runner().run(op.uuid, op.requestId);

        assertThat(driver.calls).containsExactly("resize " + extra.uuid + " 0 []");
        List<NodeGroup> left = db.transaction(s -> s.createQuery("from NodeGroup where uuid = :u", NodeGroup.class)
                .setParameter("u", extra.uuid).list());
        assertThat(left).isEmpty();
        assertThat(Fixtures.reload(db, c.uuid).status).isEqualTo(ClusterStatus.UPDATE_COMPLETE);
    }

    @Test
    void aNewNodegroupIsBuiltToItsCountAndMarkedComplete() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.UPDATE_IN_PROGRESS);
        NodeGroup extra = Fixtures.nodegroup(db, c, "extra", 3);
        ClusterOperation op = Fixtures.operation(db, c, "create_nodegroup", "{\"nodegroup\":\"" + extra.uuid + "\"}");

        conductor("c-1").runner().run(op.uuid, op.requestId);

        assertThat(driver.calls).containsExactly("resize " + extra.uuid + " 3 []");
        String status = db.transaction(s -> s.createQuery("select status from NodeGroup where uuid = :u", String.class)
                .setParameter("u", extra.uuid).getSingleResult());
        assertThat(status).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void anOperationThisConductorDoesNotKnowEndsFailedInsteadOfLoopingInRecovery() {
        ClusterTemplate t = Fixtures.template(db, "testos");
        Cluster c = Fixtures.cluster(db, t, ClusterStatus.UPDATE_IN_PROGRESS);
        ClusterOperation op = Fixtures.operation(db, c, "teleport", null);

        conductor("c-1").runner().run(op.uuid, op.requestId);

        ClusterOperation after = Fixtures.reloadOp(db, op.uuid);
        assertThat(after.state).isEqualTo(ClusterOperation.State.FAILED);
        assertThat(after.result).contains("does not know the 'teleport' operation");
        assertThat(driver.calls).isEmpty();
    }
}
