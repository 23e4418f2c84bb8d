package io.caas.api.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.testing.ApiFixture;
import io.caas.api.web.Json;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.IssuedCertificateRecord;
import io.caas.core.pki.Chains;
import io.caas.core.pki.Pem;
import io.caas.core.pki.TestCsrs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node bootstrap calls over real HTTP, as swarm-node.sh makes them, on the API as `caas` deploys it. */
class NodeBootstrapApiTest {
    private static final int IP = 7;
    private static final int DNS = 2;
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String MANAGER_TOKEN = "manager-token-" + UUID.randomUUID();
    private static final String WORKER_TOKEN = "worker-token-" + UUID.randomUUID();
    private static final String LATE_TOKEN = "late-token-" + UUID.randomUUID();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ApiFixture api;
    private String cluster;

    @BeforeEach
    void clusterWithThreeNodes() {
        api = ApiFixture.deployed(config -> config);
        cluster = api.cluster("c1", api.template("swarm"));
        api.db.database().execute(s -> {
            s.createMutationQuery("update Cluster c set c.masterLbEnabled = true, c.apiAddress = 'tcp://198.18.0.100:2376'")
                    .executeUpdate();
            s.persist(node("c1-manager-0", "manager", "198.18.0.11", MANAGER_TOKEN));
            s.persist(node("c1-worker-0", "worker", "198.18.0.21", WORKER_TOKEN));
            s.persist(node("c1-worker-1", "worker", null, LATE_TOKEN));
        });
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void progressIsWrittenToTheNodeRowButANodeCannotDeclareItselfReady() throws Exception {
        HttpResponse<String> booting = call("POST", "c1-worker-0", WORKER_TOKEN, "progress", "application/json",
                "{\"state\":\"ENGINE_UP\",\"message\":\"Engine API on tcp://198.18.0.21:2376\"}");

        assertThat(booting.statusCode()).isEqualTo(204);
        assertThat(row("c1-worker-0").state).isEqualTo("ENGINE_UP");
        assertThat(row("c1-worker-0").message).isEqualTo("Engine API on tcp://198.18.0.21:2376");
        assertThat(row("c1-worker-0").updatedAt).isNotNull();

        HttpResponse<String> ready = call("POST", "c1-worker-0", WORKER_TOKEN, "progress", "application/json",
                "{\"state\":\"READY\",\"message\":\"trust me\"}");
        assertThat(ready.statusCode()).isEqualTo(400);
        assertThat(detail(ready)).contains("not 'READY'");
        assertThat(call("POST", "c1-worker-0", WORKER_TOKEN, "progress", "application/json", "<html>").statusCode())
                .isEqualTo(400);
        assertThat(row("c1-worker-0").state).isEqualTo("ENGINE_UP");
    }

    @Test
    void onlyTheNodesOwnTokenOpensItsCalls() throws Exception {
        String body = "{\"state\":\"FAILED\",\"message\":\"forged\"}";
        List<HttpResponse<String>> refused = List.of(
                call("POST", "c1-worker-0", "not-the-token", "progress", "application/json", body),
                call("POST", "c1-worker-0", MANAGER_TOKEN, "progress", "application/json", body),
                call("POST", "c1-worker-0", null, "progress", "application/json", body),
                call("POST", "no-such-node", WORKER_TOKEN, "progress", "application/json", body),
                call("GET", "c1-worker-0", MANAGER_TOKEN, "join", null, null));

        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(response.body()).get("errors").get(0).get("status").asInt()).isEqualTo(401);
            assertThat(response.body()).doesNotContain(WORKER_TOKEN).doesNotContain(MANAGER_TOKEN);
        }
        assertThat(row("c1-worker-0").state).isEqualTo("PENDING");
    }

    @Test
    void theAgentIsToldWhichRootItsEngineGoesToAndGetsItsCertificateFromThatRoot() throws Exception {
        X509Certificate first = api.caStore.ensureRoot(cluster).certificate();
        HttpResponse<String> idle = call("GET", "c1-worker-0", WORKER_TOKEN, "engine-tls", null, null);
        assertThat(idle.statusCode()).isEqualTo(204);
        assertThat(idle.headers().firstValue("Retry-After")).as("the cluster is not being updated").hasValue("15");
        assertThat(call("GET", "c1-worker-0", MANAGER_TOKEN, "engine-tls", null, null).statusCode()).isEqualTo(401);

        int generation = api.caStore.rotate(cluster, "op-1");
        api.db.database().execute(s -> s.createMutationQuery("update ClusterNode n set n.engineTlsGeneration = :g"
                + " where n.name = 'c1-worker-0'").setParameter("g", generation).executeUpdate());
        api.db.database().execute(s -> s.createMutationQuery("update Cluster c set c.status = :s")
                .setParameter("s", io.caas.core.model.ClusterStatus.UPDATE_IN_PROGRESS).executeUpdate());
        HttpResponse<String> wanted = call("GET", "c1-worker-0", WORKER_TOKEN, "engine-tls", null, null);
        HttpResponse<String> signed = call("POST", "c1-worker-0", WORKER_TOKEN, "engine-cert?address=198.18.0.21",
                "application/pkcs10", TestCsrs.csr(TestCsrs.ecKeyPair(), new X500Name("CN=anything")));

        X509Certificate second = api.caStore.generation(cluster, generation).orElseThrow().certificate();
        assertThat(wanted.statusCode()).isEqualTo(200);
        assertThat(wanted.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Pem.certificate(wanted.body())).isEqualTo(second).isNotEqualTo(first);
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        Chains.verify(second, Instant.now(), Pem.certificate(signed.body()));
        assertThat(call("GET", "c1-manager-0", MANAGER_TOKEN, "engine-tls", null, null).statusCode())
                .as("a node caas has not asked to move").isEqualTo(204);
    }

    @Test
    void engineCertificateNamesTheAddressOnRecordAndChainsToTheClusterRoot() throws Exception {
        KeyPair engineKey = TestCsrs.ecKeyPair();
        String csr = TestCsrs.csr(engineKey, new X500Name("CN=anything"));

        HttpResponse<String> signed = call("POST", "c1-worker-0", WORKER_TOKEN, "engine-cert?address=198.18.0.21",
                "application/pkcs10", csr);

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        X509Certificate engine = Pem.certificate(signed.body());
        X509Certificate root = api.caStore.current(cluster).orElseThrow().certificate();
        Chains.verify(root, Instant.now(), engine);
        assertThat(engine.getPublicKey()).isEqualTo(engineKey.getPublic());
        assertThat(engine.getSubjectX500Principal().getName()).isEqualTo("CN=c1-worker-0");
        assertThat(engine.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(engine.getSubjectAlternativeNames()).extracting(san -> san.get(0), san -> san.get(1))
                .containsExactly(tuple(IP, "198.18.0.21"), tuple(DNS, "c1-worker-0"));
        List<IssuedCertificateRecord> issued = api.db.database().transaction(s -> s.createSelectionQuery(
                "from IssuedCertificateRecord", IssuedCertificateRecord.class).getResultList());
        assertThat(issued).extracting(r -> r.clusterId, r -> r.serial, r -> r.commonName)
                .containsExactly(tuple(cluster, engine.getSerialNumber().toString(16), "c1-worker-0"));

        X509Certificate manager = Pem.certificate(call("POST", "c1-manager-0", MANAGER_TOKEN,
                "engine-cert?address=198.18.0.11", "text/plain", csr).body());
        assertThat(manager.getSubjectAlternativeNames()).extracting(san -> san.get(0), san -> san.get(1))
                .containsExactly(tuple(IP, "198.18.0.11"), tuple(DNS, "c1-manager-0"), tuple(IP, "198.18.0.100"));
    }

    @Test
    void engineCertificateWaitsForAnAddressAndRefusesAnyOther() throws Exception {
        String csr = TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair());

        HttpResponse<String> otherAddress = call("POST", "c1-worker-0", WORKER_TOKEN, "engine-cert?address=198.18.0.11",
                "application/pkcs10", csr);
        HttpResponse<String> noAddressYet = call("POST", "c1-worker-1", LATE_TOKEN, "engine-cert?address=198.18.0.22",
                "application/pkcs10", csr);
        HttpResponse<String> garbage = call("POST", "c1-worker-0", WORKER_TOKEN, "engine-cert?address=198.18.0.21",
                "application/pkcs10", "not a csr");

        assertThat(otherAddress.statusCode()).isEqualTo(403);
        assertThat(detail(otherAddress)).contains("198.18.0.21");
        assertThat(noAddressYet.statusCode()).isEqualTo(409);
        assertThat(garbage.statusCode()).isEqualTo(400);
        List<IssuedCertificateRecord> issued = api.db.database().transaction(s -> s.createSelectionQuery(
                "from IssuedCertificateRecord", IssuedCertificateRecord.class).getResultList());
        assertThat(issued).isEmpty();
    }

    @Test
    void joinAnswersTheMaterialOfTheNodesRoleOnceTheConductorStoredIt() throws Exception {
        HttpResponse<String> early = call("GET", "c1-worker-0", WORKER_TOKEN, "join", null, null);
        assertThat(early.statusCode()).isEqualTo(404);
        assertThat(detail(early)).contains("not ready yet");

        api.secrets.put(cluster, "join/worker", "token=SWMTKN-1-abc-worker\nmanager=198.18.0.11:2377\n");

        HttpResponse<String> worker = call("GET", "c1-worker-0", WORKER_TOKEN, "join", null, null);
        assertThat(worker.statusCode()).isEqualTo(200);
        assertThat(worker.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(worker.body()).isEqualTo("token=SWMTKN-1-abc-worker\nmanager=198.18.0.11:2377\n");
        assertThat(call("GET", "c1-manager-0", MANAGER_TOKEN, "join", null, null).statusCode()).isEqualTo(404);
        api.secrets.put(cluster, "join/manager", "token=SWMTKN-1-abc-manager\nmanager=198.18.0.11:2377\n");
        assertThat(call("GET", "c1-manager-0", MANAGER_TOKEN, "join", null, null).body())
                .startsWith("token=SWMTKN-1-abc-manager\n");
    }

    @Test
    void nodeCallsNeedNoKeystoneWhileTenantCallsDo() throws Exception {
        api.close();
        // Keystone on a closed loopback port: any tenant call that reached it would fail
        api = ApiFixture.deployed(config -> config.with("api", "auth_strategy", "keystone")
                .with("keystone_authtoken", "auth_url", "http://127.0.0.1:9/v3")
                .with("keystone_authtoken", "username", "caas").with("keystone_authtoken", "password", "unused"));
        cluster = UUID.randomUUID().toString();
        api.db.database().execute(s -> {
            io.caas.core.model.Cluster row = new io.caas.core.model.Cluster();
            row.uuid = cluster;
            row.name = "k1";
            s.persist(row);
            s.persist(node("k1-worker-0", "worker", "198.18.0.31", WORKER_TOKEN));
        });

        assertThat(call("POST", "k1-worker-0", WORKER_TOKEN, "progress", "application/json",
                "{\"state\":\"BOOTING\",\"message\":\"\"}").statusCode()).isEqualTo(204);
        assertThat(api.get("/v1/clusters").status()).isEqualTo(401);
    }

    private ClusterNode node(String name, String role, String address, String token) {
        ClusterNode node = new ClusterNode();
        node.uuid = UUID.randomUUID().toString();
        node.clusterId = cluster;
        node.name = name;
        node.role = role;
        node.address = address;
        node.state = "PENDING";
        node.bootstrapTokenHash = sha256Hex(token);
        return node;
    }

    private ClusterNode row(String name) {
        return api.db.database().transaction(s -> s.createSelectionQuery("from ClusterNode n where n.name = :n",
                ClusterNode.class).setParameter("n", name).getSingleResult());
    }

    private static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String detail(HttpResponse<String> response) throws Exception {
        JsonNode body = Json.MAPPER.readTree(response.body());
        return body.get("errors").get(0).get("detail").asText();
    }

    private HttpResponse<String> call(String method, String node, String token, String call, String contentType,
                                      String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + "/v1/clusters/" + cluster + "/nodes/"
                        + node + "/" + call))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
