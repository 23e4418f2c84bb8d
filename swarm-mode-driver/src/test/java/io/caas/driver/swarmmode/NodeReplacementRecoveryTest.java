package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling upgrade that stops half-way (its conductor lost the lease right after the first node was replaced) is
 * finished by recover() from what is on record: the node already replaced is not replaced again, the one caught
 * mid-way is, and the swarm ends with every node Ready on fresh hosts. On namespace hosts, like SwarmModeDriverTest:
 * one manager and a non-default nodegroup of two workers, upgraded one at a time.
 */
class NodeReplacementRecoveryTest {
    private static final String UUID = "5e0c7a1d-3b2f-4c6a-9d8e-1f2a3b4c5d6e";
    @RegisterExtension
    static final DriverTestBed bed = new DriverTestBed(UUID);


    @Test
    void anUpgradeStoppedAfterItsFirstReplacementIsFinishedByRecoverWithoutReplacingThatNodeAgain() throws Exception {
        Instant deadline = Instant.now().plusSeconds(150);
        AtomicBoolean leaseLost = new AtomicBoolean();
        InMemoryClusterJob[] holder = new InMemoryClusterJob[1];
        InMemoryClusterJob job = job(() -> Instant.now().isAfter(deadline)
                || (leaseLost.get() && holder[0].events.stream().anyMatch(e -> e.startsWith("node_replaced: "))));
        holder[0] = job;
        SwarmModeDriver driver = new SwarmModeDriver();
        driver.create(job);
        assertThat(bed.provider.hostsCreated()).isEqualTo(3);

        job.operation.action = "upgrade";
        job.operation.createdAt = Instant.now();
        job.operation.arguments = "{\"cluster_template\":\"" + job.template.uuid + "\",\"max_batch_size\":1,\"nodegroup\":\"ng-x\"}";
        leaseLost.set(true);
        assertThatThrownBy(() -> driver.upgrade(job, job.template, 1, "ng-x")).isInstanceOf(SwarmDriverException.class);
        assertThat(job.events).filteredOn(e -> e.startsWith("node_replaced: ")).hasSize(1);

        leaseLost.set(false);
        driver.recover(job);

        assertThat(job.events).filteredOn(e -> e.startsWith("node_replaced: ")).hasSize(2)
                .anyMatch(e -> e.startsWith("node_replaced: e2e-extra-0 replaced"))
                .anyMatch(e -> e.startsWith("node_replaced: e2e-extra-1 replaced"));
        assertThat(bed.provider.hostsCreated()).as("one new host per worker, the second launched once").isEqualTo(5);
        assertThat(job.nodes()).extracting(n -> n.name + " " + n.state).containsExactly(
                "e2e-default-master-0 READY", "e2e-extra-0 READY", "e2e-extra-1 READY");
        EngineClient tenant = EngineClient.connect(job.cluster.masterAddresses.get(0) + ":2376",
                bed.caas.pki.issue("CN=tenant", List.of(), KeyPurposeId.id_kp_clientAuth), bed.caas.pki.rootPem());
        assertThat(tenant.nodes()).hasSize(3).allSatisfy(node -> assertThat(node.state()).isEqualTo("ready"));
        assertThat(job.cluster.nodeAddresses).hasSize(2);
    }

    private InMemoryClusterJob job(java.util.function.BooleanSupplier stop) {
        Cluster cluster = new Cluster();
        cluster.uuid = UUID;
        cluster.name = "e2e";
        cluster.masterLbEnabled = false;
        ClusterTemplate template = new ClusterTemplate();
        template.uuid = "tpl-1";
        template.name = "same";
        template.imageId = "debian";
        template.flavorId = "host";
        List<NodeGroup> groups = List.of(FakeCaas.nodeGroup("ng-m", "default-master", "master", 1, true),
                FakeCaas.nodeGroup("ng-w", "default-worker", "worker", 0, true), FakeCaas.nodeGroup("ng-x", "extra", "worker", 2, false));
        return bed.caas.serveNewJob(cluster, template, groups, bed.provider, new InMemoryUnlockKeys(), stop);
    }
}
