package io.caas.provider.heat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.auth.HeatPeer;
import io.caas.api.auth.KeystonePeer;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.spi.HostState;
import io.caas.core.spi.ProviderException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The heat provider against the real Heat and Keystone of scripts/heat-peer.sh, with the production templates of
 * heat-templates/ and a test environment that maps Nova, Neutron, Octavia and Cinder onto OS::Heat::TestResource
 * facades. Each server's user data runs as cloud-init would (FakeCloudInit), so the boot wait conditions are
 * signalled by the boot-signal fragment itself.
 */
@ExtendWith(HeatPeer.class)
class HeatProviderTest {

    @Test
    void createScaleUpRemoveRefillAndDeleteKeepTheStackInStepWithCaasNodeNames() throws Exception {
        HeatApi heat = new HeatApi();
        Cluster cluster = cluster("Heat Test");
        String m0 = "heat-test-default-master-0";
        String w = "heat-test-default-worker-";
        try (HeatProvider provider = new HeatProvider(settings("environment.yaml"));
             FakeCloudInit cloudInit = new FakeCloudInit(heat, HeatProvider.stackName(cluster.uuid));
             StackObserver observer = new StackObserver(heat, HeatProvider.stackName(cluster.uuid))) {
            try {
                exercise(provider, cloudInit, observer, heat, cluster, m0, w);
            } finally {
                provider.deleteCluster(cluster.uuid);
            }
        }
    }

    private static void exercise(HeatProvider provider, FakeCloudInit cloudInit, StackObserver observer, HeatApi heat,
                                 Cluster cluster, String m0, String w) throws Exception {
        List<StackObserver.Span> spans = new ArrayList<>();
        List<StackTiming> timings = new CopyOnWriteArrayList<>();
        provider.onStackEnded(timings::add);
        Instant started = Instant.now();
        List<Host> created = provider.addHosts(cluster, template(), List.of(
                spec(cluster, m0, "manager"), spec(cluster, w + 0, "worker"), spec(cluster, w + 1, "worker")));
        spans.add(observer.span("create 3 nodes", last(timings), started, Instant.now()));

        assertThat(created).extracting(Host::name).containsExactly(m0, w + 0, w + 1);
        assertThat(created).allSatisfy(host -> {
            assertThat(host.address()).matches("10\\.0\\.[0-9]{1,3}\\.[0-9]{1,3}");
            assertThat(host.id()).isNotBlank();
            assertThat(provider.state(cluster.uuid, host)).isEqualTo(HostState.RUNNING);
        });
        assertThat(provider.ensureLoadBalancer(cluster.uuid, 2376, List.of())).isEqualTo("203.0.113.10:2376");
        // what Heat handed each server: the boot signal, then caas's bootstrap for exactly that node
        assertThat(cloudInit.userData()).containsOnlyKeys(m0, w + 0, w + 1);
        cloudInit.userData().forEach((server, userData) -> {
            assertThat(userData).startsWith("#!/bin/bash").contains("X-Auth-Token: ").contains("/signal")
                    .endsWith(bootstrapOf(server));
            assertThat(userData).doesNotContain("@BOOT_SIGNAL@");
        });
        assertThat(cloudInit.exits()).containsOnly(Map.entry(m0, 0), Map.entry(w + 0, 0), Map.entry(w + 1, 0));
        JsonNode parameters = stack(heat, cluster).path("parameters");
        assertThat(parameters.path("availability_zone").asText()).isEqualTo("az-1");
        assertThat(parameters.path("docker_volume_type").asText()).isEqualTo("fast");
        assertThat(parameters.path("docker_volume_size").asText()).isEqualTo("5");
        assertThat(stack(heat, cluster).path("timeout_mins").asInt()).isEqualTo(12);
        String stackId = stack(heat, cluster).path("id").asText();
        assertThat(stackId).isNotBlank();
        assertThat(provider.stackId(cluster.uuid)).contains(stackId);
        Map<String, String> ids = ids(provider.hosts(cluster.uuid));

        started = Instant.now();
        List<Host> added = provider.addHosts(cluster, template(), List.of(spec(cluster, w + 2, "worker")));
        spans.add(observer.span("scale up +1", last(timings), started, Instant.now()));
        assertThat(added).extracting(Host::name).containsExactly(w + 2);
        assertThat(ids(provider.hosts(cluster.uuid))).containsAllEntriesOf(ids).containsKey(w + 2);

        Host leaving = provider.hosts(cluster.uuid).stream().filter(h -> h.name().equals(w + 1)).findFirst().orElseThrow();
        started = Instant.now();
        provider.removeHost(cluster.uuid, leaving);
        spans.add(observer.span("remove 1", last(timings), started, Instant.now()));
        assertThat(provider.hosts(cluster.uuid)).extracting(Host::name).containsExactlyInAnyOrder(m0, w + 0, w + 2);
        assertThat(stack(heat, cluster).path("parameters").path("node_removal_indices").asText()).isEqualTo("1");
        assertThat(provider.state(cluster.uuid, leaving)).isEqualTo(HostState.GONE);

        // caas refills the lowest free index; Heat must name the new member 1 again, not 3
        provider.addHosts(cluster, template(), List.of(spec(cluster, w + 1, "worker")));
        Map<String, String> after = ids(provider.hosts(cluster.uuid));
        assertThat(after).containsOnlyKeys(m0, w + 0, w + 1, w + 2);
        assertThat(after.get(w + 1)).isNotEqualTo(ids.get(w + 1));
        assertThat(after.get(w + 2)).isEqualTo(ids(added).get(w + 2));

        started = Instant.now();
        provider.deleteCluster(cluster.uuid);
        spans.add(observer.span("delete", last(timings), started, Instant.now()));
        assertThat(provider.hosts(cluster.uuid)).isEmpty();
        assertThat(provider.stackId(cluster.uuid)).isEmpty();

        long[] calls = provider.watchCalls();
        System.out.println(OverheadReport.describe(spans, calls[0], calls[1], 5));
        // one GET per operation once its stack left the IN_PROGRESS list (a few more for a just-started update)
        assertThat(calls[1]).isLessThanOrEqualTo(5 * 3);
    }

