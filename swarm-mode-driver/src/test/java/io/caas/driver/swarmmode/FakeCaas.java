package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.node.NodeProgress;
import io.caas.core.spi.Provider;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The caas side of a node's bootstrap, as this driver defines it, on the test network's gateway address: the three
 * node calls of swarm-node.sh over http, and the cluster CA's cfssl sign endpoint over https (certificate chaining
 * to the cluster root, IP SAN for that address). It is the contract caas-api and the PKI must meet, executable.
 */
final class FakeCaas implements ClusterPki, JoinTokens, NodeBootstrapEndpoint, AutoCloseable {
    final java.util.Map<String, String> recordedSwarms = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.Set<String> swarmsOnClusterRoot = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final ObjectMapper JSON = new ObjectMapper();
    final TestPki pki;
    final List<String> progress = new CopyOnWriteArrayList<>();
    final List<String> cfsslSubjects = new CopyOnWriteArrayList<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, SwarmJoin> joins = new ConcurrentHashMap<>();
    private final PemCredentials conductor;
    private final HttpServer api;
    private final HttpsServer cfssl;
    private final String address;
    private volatile InMemoryClusterJob job;
    private volatile boolean signEngineCertificates = true;

    FakeCaas(String address) throws Exception {
        this.address = address;
        pki = TestPki.create("cluster-root");
        conductor = pki.issue("CN=caas-conductor", List.of(), KeyPurposeId.id_kp_clientAuth);
        api = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 16);
        api.createContext("/v1/clusters/", this::nodeCall);
        api.start();
        cfssl = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 16);
        PemCredentials cfsslServer = pki.issue("CN=external-ca", List.of(address), KeyPurposeId.id_kp_serverAuth);
        cfssl.setHttpsConfigurator(new HttpsConfigurator(PemSslContexts.mutual(cfsslServer, pki.rootPem())));
        cfssl.createContext("/api/v1/cfssl/sign", this::cfsslSign);
        cfssl.start();
    }

    void serve(InMemoryClusterJob job) {
        this.job = job;
    }

    /** A job whose PKI, join tokens and node endpoint are this fake caas, served by it from now on. */
    InMemoryClusterJob serveNewJob(Cluster cluster, ClusterTemplate template, List<NodeGroup> nodegroups,
                                   Provider provider, UnlockKeys unlockKeys, BooleanSupplier timedOut) {
        InMemoryClusterJob newJob = new InMemoryClusterJob(cluster, template, nodegroups, provider, Map.of(
                ClusterPki.class, this, JoinTokens.class, this, NodeBootstrapEndpoint.class, this,
                UnlockKeys.class, unlockKeys), timedOut);
        serve(newJob);
        return newJob;
    }

    /** A nodegroup as the API makes them: {@code isDefault} for default-master and default-worker. */
    static NodeGroup nodeGroup(String uuid, String name, String role, int count, boolean isDefault) {
        NodeGroup group = new NodeGroup();
        group.uuid = uuid;
        group.name = name;
        group.role = role;
        group.nodeCount = count;
        group.isDefault = isDefault;
        return group;
    }

    /** Answer 409 to every engine-cert call, as caas does while it has no address on record for the node. */
    void withholdEngineCertificates() {
        signEngineCertificates = false;
    }

    @Override
    public String rootCertificate(String clusterUuid) {
        try {
            return pki.rootPem();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String externalCaUrl(String clusterUuid) {
        return "https://" + address + ":" + cfssl.getAddress().getPort() + "/api/v1/cfssl/sign";
    }

    @Override
    public PemCredentials conductorCredentials(String clusterUuid) {
        return conductor;
    }

    @Override
    public void recordSwarm(String clusterUuid, String swarmClusterId, String internalRootPem) {
        recordedSwarms.put(clusterUuid, swarmClusterId);
    }

    @Override
    public void swarmOnClusterRoot(String clusterUuid) {
        swarmsOnClusterRoot.add(clusterUuid);
    }

    @Override
    public int rootGeneration(String clusterUuid) {
        return 1;
    }

    @Override
    public String rootCertificate(String clusterUuid, int generation) {
        if (generation != 1) {
            throw new IllegalArgumentException("FakeCaas has one root only, not generation " + generation);
        }
        return rootCertificate(clusterUuid);
    }

    @Override
    public PemCredentials conductorCredentials(String clusterUuid, int generation) {
        rootCertificate(clusterUuid, generation);
        return conductor;
    }

    @Override
    public int rotationRoot(String clusterUuid, String operationId) {
        throw new UnsupportedOperationException("FakeCaas has one root only; CA rotation runs against caas itself");
    }

    @Override
    public java.util.OptionalInt rootMadeBy(String clusterUuid, String operationId) {
        return java.util.OptionalInt.empty();
    }

    @Override
    public void save(String clusterUuid, SwarmJoin join) {
        joins.put(clusterUuid, join);
    }

    @Override
    public Optional<SwarmJoin> find(String clusterUuid) {
        return Optional.ofNullable(joins.get(clusterUuid));
    }

    @Override
    public void forget(String clusterUuid) {
        joins.remove(clusterUuid);
    }

    @Override
    public String baseUrl(String clusterUuid) {
        return "http://" + address + ":" + api.getAddress().getPort();
    }

    @Override
    public String caCertificate(String clusterUuid) {
        return "";
    }

    @Override
    public String issueNodeToken(String clusterUuid, String nodeName) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        tokens.put(clusterUuid + "/" + nodeName, token);
        return token;
    }

    private void nodeCall(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/");
            // /v1/clusters/{uuid}/nodes/{node}/{call}
            if (path.length != 7 || !"nodes".equals(path[4])) {
                reply(exchange, 404, "no such call");
                return;
            }
            String cluster = path[3];
            String node = path[5];
            String expected = "Bearer " + tokens.get(cluster + "/" + node);
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, "bad bootstrap token");
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Optional<ClusterNode> row = job.nodes().stream().filter(n -> node.equals(n.name)).findFirst();
            switch (path[6]) {
                case "progress" -> {
                    NodeProgress report = NodeProgress.parse(body);
                    progress.add(node + " " + report.state());
                    job.updateNode(node, r -> {
                        r.state = report.state();
                        r.message = report.message();
                    });
                    reply(exchange, 204, "");
                }
                case "engine-cert" -> engineCertificate(exchange, row, body);
                case "join" -> {
                    SwarmJoin join = joins.get(cluster);
                    if (join == null || row.isEmpty()) {
                        reply(exchange, 404, "swarm not ready");
                    } else {
                        reply(exchange, 200, NodeBootstrapProtocol.joinReply(join, row.get().role));
                    }
                }
                default -> reply(exchange, 404, "no such call");
            }
        } catch (Exception e) {
            reply(exchange, 500, e.toString());
        }
    }

    private void engineCertificate(HttpExchange exchange, Optional<ClusterNode> row, String csrPem) throws Exception {
        String address = exchange.getRequestURI().getQuery().replaceFirst("^address=", "");
        if (!signEngineCertificates || row.isEmpty() || row.get().address == null) {
            reply(exchange, 409, "no address on record for this node yet");
            return;
        }
        if (!row.get().address.equals(address)) {
            reply(exchange, 403, "address " + address + " is not the node's");
            return;
        }
        var request = new JcaPKCS10CertificationRequest(csr(csrPem));
        var certificate = pki.sign(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, row.get().name).build(),
                request.getPublicKey(), List.of(address), List.of(row.get().name), KeyPurposeId.id_kp_serverAuth);
        reply(exchange, 200, TestPki.pem(certificate));
    }

    /** cfssl's sign call as swarm makes it: subject and hosts from the request, both TLS usages. */
    private void cfsslSign(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            JsonNode names = request.path("subject").path("names").path(0);
            String commonName = request.path("subject").path("CN").asText();
            String organization = names.path("O").asText();
            String unit = names.path("OU").asText();
            cfsslSubjects.add(unit + "/" + commonName);
            List<String> hosts = new ArrayList<>();
            request.path("hosts").forEach(host -> hosts.add(host.asText()));
            var csr = new JcaPKCS10CertificationRequest(csr(request.path("certificate_request").asText()));
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, organization)
                    .addRDN(BCStyle.OU, unit).addRDN(BCStyle.CN, commonName).build();
            var certificate = pki.sign(subject, csr.getPublicKey(), List.of(), hosts,
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
            ObjectNode response = JSON.createObjectNode().put("success", true);
            response.putObject("result").put("certificate", TestPki.pem(certificate));
            response.putArray("errors");
            response.putArray("messages");
            reply(exchange, 200, response.toString());
        } catch (Exception e) {
            reply(exchange, 500, e.toString());
        }
    }

    private static PKCS10CertificationRequest csr(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        api.stop(0);
        cfssl.stop(0);
    }
}
