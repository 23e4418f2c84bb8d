package io.caas.provider.heat;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.api.auth.HeatPeer;
import io.caas.api.auth.KeystonePeer;
import io.caas.core.config.CaasConfig;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.secrets.SecretBox;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.testing.TestDatabase;
import io.caas.core.trust.ClusterTrust;
import io.caas.core.trust.KeystoneTrusts;
import io.caas.core.trust.SealedTrusts;
import io.caas.core.trust.TrustException;
import io.caas.core.trust.TrustSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The provider on clusters with trusts, against the real Keystone and Heat: alice's and bob's clusters, created at the
 * same time, each land in its tenant's project (Heat names the tenant the stack's owner) while one watch waits for
 * both (one list per project and tick, one GET per finished stack). Delete removes stack, trust and trustee and the
 * sealed value, and another conductor taking over a delete that stopped after the Keystone calls converges.
 */
@ExtendWith(HeatPeer.class)
class TrustedStacksTest {

    @Test
    void eachTenantsStackLivesInItsProjectAndDeleteConvergesAfterACrash() throws Exception {
        Path keyDir = Files.createTempDirectory("caas-trusted-stacks");
        KeystoneTrusts keystone = new KeystoneTrusts(TrustSettings.from(CaasConfig.empty()
                .with("keystone_authtoken", "auth_url", KeystonePeer.URL)
                .with("trust", "trustee_domain_name", "caas_trustees")
                .with("trust", "trustee_domain_admin_name", "caas_trustee_domain_admin")
                .with("trust", "trustee_domain_admin_password", "caas_trustee_domain_pass")).orElseThrow());
        ExecutorService both = Executors.newFixedThreadPool(2);
        try (TestDatabase db = TestDatabase.create()) {
            SealedTrusts sealed = new SealedTrusts(new ClusterSecrets(db.database(), SecretBox.fromKeyFile(keyDir.resolve("key"))));
            Tenant alice = Tenant.of("alice", "tenant-a", keystone, sealed, db);
            Tenant bob = Tenant.of("bob", "tenant-b", keystone, sealed, db);
            try (HeatProvider provider = new HeatProvider(HeatProviderTest.settings("environment.yaml"), Optional.empty(),
                    Optional.of(sealed), Optional.of(keystone));
                 FakeCloudInit aliceInit = new FakeCloudInit(alice.heat(), HeatProvider.stackName(alice.cluster().uuid));
                 FakeCloudInit bobInit = new FakeCloudInit(bob.heat(), HeatProvider.stackName(bob.cluster().uuid))) {
                try {
                    CompletableFuture<List<Host>> aliceHosts = create(provider, alice, both);
                    CompletableFuture<List<Host>> bobHosts = create(provider, bob, both);
                    assertThat(aliceHosts.get()).extracting(Host::name).containsExactly("alice-default-master-0");
                    assertThat(bobHosts.get()).extracting(Host::name).containsExactly("bob-default-master-0");
                    long[] calls = provider.watchCalls();
                    System.out.println("heat provider with trusts: two tenants' creates at once: watch " + calls[0]
                            + " list calls, " + calls[1] + " stack GETs");
                    assertThat(calls[1]).as("one GET per finished stack").isEqualTo(2);

                    for (Tenant tenant : List.of(alice, bob)) {
                        assertThat(tenant.heat().get("/stacks/" + HeatProvider.stackName(tenant.cluster().uuid))
                                .path("stack").path("stack_owner").asText()).isEqualTo(tenant.user());
                    }
                    assertThat(new HeatApi("bob", "bob_pass", "tenant-b").get("/stacks?name="
                            + HeatProvider.stackName(alice.cluster().uuid)).path("stacks")).as("bob's project").isEmpty();

                    provider.deleteCluster(alice.cluster().uuid);
                    assertThat(liveStacks(alice)).isEmpty();
                    assertGone(keystone, alice.trust());
                    assertThat(sealed.find(alice.cluster().uuid)).isEmpty();

                    // a conductor died after the stack and, in Keystone, bob's trust and trustee were removed, before
                    // it forgot the sealed trust: another conductor takes the delete over and converges
                    provider.deleteCluster(bob.cluster().uuid);
                    db.database().execute(session -> sealed.save(session, bob.cluster().uuid, bob.trust()));
                    try (HeatProvider takeover = new HeatProvider(HeatProviderTest.settings("environment.yaml"),
                            Optional.empty(), Optional.of(sealed), Optional.of(keystone))) {
                        takeover.deleteCluster(bob.cluster().uuid);
                        takeover.deleteCluster(bob.cluster().uuid);
                    }
                    assertGone(keystone, bob.trust());
                    assertThat(sealed.find(bob.cluster().uuid)).isEmpty();
                } finally {
                    cleanUp(keystone, alice);
                    cleanUp(keystone, bob);
                }
            }
        } finally {
            both.shutdownNow();
            new ProcessBuilder("rm", "-rf", keyDir.toString()).start().waitFor();
        }
    }

