package io.caas.api.externalca;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.caas.core.pki.Pem;
import io.caas.core.pki.SwarmNodeSubject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers cfssl sign requests for one cluster. The TLS layer has already checked that the caller's certificate
 * chains to the cluster's roots; this handler checks it belongs to a manager of this very swarm, then signs.
 */
final class SignRequestHandler implements HttpHandler {
    static final String PATH = "/api/v1/cfssl/sign";
    private static final Logger LOG = LoggerFactory.getLogger(SignRequestHandler.class);
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String NODE_PROFILE = "";
    private static final String CROSS_SIGN_PROFILE = "CA";
    private static final String CA_HOST = "swarm-ca";

    private final String clusterUuid;
    private final ClusterCaDirectory directory;
    private final SigningPolicy policy;
    private final IssuanceRecorder recorder;
    private final ObjectMapper json = new ObjectMapper();

    SignRequestHandler(String clusterUuid, ClusterCaDirectory directory, SigningPolicy policy, IssuanceRecorder recorder) {
        this.clusterUuid = clusterUuid;
        this.directory = directory;
        this.policy = policy;
        this.recorder = recorder;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        CfsslEnvelope answer;
        try {
            answer = CfsslEnvelope.signed(Pem.encode(sign(exchange)));
        } catch (SigningRefusal refusal) {
            LOG.warn("external CA refused: cluster={} status={} code={} reason=\"{}\"",
                    clusterUuid, refusal.httpStatus, refusal.code, refusal.getMessage());
            status = refusal.httpStatus;
            answer = CfsslEnvelope.failed(refusal.code, refusal.getMessage());
        } catch (RuntimeException e) {
            LOG.error("external CA failed: cluster={}", clusterUuid, e);
            status = 500;
            answer = CfsslEnvelope.failed(SigningRefusal.UNKNOWN,
                    "caas could not sign (internal error, see the caas log); swarm retries by itself");
        }
        byte[] body = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private X509Certificate sign(HttpExchange exchange) throws SigningRefusal, IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            throw SigningRefusal.retryLater(404, SigningRefusal.INVALID_REQUEST,
                    "Nothing here; the external CA URL ends in " + PATH);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw SigningRefusal.retryLater(405, SigningRefusal.INVALID_REQUEST, PATH + " takes POST only");
        }
        ClusterSigningContext cluster = directory.find(clusterUuid).orElseThrow(() -> SigningRefusal.retryLater(404,
                SigningRefusal.INVALID_REQUEST, "caas has no cluster " + clusterUuid + " (deleted?)"));
        String swarmClusterId = cluster.swarmClusterId().orElseThrow(() -> SigningRefusal.retryLater(503,
                SigningRefusal.UNKNOWN, "caas has not recorded this cluster's swarm id yet; retry shortly"));
        requireManagerOf(swarmClusterId, exchange);
        CfsslSignRequest request = read(exchange.getRequestBody());
        String profile = request.profile() == null ? NODE_PROFILE : request.profile();
        if (NODE_PROFILE.equals(profile)) {
            return signNode(cluster, swarmClusterId, request);
        }
        if (CROSS_SIGN_PROFILE.equals(profile)) {
            return crossSign(cluster, request);
        }
        throw SigningRefusal.refused(SigningRefusal.UNKNOWN_PROFILE,
                "Unknown profile '" + profile + "'; caas signs profile \"\" (nodes) and \"CA\" (cross-signing)");
    }

    /** Only the swarm's managers ask an external CA; anyone else holding a certificate of this root is refused. */
    private void requireManagerOf(String swarmClusterId, HttpExchange exchange) throws SigningRefusal {
        X509Certificate caller;
        try {
            Certificate[] chain = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            caller = (X509Certificate) chain[0];
        } catch (SSLPeerUnverifiedException e) {
            throw SigningRefusal.retryLater(403, SigningRefusal.POLICY_FORBIDS, "No client certificate");
        }
        boolean sameSwarm = CertificateNames.organization(caller).filter(swarmClusterId::equals).isPresent();
        boolean manager = CertificateNames.organizationalUnit(caller).filter(SwarmNodeSubject.MANAGER_UNIT::equals).isPresent();
        if (!sameSwarm || !manager) {
            throw SigningRefusal.retryLater(403, SigningRefusal.POLICY_FORBIDS, "Caller "
                    + caller.getSubjectX500Principal() + " is not a manager of swarm " + swarmClusterId);
        }
    }

    private CfsslSignRequest read(InputStream body) throws IOException, SigningRefusal {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw SigningRefusal.refused(SigningRefusal.INVALID_REQUEST, "Request body over " + MAX_BODY_BYTES + " bytes");
        }
        try {
            CfsslSignRequest request = json.readValue(bytes, CfsslSignRequest.class);
            if (request == null || request.certificateRequest() == null) {
                throw SigningRefusal.refused(SigningRefusal.INVALID_REQUEST, "Request has no certificate_request");
            }
            return request;
        } catch (JacksonException e) {
            throw SigningRefusal.refused(SigningRefusal.INVALID_REQUEST,
                    "Request body is not a cfssl sign request: " + e.getOriginalMessage());
        }
    }

    private X509Certificate signNode(ClusterSigningContext cluster, String swarmClusterId, CfsslSignRequest request)
            throws SigningRefusal {
        CfsslSignRequest.Subject subject = request.subject();
        if (subject == null || subject.commonName() == null || subject.commonName().isBlank()
                || subject.names() == null || subject.names().size() != 1) {
            throw SigningRefusal.refused(SigningRefusal.INVALID_REQUEST,
                    "Subject must carry CN (node id) and exactly one name with O and OU");
        }
        String nodeId = subject.commonName();
        CfsslSignRequest.Name name = subject.names().get(0);
        if (!swarmClusterId.equals(name.organization())) {
            throw SigningRefusal.refused(SigningRefusal.INVALID_REQUEST,
                    "O=" + name.organization() + " is not this cluster's swarm id " + swarmClusterId);
        }
        SwarmRole requested = SwarmRole.ofOrganizationalUnit(name.organizationalUnit()).orElseThrow(() ->
                SigningRefusal.refused(SigningRefusal.INVALID_REQUEST, "OU must be swarm-manager or swarm-worker"));
        requireRoleAllowed(nodeId, requested);
        List<String> hosts = requireHosts(request.hosts(), nodeId, requested);
        X509Certificate certificate;
        try {
            certificate = cluster.issuer().signSwarmNode(request.certificateRequest(),
                    new SwarmNodeSubject(nodeId, swarmClusterId, requested.organizationalUnit()),
                    hosts, cluster.nodeCertValidity());
        } catch (IllegalArgumentException e) {
            throw SigningRefusal.refused(SigningRefusal.UNUSABLE_CSR, e.getMessage());
        }
        recorder.signed(clusterUuid, new IssuedCertificate(certificate.getSerialNumber(), nodeId,
                requested.organizationalUnit(), certificate.getNotAfter().toInstant()));
        LOG.info("external CA signed node certificate: cluster={} node={} role={} serial={} notAfter={}", clusterUuid,
                nodeId, requested.organizationalUnit(), certificate.getSerialNumber().toString(16),
                certificate.getNotAfter().toInstant());
        return certificate;
    }

    /** A known manager may be demoted to worker; nobody becomes a manager unless caas made it one. */
    private void requireRoleAllowed(String nodeId, SwarmRole requested) throws SigningRefusal {
        Optional<SwarmRole> known = policy.roleOf(clusterUuid, nodeId);
        if (known.isEmpty()) {
            throw SigningRefusal.refused(SigningRefusal.POLICY_FORBIDS, "caas did not create swarm node " + nodeId
                    + " in cluster " + clusterUuid + "; add nodes through caas, not with docker swarm join");
        }
        if (requested == SwarmRole.MANAGER && known.get() != SwarmRole.MANAGER) {
            throw SigningRefusal.refused(SigningRefusal.POLICY_FORBIDS, "Swarm node " + nodeId + " was created as a "
                    + "worker; caas signs OU=swarm-manager only for nodes it created as managers (resize the "
                    + "cluster's master count through caas instead of docker node promote)");
        }
    }

    private static List<String> requireHosts(List<String> hosts, String nodeId, SwarmRole role) throws SigningRefusal {
        Set<String> allowed = role == SwarmRole.MANAGER
                ? Set.of(role.organizationalUnit(), nodeId, CA_HOST) : Set.of(role.organizationalUnit(), nodeId);
        if (hosts == null || hosts.isEmpty() || !allowed.containsAll(hosts)) {
            throw SigningRefusal.refused(SigningRefusal.INVALID_REQUEST,
                    "hosts " + hosts + " must be a non-empty subset of " + allowed + " for this node");
        }
        return List.copyOf(hosts);
    }

    private X509Certificate crossSign(ClusterSigningContext cluster, CfsslSignRequest request) throws SigningRefusal {
        Duration validity = policy.crossSigningValidity(clusterUuid).orElseThrow(() -> SigningRefusal.refused(
                SigningRefusal.POLICY_FORBIDS, "caas does not allow cluster " + clusterUuid + " to leave its root; "
                        + "rotate the cluster CA through caas"));
        X509Certificate certificate;
        try {
            certificate = cluster.issuer().crossSign(request.certificateRequest(), validity);
        } catch (IllegalArgumentException e) {
            throw SigningRefusal.refused(SigningRefusal.UNUSABLE_CSR, e.getMessage());
        }
        String commonName = CertificateNames.commonName(certificate).orElse("");
        recorder.signed(clusterUuid, new IssuedCertificate(certificate.getSerialNumber(), commonName, null,
                certificate.getNotAfter().toInstant()));
        LOG.info("external CA cross-signed a root: cluster={} subject=\"{}\" serial={} notAfter={}", clusterUuid,
                certificate.getSubjectX500Principal(), certificate.getSerialNumber().toString(16),
                certificate.getNotAfter().toInstant());
        return certificate;
    }
}
