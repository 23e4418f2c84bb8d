package io.caas.api.externalca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.core.pki.CertificateAuthority;
import io.caas.core.pki.Chains;
import io.caas.core.pki.IssuedKeyPair;
import io.caas.core.pki.Pem;
import io.caas.core.pki.SwarmNodeSubject;
import io.caas.core.pki.TestCsrs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint over real TLS on 127.0.0.1, called the way a swarm leader calls it. */
class ExternalCaServerTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration NODE_VALIDITY = Duration.ofDays(90);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ClusterSigningContext> clusters = new ConcurrentHashMap<>();
    private final Map<String, SwarmRole> rolesCaasCreated = new ConcurrentHashMap<>();
    private final Map<String, Duration> crossSigningAllowed = new ConcurrentHashMap<>();
    private final List<IssuedCertificate> recorded = new CopyOnWriteArrayList<>();
    private final SigningPolicy policy = new SigningPolicy() {
        @Override
        public Optional<SwarmRole> roleOf(String clusterUuid, String swarmNodeId) {
            return Optional.ofNullable(rolesCaasCreated.get(clusterUuid + "/" + swarmNodeId));
        }

        @Override
        public Optional<Duration> crossSigningValidity(String clusterUuid) {
            return Optional.ofNullable(crossSigningAllowed.get(clusterUuid));
        }
    };
    private final ExternalCaServer server = new ExternalCaServer(uuid -> Optional.ofNullable(clusters.get(uuid)),
            policy, (uuid, certificate) -> recorded.add(certificate), CLOCK);

    private TestCluster a;
    private TestCluster b;

    @BeforeEach
    void openTwoClusters() throws IOException {
        a = new TestCluster("0b7e2a51-5f0c-4a8e-9d0e-7c1f3b2a9e11", "swarmclusteraaaa");
        b = new TestCluster("7f3c9d20-1e4b-4c6a-8b5d-2a9e0f1c3d44", "swarmclusterbbbb");
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void signsAManagerCertificateForTheLeaderInTheCfsslEnvelope() throws Exception {
        rolesCaasCreated.put(a.uuid + "/newmanager01", SwarmRole.MANAGER);
        String csr = TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair());

        HttpResponse<String> response = post(a, a.leader, nodeRequest(csr, "newmanager01", a.swarmId, "swarm-manager"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(envelope.fieldNames()).toIterable().containsExactly("success", "result", "errors", "messages");
        assertThat(envelope.get("success").asBoolean()).isTrue();
        assertThat(envelope.get("result").fieldNames()).toIterable().containsExactly("certificate");
        assertThat(envelope.get("errors").isArray()).isTrue();
        assertThat(envelope.get("errors")).isEmpty();
        assertThat(envelope.get("messages").isArray()).isTrue();
        assertThat(envelope.get("messages")).isEmpty();

        X509Certificate node = Pem.certificate(envelope.get("result").get("certificate").asText());
        Chains.verify(a.ca.certificate(), NOW, node);
        assertThat(node.getSubjectX500Principal().getName())
                .isEqualTo("CN=newmanager01,OU=swarm-manager,O=" + a.swarmId);
        assertThat(node.getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1))
                .containsExactlyInAnyOrder("swarm-manager", "newmanager01", "swarm-ca");
        assertThat(node.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(node.getNotAfter().toInstant()).isEqualTo(NOW.plus(NODE_VALIDITY));
        assertThat(recorded).containsExactly(new IssuedCertificate(node.getSerialNumber(), "newmanager01",
                "swarm-manager", NOW.plus(NODE_VALIDITY)));
        assertThat(response.sslSession().orElseThrow().getPeerCertificates()[0])
                .isEqualTo(a.endpoint.certificate());
    }

    @Test
    void signsTheSameJoinRequestTwiceAsSwarmSendsIt() throws Exception {
        rolesCaasCreated.put(a.uuid + "/worker000001", SwarmRole.WORKER);
        String request = nodeRequest(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()), "worker000001", a.swarmId, "swarm-worker",
                List.of("swarm-worker", "worker000001"));

        JsonNode first = JSON.readTree(post(a, a.leader, request).body());
        JsonNode second = JSON.readTree(post(a, a.leader, request).body());

        assertThat(first.get("success").asBoolean()).isTrue();
        assertThat(second.get("success").asBoolean()).isTrue();
        assertThat(recorded).extracting(IssuedCertificate::organizationalUnit).containsExactly("swarm-worker", "swarm-worker");
    }

    @Test
    void refusesAWorkerAskingForAManagerCertificateForGood() throws Exception {
        rolesCaasCreated.put(a.uuid + "/worker000001", SwarmRole.WORKER);

        HttpResponse<String> response = post(a, a.leader,
                nodeRequest(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()), "worker000001", a.swarmId, "swarm-manager"));

        assertRefusedForGood(response, SigningRefusal.POLICY_FORBIDS, "created as a worker");
        assertThat(recorded).isEmpty();
    }

    @Test
    void refusesNodesCaasDidNotCreateAndOtherSwarmsOrganizations() throws Exception {
        rolesCaasCreated.put(a.uuid + "/known0000001", SwarmRole.MANAGER);
        String csr = TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair());

        assertRefusedForGood(post(a, a.leader, nodeRequest(csr, "stranger0001", a.swarmId, "swarm-worker",
                List.of("swarm-worker", "stranger0001"))), SigningRefusal.POLICY_FORBIDS, "did not create");
        assertRefusedForGood(post(a, a.leader, nodeRequest(csr, "known0000001", b.swarmId, "swarm-manager")),
                SigningRefusal.INVALID_REQUEST, "is not this cluster's swarm id");
        assertRefusedForGood(post(a, a.leader, nodeRequest(csr, "known0000001", a.swarmId, "swarm-manager",
                List.of("swarm-manager", "evil.example.com"))), SigningRefusal.INVALID_REQUEST, "hosts");
        assertThat(recorded).isEmpty();
    }

    @Test
    void refusesMalformedRequestsUnknownProfilesAndBrokenCsrs() throws Exception {
        rolesCaasCreated.put(a.uuid + "/known0000001", SwarmRole.MANAGER);

        assertRefusedForGood(post(a, a.leader, "{not json"), SigningRefusal.INVALID_REQUEST, "not a cfssl sign request");
        Map<String, Object> otherProfile = JSON.readValue(nodeRequest(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()),
                "known0000001", a.swarmId, "swarm-manager"), Map.class);
        otherProfile.put("profile", "server");
        assertRefusedForGood(post(a, a.leader, JSON.writeValueAsString(otherProfile)),
                SigningRefusal.UNKNOWN_PROFILE, "Unknown profile");
        assertRefusedForGood(post(a, a.leader, nodeRequest("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                "known0000001", a.swarmId, "swarm-manager")), SigningRefusal.UNUSABLE_CSR, "PEM");
    }

    @Test
    void refusesAClientWithoutACertificateDuringTheHandshake() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().sslContext(tls(null, a.ca.certificate())).build();
        String body = nodeRequest(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()), "x", a.swarmId, "swarm-worker");

        // TLS 1.3 reports the refused client certificate after the handshake: the server just closes
        assertThatThrownBy(() -> anonymous.send(request(a, body), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class).isNotInstanceOf(ConnectException.class);
        assertThat(recorded).isEmpty();
        rolesCaasCreated.put(a.uuid + "/x", SwarmRole.WORKER);
        assertThat(post(a, a.leader, body).statusCode()).as("the same request with the leader's certificate").isEqualTo(200);
    }

    @Test
    void refusesAManagerOfAnotherClusterDuringTheHandshakeButServesItOnItsOwnPort() throws Exception {
        rolesCaasCreated.put(a.uuid + "/node00000001", SwarmRole.MANAGER);
        rolesCaasCreated.put(b.uuid + "/node00000001", SwarmRole.MANAGER);
        String csr = TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair());
        HttpClient bLeaderTrustingA = HttpClient.newBuilder().sslContext(tls(b.leader, a.ca.certificate())).build();

        assertThatThrownBy(() -> bLeaderTrustingA.send(request(a, nodeRequest(csr, "node00000001", a.swarmId,
                "swarm-manager")), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class).isNotInstanceOf(ConnectException.class);
        assertThat(recorded).isEmpty();

        HttpResponse<String> own = post(b, b.leader, nodeRequest(csr, "node00000001", b.swarmId, "swarm-manager"));
        X509Certificate node = Pem.certificate(JSON.readTree(own.body()).get("result").get("certificate").asText());
        Chains.verify(b.ca.certificate(), NOW, node);
    }

    @Test
    void presentsACertificateOnlyTheClustersOwnRootVerifies() {
        HttpClient trustingB = HttpClient.newBuilder().sslContext(tls(a.leader, b.ca.certificate())).build();

        assertThatThrownBy(() -> trustingB.send(request(a, "{}"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX path building failed");
    }

    @Test
    void asksWorkersAndStrangersToGoAwayWithoutFailingTheNode() throws Exception {
        rolesCaasCreated.put(a.uuid + "/node00000001", SwarmRole.WORKER);
        String body = nodeRequest(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()), "node00000001", a.swarmId, "swarm-worker",
                List.of("swarm-worker", "node00000001"));
        Party worker = a.node("worker000009", a.swarmId, SwarmNodeSubject.WORKER_UNIT, a.ca);
        Party otherSwarmsManager = a.node("manager00009", b.swarmId, SwarmNodeSubject.MANAGER_UNIT, a.ca);

        assertEnvelopeError(post(a, worker, body), 403, SigningRefusal.POLICY_FORBIDS, "is not a manager");
        assertEnvelopeError(post(a, otherSwarmsManager, body), 403, SigningRefusal.POLICY_FORBIDS, "is not a manager");
        assertThat(recorded).isEmpty();
    }

    @Test
    void asksSwarmToRetryUntilTheSwarmIdIsRecorded() throws Exception {
        rolesCaasCreated.put(a.uuid + "/node00000001", SwarmRole.MANAGER);
        ClusterSigningContext known = clusters.get(a.uuid);
        clusters.put(a.uuid, new ClusterSigningContext(known.issuer(), known.clientTrustRoots(), Optional.empty(),
                known.nodeCertValidity(), known.endpointIdentity()));
        String body = nodeRequest(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()), "node00000001", a.swarmId, "swarm-manager");

        assertEnvelopeError(post(a, a.leader, body), 503, SigningRefusal.UNKNOWN, "retry");
        clusters.put(a.uuid, known);
        assertThat(JSON.readTree(post(a, a.leader, body).body()).get("success").asBoolean()).isTrue();
    }

    @Test
    void acceptsTheLeaderUnderSwarmsBootstrapRootWhileTheCallerTrustsIt() throws Exception {
        CertificateAuthority bootstrap = CertificateAuthority.createRoot("swarm-bootstrap", Duration.ofDays(1), CLOCK);
        Party leaderBeforeRotation = a.node("leader000001", a.swarmId, SwarmNodeSubject.MANAGER_UNIT, bootstrap);
        rolesCaasCreated.put(a.uuid + "/leader000001", SwarmRole.MANAGER);
        String body = nodeRequest(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()), "leader000001", a.swarmId, "swarm-manager");

        assertThatThrownBy(() -> post(a, leaderBeforeRotation, body))
                .isInstanceOf(IOException.class).isNotInstanceOf(ConnectException.class);

        ClusterSigningContext known = clusters.get(a.uuid);
        clusters.put(a.uuid, new ClusterSigningContext(known.issuer(), List.of(a.ca.certificate(), bootstrap.certificate()),
                known.swarmClusterId(), known.nodeCertValidity(), known.endpointIdentity()));
        JsonNode envelope = JSON.readTree(post(a, leaderBeforeRotation, body).body());
        Chains.verify(a.ca.certificate(), NOW, Pem.certificate(envelope.get("result").get("certificate").asText()));
    }

    @Test
    void crossSignsSwarmsNewRootOnlyWhenCaasAllowsIt() throws Exception {
        CertificateAuthority swarmsNewRoot = CertificateAuthority.createRoot("swarm-next", Duration.ofDays(3650), CLOCK);
        KeyPair keys = new KeyPair(swarmsNewRoot.certificate().getPublicKey(),
                Pem.privateKey(swarmsNewRoot.privateKeyPkcs8(), "EC"));
        String caCsr = TestCsrs.csr(keys, new X500Name("CN=swarm-ca"));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("certificate_request", caCsr);
        request.put("subject", Map.of("CN", "swarm-ca", "names", List.of()));
        request.put("profile", "CA");
        String body = JSON.writeValueAsString(request);

        assertRefusedForGood(post(a, a.leader, body), SigningRefusal.POLICY_FORBIDS, "leave its root");

        crossSigningAllowed.put(a.uuid, Duration.ofDays(30));
        JsonNode envelope = JSON.readTree(post(a, a.leader, body).body());
        X509Certificate crossSigned = Pem.certificate(envelope.get("result").get("certificate").asText());
        assertThat(crossSigned.getBasicConstraints()).isZero();
        assertThat(crossSigned.getSubjectX500Principal().getName()).isEqualTo("CN=swarm-ca");
        Chains.verify(a.ca.certificate(), NOW, crossSigned);
        assertThat(recorded).extracting(IssuedCertificate::commonName, IssuedCertificate::organizationalUnit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("swarm-ca", null));
    }

    @Test
    void closingAClusterStopsItsListener() {
        server.close(a.uuid);

        assertThatThrownBy(() -> post(a, a.leader, "{}")).isInstanceOf(ConnectException.class);
    }

    private static void assertRefusedForGood(HttpResponse<String> response, int code, String reason) throws IOException {
        assertEnvelopeError(response, 200, code, reason);
    }

    private static void assertEnvelopeError(HttpResponse<String> response, int status, int code, String reason)
            throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(envelope.fieldNames()).toIterable().containsExactly("success", "result", "errors", "messages");
        assertThat(envelope.get("success").asBoolean()).isFalse();
        assertThat(envelope.get("result").isNull()).isTrue();
        assertThat(envelope.get("errors")).hasSize(1);
        assertThat(envelope.get("errors").get(0).fieldNames()).toIterable().containsExactly("code", "message");
        assertThat(envelope.get("errors").get(0).get("code").asInt()).isEqualTo(code);
        assertThat(envelope.get("errors").get(0).get("message").asText()).contains(reason);
        assertThat(envelope.get("messages")).isEmpty();
    }

    private static String nodeRequest(String csr, String nodeId, String organization, String unit) {
        List<String> hosts = unit.equals("swarm-manager")
                ? List.of("swarm-manager", nodeId, "swarm-ca") : List.of("swarm-worker", nodeId);
        return nodeRequest(csr, nodeId, organization, unit, hosts);
    }

    /** Shaped as swarm sends it, empty cfssl fields included. */
    private static String nodeRequest(String csr, String nodeId, String organization, String unit, List<String> hosts) {
        Map<String, Object> name = new LinkedHashMap<>();
        name.put("C", "");
        name.put("ST", "");
        name.put("L", "");
        name.put("O", organization);
        name.put("OU", unit);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("hosts", hosts);
        request.put("certificate_request", csr);
        request.put("subject", Map.of("CN", nodeId, "names", List.of(name)));
        request.put("profile", "");
        request.put("crl_override", "");
        request.put("label", "");
        try {
            return JSON.writeValueAsString(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(TestCluster cluster, Party caller, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls(caller, cluster.ca.certificate())).build();
        return client.send(request(cluster, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(TestCluster cluster, String body) {
        return HttpRequest.newBuilder(cluster.url).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A TLS client as swarm's: its node certificate (if any) and the cluster root as its only trust. */
    private static SSLContext tls(Party caller, X509Certificate trustedRoot) {
        try {
            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (caller != null) {
                keys.setKeyEntry("node", caller.keys.getPrivate(), password, new X509Certificate[] {caller.certificate});
            }
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
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Party(KeyPair keys, X509Certificate certificate) {
    }

    /** A cluster as caas holds it: root, endpoint certificate for 127.0.0.1, and the swarm leader's identity. */
    private final class TestCluster {
        final String uuid;
        final String swarmId;
        final CertificateAuthority ca;
        final IssuedKeyPair endpoint;
        final Party leader;
        final URI url;

        TestCluster(String uuid, String swarmId) throws IOException {
            this.uuid = uuid;
            this.swarmId = swarmId;
            this.ca = CertificateAuthority.createRoot(uuid, Duration.ofDays(3650), CLOCK);
            this.endpoint = ca.issueTlsServer("caas external CA", List.of("127.0.0.1"), Duration.ofDays(365));
            this.leader = node("leader000001", swarmId, SwarmNodeSubject.MANAGER_UNIT, ca);
            clusters.put(uuid, new ClusterSigningContext(ca, List.of(ca.certificate()), Optional.of(swarmId),
                    NODE_VALIDITY, endpoint));
            InetSocketAddress bound = server.open(uuid, new InetSocketAddress("127.0.0.1", 0));
            this.url = ExternalCaServer.signUrl("127.0.0.1", bound.getPort());
        }

        Party node(String nodeId, String organization, String unit, CertificateAuthority issuer) {
            KeyPair keys = TestCsrs.ecKeyPair();
            List<String> hosts = new ArrayList<>(List.of(unit, nodeId));
            return new Party(keys, issuer.signSwarmNode(TestCsrs.swarmNodeCsr(keys),
                    new SwarmNodeSubject(nodeId, organization, unit), hosts, Duration.ofDays(90)));
        }
    }
}