    private record Tenant(String user, String projectId, HeatApi heat, Cluster cluster, ClusterTrust trust) {
        static Tenant of(String user, String project, KeystoneTrusts keystone, SealedTrusts sealed, TestDatabase db)
                throws Exception {
            KeystonePeer.IssuedToken token = KeystonePeer.login(user, user + "_pass", project);
            Cluster cluster = new Cluster();
            cluster.uuid = UUID.randomUUID().toString();
            cluster.name = user;
            cluster.createTimeout = 12;
            // the roles of the user's token, as the API delegates them: member implies reader, and Heat redelegates
            // the implied role too (a trust of member alone makes Heat's own trust fail with 403)
            ClusterTrust trust = keystone.create(token.token(), token.userId(), token.projectId(),
                    Set.of("member", "reader"), cluster.uuid);
            db.database().execute(session -> sealed.save(session, cluster.uuid, trust));
            return new Tenant(user, token.projectId(), new HeatApi(user, user + "_pass", project), cluster, trust);
        }
    }

    private static CompletableFuture<List<Host>> create(HeatProvider provider, Tenant tenant, ExecutorService pool) {
        ClusterTemplate template = new ClusterTemplate();
        template.imageId = "debian-12";
        template.flavorId = "m1.small";
        template.externalNetworkId = "public";
        template.floatingIpEnabled = false;
        template.labels = Map.of();
        String node = tenant.user() + "-default-master-0";
        HostSpec spec = new HostSpec(tenant.cluster().uuid, node, "manager", "debian-12", "m1.small",
                "#!/usr/bin/env bash\n: caas bootstrap of " + node + "\n");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return provider.addHosts(tenant.cluster(), template, List.of(spec));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool);
    }

    private static void assertGone(KeystoneTrusts keystone, ClusterTrust trust) {
        try {
            keystone.trustScopedToken(trust);
            throw new AssertionError("the trust of " + trust + " still gives tokens");
        } catch (TrustException expected) {
            assertThat(expected.getMessage()).contains("Keystone refused the trustee " + trust.trusteeUserId());
        }
    }

    /**
     * The ids of the tenant's cluster stack Heat still lists, but for one already DELETE_COMPLETE: Heat marks the stack
     * deleted a moment before it drops it from its list, and the watch may see the mark inside that moment.
     */
    private static List<String> liveStacks(Tenant tenant) throws Exception {
        List<String> ids = new ArrayList<>();
        for (var stack : tenant.heat().get("/stacks?name=" + HeatProvider.stackName(tenant.cluster().uuid)).path("stacks")) {
            if (!"DELETE_COMPLETE".equals(stack.path("stack_status").asText())) {
                ids.add(stack.path("id").asText());
            }
        }
        return ids;
    }

    /** What a failed assertion left: the stack as the tenant, then trust and trustee (deleting twice is fine). */
    private static void cleanUp(KeystoneTrusts keystone, Tenant tenant) throws Exception {
        try {
            for (String id : liveStacks(tenant)) {
                tenant.heat().delete("/stacks/" + HeatProvider.stackName(tenant.cluster().uuid) + "/" + id);
            }
        } finally {
            keystone.delete(tenant.trust());
        }
    }
}
