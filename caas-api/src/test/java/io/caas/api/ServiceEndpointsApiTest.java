package io.caas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.Reply;
import io.caas.api.web.Json;
import io.caas.core.model.ConductorService;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.IssuedCertificateRecord;
import io.caas.core.pki.Chains;
import io.caas.core.pki.Pem;
import io.caas.core.pki.TestCsrs;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Certificates, quotas, stats, mservices and the legacy bays/baymodels names. */
class ServiceEndpointsApiTest {
    private ApiFixture api;
    private String template;

    @BeforeEach
    void start() {
        api = new ApiFixture(ApiFixture.headerCallers());
        template = api.template("swarm");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void certificatesServeTheClusterRootAndSignCsrsForTheOwnerOnly() throws Exception {
        api.as("p1", "u1");
        String shared = api.post("/v1/clustertemplates", "{\"coe\":\"swarm-mode\",\"image_id\":\"fedora-atomic-27\"}")
                .json().get("uuid").asText();
        String uuid = api.cluster("c1", shared);
        JsonNode ca = api.get("/v1/certificates/c1").json();
        assertThat(ca.get("cluster_uuid").asText()).isEqualTo(uuid);
        assertThat(ca.get("bay_uuid").asText()).isEqualTo(uuid);
        X509Certificate root = Pem.certificate(ca.get("pem").asText());
        assertThat(ca.get("pem").asText()).isEqualTo(api.caStore.current(uuid).orElseThrow().certificatePem());
        assertThat(root.getSubjectX500Principal().getName()).contains(uuid);
        assertThat(ca.get("links").get(0).get("href").asText()).isEqualTo(api.url() + "/v1/certificates/" + uuid);
        String csr = TestCsrs.csr(TestCsrs.keyPair("RSA", 2048), new X500Name("CN=admin,O=system:masters"));
        Reply signed = api.post("/v1/certificates", "{\"cluster_uuid\":\"" + uuid + "\",\"csr\":"
                + Json.MAPPER.writeValueAsString(csr) + "}");
        assertThat(signed.status()).isEqualTo(201);
        X509Certificate client = Pem.certificate(signed.json().get("pem").asText());
        Chains.verify(root, Instant.now(), client);
        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(client.getNotAfter().toInstant()).isBefore(Instant.now().plus(Duration.ofDays(31)));
        assertThat(signed.json().get("csr").asText()).isEqualTo(csr);
        List<IssuedCertificateRecord> issued = api.db.database().transaction(s -> s.createSelectionQuery(
                "from IssuedCertificateRecord", IssuedCertificateRecord.class).getResultList());
        assertThat(issued).extracting(r -> r.clusterId, r -> r.serial, r -> r.commonName)
                .containsExactly(tuple(uuid, client.getSerialNumber().toString(16), "admin"));
        assertThat(api.post("/v1/certificates", "{\"cluster_uuid\":\"" + uuid + "\",\"csr\":\"junk\"}").detail())
                .isEqualTo("Received invalid csr junk.");
        int operations = api.sink.submitted.size();
        Reply early = api.patch("/v1/certificates/" + uuid, null);
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.detail()).isEqualTo("Cluster " + uuid + " is CREATE_IN_PROGRESS: no swarm runs on its CA to"
                + " rotate; rotate the CA of a cluster that has come up (CREATE_COMPLETE or after).");
        assertThat(api.sink.submitted).hasSize(operations);
        api.db.database().execute(s -> s.createMutationQuery("update Cluster c set c.status = :done, c.swarmClusterId = 'swarm1'"
                + " where c.uuid = :u").setParameter("done", ClusterStatus.CREATE_COMPLETE).setParameter("u", uuid).executeUpdate());
        Reply rotated = api.patch("/v1/certificates/" + uuid, null);
        assertThat(rotated.status()).isEqualTo(202);
        assertThat(rotated.json().get("uuid").asText()).isEqualTo(uuid);
        assertThat(api.sink.submitted).hasSize(operations + 1);
        assertThat(api.sink.submitted.get(operations).action).isEqualTo("rotate_ca");
        assertThat(api.get("/v1/clusters/" + uuid).json().get("status").asText()).isEqualTo("UPDATE_IN_PROGRESS");
        assertThat(api.get("/v1/certificates/" + uuid).json().get("pem").asText()).isEqualTo(ca.get("pem").asText());
        assertThat(api.get("/v1/certificates/" + uuid, "X-User-Id", "u9").status()).isEqualTo(403);
        assertThat(api.get("/v1/certificates/" + uuid, "X-User-Id", "u9").detail())
                .isEqualTo("Policy doesn't allow certificate:get to be performed.");
        assertThat(api.as("p2", "u2").get("/v1/certificates/" + uuid).status()).isEqualTo(404);
        assertThat(api.post("/v1/certificates", "{\"cluster_uuid\":\"" + uuid + "\",\"csr\":"
                + Json.MAPPER.writeValueAsString(csr) + "}").status()).isEqualTo(400);
    }

