package io.caas.api.externalca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.IssuedCertificateRecord;
import io.caas.core.pki.CertificateAuthority;
import io.caas.core.pki.Chains;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.pki.Pem;
import io.caas.core.pki.SwarmNodeSubject;
import io.caas.core.pki.TestCsrs;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.secrets.SecretBox;
import io.caas.core.testing.TestDatabase;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external CA as the API process runs it: listeners from the cluster table, material and roles from MariaDB. */
class ExternalCaListenersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SWARM_ID = "swarmclusterdb01";

    @TempDir
    Path stateDir;
    private TestDatabase db;
    private ClusterCaStore caStore;
    private ClusterSecrets secrets;
    private ExternalCaListeners listeners;

    @BeforeEach
    void start() {
        db = TestDatabase.create();
        SecretBox box = SecretBox.fromKeyFile(stateDir.resolve("master.key"));
        caStore = new ClusterCaStore(db.database(), box, Clock.systemUTC(), Duration.ofDays(3650));
        secrets = new ClusterSecrets(db.database(), box);
        listeners = ExternalCaListeners.forConfig(db.config().with("external_ca", "bind_host", "127.0.0.1"),
                db.database(), caStore, secrets);
    }

    @AfterEach
    void stop() {
        listeners.close();
        db.close();
    }

    @Test
    void signsForAJoinInFlightAndRecordsIt() throws Exception {
        String cluster = cluster(freePort());
        CertificateAuthority root = caStore.ensureRoot(cluster);
        secrets.put(cluster, DatabaseCaDirectory.ENDPOINT_HOST, "127.0.0.1");
        node(cluster, "c-manager-0", "manager", "leader000001", "READY");
        node(cluster, "c-worker-0", "worker", null, "JOINING");
        Party leader = swarmNode(root, "leader000001", SwarmNodeSubject.MANAGER_UNIT);

        listeners.reconcile();

        String csr = TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair());
        JsonNode worker = JSON.readTree(sign(cluster, root, leader, nodeRequest(csr, "newworker001", "swarm-worker")).body());
        assertThat(worker.get("success").asBoolean()).as(worker.toString()).isTrue();
        X509Certificate issued = Pem.certificate(worker.get("result").get("certificate").asText());
        Chains.verify(root.certificate(), Instant.now(), issued);
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=newworker001,OU=swarm-worker,O=" + SWARM_ID);
        assertThat(issued.getNotAfter().toInstant()).isBefore(Instant.now().plus(Duration.ofDays(91)));
        List<IssuedCertificateRecord> rows = db.database().transaction(s -> s.createSelectionQuery(
                "from IssuedCertificateRecord", IssuedCertificateRecord.class).getResultList());
        assertThat(rows).extracting(r -> r.clusterId, r -> r.serial, r -> r.commonName, r -> r.organizationalUnit)
                .containsExactly(tuple(cluster, issued.getSerialNumber().toString(16), "newworker001", "swarm-worker"));

        JsonNode escalation = JSON.readTree(sign(cluster, root, leader, nodeRequest(csr, "newworker001", "swarm-manager")).body());
        assertThat(escalation.get("success").asBoolean()).isFalse();
        assertThat(escalation.get("errors").get(0).get("message").asText()).contains("worker");
    }

    @Test
    void trustsSwarmsBootstrapRootOnlyWhileItIsRecorded() throws Exception {
        String cluster = cluster(freePort());
        CertificateAuthority root = caStore.ensureRoot(cluster);
        secrets.put(cluster, DatabaseCaDirectory.ENDPOINT_HOST, "127.0.0.1");
        node(cluster, "c-manager-0", "manager", "leader000001", "READY");
        CertificateAuthority swarmBootstrap = CertificateAuthority.createRoot("swarm-bootstrap", Duration.ofDays(1),
                Clock.systemUTC());
        Party leaderBeforeRotation = swarmNode(swarmBootstrap, "leader000001", SwarmNodeSubject.MANAGER_UNIT);
        String body = nodeRequest(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()), "leader000001", "swarm-manager");
        listeners.reconcile();

        assertThatThrownBy(() -> sign(cluster, root, leaderBeforeRotation, body))
                .isInstanceOf(IOException.class).isNotInstanceOf(ConnectException.class);

        secrets.put(cluster, DatabaseCaDirectory.SWARM_INTERNAL_ROOT, swarmBootstrap.certificatePem());
        JsonNode signed = JSON.readTree(sign(cluster, root, leaderBeforeRotation, body).body());
        assertThat(signed.get("success").asBoolean()).as(signed.toString()).isTrue();
    }

    @Test
    void listenersFollowTheClusterTable() throws Exception {
        int firstPort = freePort();
        String first = cluster(firstPort);
        CertificateAuthority root = caStore.ensureRoot(first);
        secrets.put(first, DatabaseCaDirectory.ENDPOINT_HOST, "127.0.0.1");
        node(first, "c-manager-0", "manager", "leader000001", "READY");
        Party leader = swarmNode(root, "leader000001", SwarmNodeSubject.MANAGER_UNIT);
        assertThat(listeners.listening()).isEmpty();

        listeners.reconcile();
        assertThat(listeners.listening()).containsExactly(Map.entry(first, firstPort));
        assertThat(sign(first, root, leader, "{}").statusCode()).isEqualTo(200);

        int secondPort = freePort();
        String second = cluster(secondPort);
        listeners.reconcile();
        assertThat(listeners.listening()).containsOnly(Map.entry(first, firstPort), Map.entry(second, secondPort));

        db.database().execute(s -> s.createMutationQuery("update Cluster c set c.status = :done where c.uuid = :u")
                .setParameter("done", ClusterStatus.DELETE_COMPLETE).setParameter("u", first).executeUpdate());
        db.database().execute(s -> s.createMutationQuery("delete from Cluster c where c.uuid = :u")
                .setParameter("u", second).executeUpdate());
        listeners.reconcile();

        assertThat(listeners.listening()).isEmpty();
        assertThatThrownBy(() -> sign(first, root, leader, "{}")).isInstanceOf(ConnectException.class);
    }

    @Test
    void rolesComeFromTheNodeRows() {
        DatabaseSigningPolicy policy = new DatabaseSigningPolicy(db.database());
        String cluster = cluster(freePort());
        node(cluster, "c-manager-0", "manager", "manager00001", "READY");
        node(cluster, "c-worker-0", "worker", "worker000001", "READY");
        assertThat(policy.roleOf(cluster, "manager00001")).contains(SwarmRole.MANAGER);
        assertThat(policy.roleOf(cluster, "worker000001")).contains(SwarmRole.WORKER);
        assertThat(policy.roleOf(cluster, "stranger0001")).isEmpty();

        node(cluster, "c-worker-1", "worker", null, "JOINING");
        assertThat(policy.roleOf(cluster, "stranger0001")).contains(SwarmRole.WORKER);
        node(cluster, "c-manager-1", "manager", null, "ENGINE_UP");
        assertThat(policy.roleOf(cluster, "stranger0001")).contains(SwarmRole.MANAGER);
        assertThat(policy.roleOf(cluster, "worker000001")).as("a known worker stays a worker").contains(SwarmRole.WORKER);
        assertThat(policy.roleOf("another-cluster", "manager00001")).isEmpty();
        assertThat(policy.crossSigningValidity(cluster)).isEqualTo(Optional.empty());
    }

    @Test
    void crossSigningIsAllowedOnlyWhileCaasRotatesTheClustersCa() {
        DatabaseSigningPolicy policy = new DatabaseSigningPolicy(db.database());
        String cluster = cluster(freePort());
        ClusterOperation rotation = new ClusterOperation();
        rotation.uuid = UUID.randomUUID().toString();
        rotation.clusterId = cluster;
        rotation.action = "rotate_ca";
        rotation.state = ClusterOperation.State.PENDING;
        db.database().execute(s -> s.persist(rotation));
        assertThat(policy.crossSigningValidity(cluster)).as("accepted, not running yet").isEmpty();

        setState(rotation.uuid, ClusterOperation.State.RUNNING);
        assertThat(policy.crossSigningValidity(cluster)).hasValueSatisfying(validity ->
                assertThat(validity).isPositive().isLessThanOrEqualTo(Duration.ofDays(30)));
        assertThat(policy.crossSigningValidity(cluster(freePort()))).as("another cluster").isEmpty();

        setState(rotation.uuid, ClusterOperation.State.DONE);
        assertThat(policy.crossSigningValidity(cluster)).isEmpty();
    }

    private void setState(String operation, ClusterOperation.State state) {
        db.database().execute(s -> s.createMutationQuery("update ClusterOperation o set o.state = :s where o.uuid = :u")
                .setParameter("s", state).setParameter("u", operation).executeUpdate());
    }

    private String cluster(int externalCaPort) {
        Cluster row = new Cluster();
        row.uuid = UUID.randomUUID().toString();
        row.name = "c";
        row.status = ClusterStatus.CREATE_IN_PROGRESS;
        row.externalCaPort = externalCaPort;
        row.swarmClusterId = SWARM_ID;
        db.database().execute(s -> s.persist(row));
        return row.uuid;
    }

    private void node(String cluster, String name, String role, String swarmNodeId, String state) {
        ClusterNode node = new ClusterNode();
        node.uuid = UUID.randomUUID().toString();
        node.clusterId = cluster;
        node.name = name;
        node.role = role;
        node.swarmNodeId = swarmNodeId;
        node.state = state;
        db.database().execute(s -> s.persist(node));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Party(KeyPair keys, X509Certificate certificate) {
    }

    private static Party swarmNode(CertificateAuthority issuer, String nodeId, String unit) {
        KeyPair keys = TestCsrs.ecKeyPair();
        return new Party(keys, issuer.signSwarmNode(TestCsrs.swarmNodeCsr(keys),
                new SwarmNodeSubject(nodeId, SWARM_ID, unit), List.of(unit, nodeId), Duration.ofDays(90)));
    }

    /** Shaped as swarm sends it. */
    private static String nodeRequest(String csr, String nodeId, String unit) throws IOException {
        List<String> hosts = unit.equals("swarm-manager") ? List.of(unit, nodeId, "swarm-ca") : List.of(unit, nodeId);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("hosts", hosts);
        request.put("certificate_request", csr);
        request.put("subject", Map.of("CN", nodeId, "names", List.of(Map.of("O", SWARM_ID, "OU", unit))));
        request.put("profile", "");
        return JSON.writeValueAsString(request);
    }

    private HttpResponse<String> sign(String cluster, CertificateAuthority root, Party caller, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls(caller, root.certificate())).build();
        HttpRequest request = HttpRequest.newBuilder(ExternalCaServer.signUrl("127.0.0.1", portOf(cluster))).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private int portOf(String cluster) {
        return db.database().transaction(s -> s.createSelectionQuery("select c.externalCaPort from Cluster c where c.uuid = :u",
                Integer.class).setParameter("u", cluster).getSingleResultOrNull());
    }

    private static SSLContext tls(Party caller, X509Certificate trustedRoot) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("node", caller.keys().getPrivate(), password, new X509Certificate[] {caller.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", trustedRoot);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
