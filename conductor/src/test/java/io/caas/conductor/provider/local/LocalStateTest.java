package io.caas.conductor.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.spi.ProviderException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {
    @TempDir
    Path stateDir;

    @Test
    void eachClusterGetsItsOwnSubnetAndKeepsItAcrossRestarts() throws ProviderException {
        LocalState state = new LocalState(stateDir);
        ClusterRecord first = state.ensureCluster("cluster-a", Set.of("198.18.0"));
        ClusterRecord second = state.ensureCluster("cluster-b", Set.of("198.18.0"));

        assertThat(first.subnet()).isEqualTo("198.18.1");
        assertThat(second.subnet()).isEqualTo("198.18.2");
        LocalState restarted = new LocalState(stateDir);
        assertThat(restarted.ensureCluster("cluster-a", Set.of())).isEqualTo(first);
        assertThat(restarted.findCluster("cluster-b")).contains(second);
    }

    @Test
    void hostsGetFreshIdsAndTheLowestFreeAddress() throws ProviderException {
        LocalState state = new LocalState(stateDir);
        ClusterRecord cluster = state.ensureCluster("cluster-a", Set.of());
        HostRecord one = state.allocateHost(cluster, "node-1", "manager", null, null);
        HostRecord two = state.allocateHost(cluster, "node-2", "worker", null, null);
        assertThat(one.address()).isEqualTo(cluster.subnet() + ".11");
        assertThat(two.address()).isEqualTo(cluster.subnet() + ".12");

        java.nio.file.Path oneDir = state.hostDir(cluster, one);
        org.assertj.core.util.Files.delete(oneDir.toFile());
        HostRecord three = state.allocateHost(cluster, "node-3", "worker", null, null);

        assertThat(three.address()).isEqualTo(one.address());
        assertThat(three.id()).isNotEqualTo(one.id()).isNotEqualTo(two.id());
        assertThat(new LocalState(stateDir).hosts(cluster)).containsExactly(two, three);
    }

    @Test
    void aSecondHostWithTheSameNameIsRefused() throws ProviderException {
        LocalState state = new LocalState(stateDir);
        ClusterRecord cluster = state.ensureCluster("cluster-a", Set.of());
        state.allocateHost(cluster, "node-1", "manager", null, null);
        assertThatThrownBy(() -> state.allocateHost(cluster, "node-1", "worker", null, null))
                .isInstanceOf(ProviderException.class).hasMessageContaining("already has a host named node-1");
    }
}