    @Test
    void quotasAreAdminManagedWithADefaultOfTwenty() {
        Reply created = api.post("/v1/quotas", "{\"project_id\":\"p1\",\"resource\":\"Cluster\",\"hard_limit\":5}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode quota = created.json();
        assertThat(quota.get("hard_limit").asInt()).isEqualTo(5);
        assertThat(quota.get("project_id").asText()).isEqualTo("p1");
        assertThat(quota.get("resource").asText()).isEqualTo("Cluster");
        assertThat(quota.get("id").asLong()).isPositive();
        assertThat(api.post("/v1/quotas", "{\"project_id\":\"p1\",\"resource\":\"Cluster\",\"hard_limit\":5}").detail())
                .isEqualTo("Quota for project p1 already exists for resource Cluster.");
        Reply patched = api.patch("/v1/quotas/p1/Cluster", "{\"hard_limit\":10}");
        assertThat(patched.status()).isEqualTo(202);
        assertThat(patched.json().get("hard_limit").asInt()).isEqualTo(10);
        assertThat(api.get("/v1/quotas/p1/Cluster").json().get("hard_limit").asInt()).isEqualTo(10);
        assertThat(api.get("/v1/quotas/p9/Cluster").json().get("hard_limit").asInt()).isEqualTo(20);
        assertThat(api.get("/v1/quotas?all_tenants=true").json().get("quotas").findValuesAsText("project_id"))
                .containsExactly("p1");
        Reply tenant = api.as("p1", "u1").patch("/v1/quotas/p1/Cluster", "{\"hard_limit\":99}");
        assertThat(tenant.status()).isEqualTo(403);
        assertThat(tenant.detail()).isEqualTo("Policy doesn't allow quota:update to be performed.");
        assertThat(api.get("/v1/quotas/p1/Cluster").json().get("hard_limit").asInt()).isEqualTo(10);
        assertThat(api.get("/v1/quotas/p2/Cluster").detail()).isEqualTo("Not authorized.");
        assertThat(api.asAdmin().delete("/v1/quotas/p1/Cluster").status()).isEqualTo(204);
        assertThat(api.delete("/v1/quotas/p1/Cluster").detail())
                .isEqualTo("Quota could not be found: project_id p1 resource Cluster.");
        assertThat(api.post("/v1/quotas", "{\"hard_limit\":5}").detail()).isEqualTo("Must provide a valid project ID.");
    }

    @Test
    void statsCountClustersAndNodesOfAProject() {
        api.post("/v1/clusters", "{\"cluster_template_id\":\"" + template + "\",\"node_count\":3}");
        api.post("/v1/clusters", "{\"cluster_template_id\":\"" + template + "\",\"node_count\":1}");
        JsonNode stats = api.get("/v1/stats?project_id=default&type=cluster").json();
        assertThat(stats.get("clusters").asInt()).isEqualTo(2);
        assertThat(stats.get("nodes").asInt()).isEqualTo(6);
        assertThat(api.get("/v1/stats?type=pods").detail()).isEqualTo("Invalid stats type. Allowed values are 'cluster'");
        assertThat(api.as("p2", "u2").get("/v1/stats").json().get("clusters").asInt()).isZero();
        assertThat(api.get("/v1/stats?project_id=default").detail()).isEqualTo("Not authorized.");
    }

    @Test
    void mservicesAreUpOnlyWhileTheirHeartbeatIsFresh() {
        api.db.database().execute(s -> {
            s.persist(service("fresh", Instant.now()));
            s.persist(service("stale", Instant.now().minusSeconds(600)));
        });
        JsonNode services = api.get("/v1/mservices").json().get("mservices");
        assertThat(services.findValuesAsText("host")).containsExactly("fresh", "stale");
        assertThat(services.findValuesAsText("state")).containsExactly("up", "down");
        assertThat(services.get(0).get("binary").asText()).isEqualTo("magnum-conductor");
        assertThat(services.get(0).get("report_count").asInt()).isEqualTo(4);
        assertThat(services.get(0).get("disabled").asBoolean()).isFalse();
        Reply tenant = api.as("p1", "u1").get("/v1/mservices");
        assertThat(tenant.status()).isEqualTo(403);
        assertThat(tenant.detail()).isEqualTo("Policy doesn't allow magnum-service:get_all to be performed.");
    }

    private static ConductorService service(String host, Instant heartbeat) {
        ConductorService s = new ConductorService();
        s.host = host;
        s.binary = "magnum-conductor";
        s.reportCount = 4;
        s.createdAt = heartbeat;
        s.updatedAt = heartbeat;
        return s;
    }

    @Test
    void baysAndBaymodelsMirrorClustersAndTemplatesWithRenamedFields() {
        JsonNode baymodels = api.get("/v1/baymodels").json().get("baymodels");
        assertThat(baymodels.get(0).get("uuid").asText()).isEqualTo(template);
        assertThat(baymodels.get(0).get("links").get(0).get("href").asText()).isEqualTo(api.url() + "/v1/baymodels/" + template);
        Reply created = api.post("/v1/bays", "{\"name\":\"b1\",\"baymodel_id\":\"swarm\",\"bay_create_timeout\":30}");
        assertThat(created.status()).isEqualTo(202);
        JsonNode bay = api.get("/v1/bays/b1").json();
        assertThat(bay.get("baymodel_id").asText()).isEqualTo(template);
        assertThat(bay.get("bay_create_timeout").asInt()).isEqualTo(30);
        assertThat(bay.has("cluster_template_id")).isFalse();
        JsonNode listed = api.get("/v1/bays").json().get("bays").get(0);
        assertThat(listed.get("baymodel_id").asText()).isEqualTo(template);
        assertThat(api.get("/v1/clusters/b1").json().get("create_timeout").asInt()).isEqualTo(30);
        assertThat(api.post("/v1/bays", "{\"cluster_template_id\":\"swarm\"}").detail())
                .isEqualTo("Unknown attribute for argument bay: cluster_template_id");
    }
}