    @Test
    void aFailingServerFailsTheCreateWithHeatsReasonForThatResource() throws Exception {
        Cluster cluster = cluster("failing");
        try (HeatProvider provider = new HeatProvider(settings("environment-failing-servers.yaml"))) {
            try {
                assertThatThrownBy(() -> provider.addHosts(cluster, template(),
                        List.of(spec(cluster, "failing-default-master-0", "manager"))))
                        .isInstanceOf(ProviderException.class)
                        .hasMessageContaining("CREATE_FAILED")
                        .hasMessageContaining("(OS::Heat::TestResource) failed: ValueError: resources.server: Test Resource failed server");
                // the driver's checks see the node's host as FAILED and fail the cluster with the reason above
                assertThat(provider.state(cluster.uuid, new Host("x", "failing-default-master-0", null)))
                        .isEqualTo(HostState.FAILED);
                assertThat(provider.hosts(cluster.uuid)).allSatisfy(host ->
                        assertThat(provider.state(cluster.uuid, host)).isEqualTo(HostState.FAILED));
                assertThat(provider.stackId(cluster.uuid)).contains(stack(new HeatApi(), cluster).path("id").asText());

                // another conductor deleted the stack meanwhile: the stack this one last saw is gone by its id, and
                // by its name too, so deleting again is done at once
                try (HeatProvider other = new HeatProvider(settings("environment-failing-servers.yaml"))) {
                    other.deleteCluster(cluster.uuid);
                }
                provider.deleteCluster(cluster.uuid);
                assertThat(provider.stackId(cluster.uuid)).isEmpty();
            } finally {
                provider.deleteCluster(cluster.uuid);
            }
        }
    }

    static StackTiming last(List<StackTiming> timings) {
        return timings.get(timings.size() - 1);
    }

    private static Map<String, String> ids(List<Host> hosts) {
        return hosts.stream().collect(Collectors.toMap(Host::name, Host::id));
    }

    private static JsonNode stack(HeatApi heat, Cluster cluster) throws Exception {
        return heat.get("/stacks/" + HeatProvider.stackName(cluster.uuid)).path("stack");
    }

    private static String bootstrapOf(String node) {
        return "#!/usr/bin/env bash\n: caas bootstrap of " + node + "\n";
    }

    static HostSpec spec(Cluster cluster, String name, String role) {
        return new HostSpec(cluster.uuid, name, role, "debian-12", "m1.small", bootstrapOf(name));
    }

    static Cluster cluster(String name) {
        Cluster cluster = new Cluster();
        cluster.uuid = UUID.randomUUID().toString();
        cluster.name = name;
        cluster.createTimeout = 12;
        cluster.masterLbEnabled = true;
        cluster.dockerVolumeSize = 5;
        cluster.labels = Map.of("availability_zone", "az-1");
        return cluster;
    }

    static ClusterTemplate template() {
        ClusterTemplate template = new ClusterTemplate();
        template.imageId = "debian-12";
        template.flavorId = "m1.small";
        template.externalNetworkId = "public";
        template.floatingIpEnabled = false;
        template.labels = Map.of("docker_volume_type", "fast", "availability_zone", "az-template");
        return template;
    }

    static HeatSettings settings(String environment) throws URISyntaxException {
        Path file = Path.of(HeatProviderTest.class.getResource("test-cloud/" + environment).toURI());
        return new HeatSettings(KeystonePeer.URL, "caas", "caas_pass", "Default", "service", "Default", "RegionOne",
                "127.0.0.1", Duration.ofMillis(500), Optional.of(file));
    }
}
