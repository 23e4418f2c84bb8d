package io.caas.conductor;

import io.caas.core.spi.ClusterDriver;
import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.DriverKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A driver that records what the conductor asked of it; the conductor's logic is what is under test. */
final class RecordingDriver implements ClusterDriver {
    static final DriverKey KEY = new DriverKey("vm", "testos", "swarm-mode");

    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile RuntimeException failWith;
    volatile CountDownLatch holdCreate;

    @Override
    public java.util.Set<DriverKey> provides() {
        return java.util.Set.of(KEY);
    }

    @Override
    public void create(ClusterJob job) throws Exception {
        calls.add("create " + job.operation().clusterId);
        if (holdCreate != null) {
            holdCreate.await();
        }
        if (failWith != null) {
            throw failWith;
        }
        job.updateCluster(c -> c.apiAddress = "tcp://198.18.0.10:2376");
    }

    @Override
    public void resize(ClusterJob job, String nodegroupId, int nodeCount, List<String> nodesToRemove) {
        calls.add("resize " + nodegroupId + " " + nodeCount + " " + nodesToRemove);
    }

    @Override
    public void delete(ClusterJob job) {
        calls.add("delete " + job.operation().clusterId);
    }

    @Override
    public void rotateCa(ClusterJob job) {
        calls.add("rotateCa " + job.operation().clusterId);
    }

    @Override
    public void rotateJoinTokens(ClusterJob job, String role) {
        calls.add("rotateJoinTokens " + role);
    }

    @Override
    public void recover(ClusterJob job) {
        calls.add("recover " + job.operation().clusterId + " " + job.operation().action);
    }
}
