package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The Docker Engine API of one engine over mutual TLS (tcp://host:2376): what the conductor reads of a swarm and
 * the few changes it makes (drain, remove). API v1.41 is what docker 20.10 speaks and what later engines still
 * accept.
 */
public final class EngineClient {
    private static final String API = "/v1.41";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;

    EngineClient(String hostAndPort, SSLContext tls) {
        this(hostAndPort, tls, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    private EngineClient(String hostAndPort, SSLContext tls, Duration connectTimeout, Duration requestTimeout) {
        this.base = URI.create("https://" + hostAndPort);
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(connectTimeout).build();
        this.requestTimeout = requestTimeout;
    }

    /** A client for the engine at {@code hostAndPort} that presents {@code client} and trusts only the root. */
    public static EngineClient connect(String hostAndPort, PemCredentials client, String clusterRootPem) {
        return new EngineClient(hostAndPort, PemSslContexts.mutual(client, clusterRootPem));
    }

    /** As {@link #connect}, but gives up on an engine after {@code timeout}: a health check must not hang on a dead host. */
    public static EngineClient connect(String hostAndPort, PemCredentials client, String clusterRootPem, Duration timeout) {
        return new EngineClient(hostAndPort, PemSslContexts.mutual(client, clusterRootPem), timeout, timeout);
    }

    public String address() {
        return base.getAuthority();
    }

    public JsonNode info() throws EngineApiException {
        return call("GET", "/info", null);
    }

    /** The swarm as a manager sees it (TLSInfo.TrustRoot, RootRotationInProgress, JoinTokens); 503 off a manager. */
    public JsonNode swarm() throws EngineApiException {
        return call("GET", "/swarm", null);
    }

    /**
     * Makes a swarm that runs on its internal root rotate to {@code rootPem}, with caas's cfssl endpoint as its
     * external CA (the CLI's `docker swarm ca --rotate --ca-cert --external-ca`). Done after init, not at init, so
     * caas knows the internal root the leader's certificate chains to before the leader first calls the CA.
     */
    public void useExternalCa(String rootPem, String externalCaUrl) throws EngineApiException {
        JsonNode swarm = swarm();
        ObjectNode spec = (ObjectNode) swarm.path("Spec");
        ObjectNode caConfig = spec.path("CAConfig") instanceof ObjectNode existing ? existing : spec.putObject("CAConfig");
        caConfig.put("SigningCACert", rootPem);
        caConfig.putArray("ExternalCAs").addObject()
                .put("Protocol", "cfssl").put("URL", externalCaUrl).put("CACert", rootPem);
        call("POST", "/swarm/update?version=" + swarm.path("Version").path("Index").asLong(), spec);
    }

    /** Turns swarm autolock on (or keeps it on): a restarted manager then waits for the unlock key. */
    public void autolockManagers() throws EngineApiException {
        updateSwarm(false);
    }

    /** Has swarm make a new unlock key; the old one no longer unlocks a manager. */
    public void rotateUnlockKey() throws EngineApiException {
        updateSwarm(true);
    }

    private void updateSwarm(boolean rotateUnlockKey) throws EngineApiException {
        JsonNode swarm = swarm();
        ObjectNode spec = (ObjectNode) swarm.path("Spec");
        ObjectNode encryption = spec.path("EncryptionConfig") instanceof ObjectNode existing ? existing
                : spec.putObject("EncryptionConfig");
        encryption.put("AutoLockManagers", true);
        call("POST", "/swarm/update?version=" + swarm.path("Version").path("Index").asLong()
                + "&rotateManagerUnlockKey=" + rotateUnlockKey, spec);
    }

    /** The swarm's current unlock key (SWMKEY-1-...), empty when autolock is off. */
    public String unlockKey() throws EngineApiException {
        return call("GET", "/swarm/unlockkey", null).path("UnlockKey").asText("");
    }

    /** Unlocks this engine's manager, which a restart left locked (Info.Swarm.LocalNodeState "locked"). */
    public void unlock(String unlockKey) throws EngineApiException {
        call("POST", "/swarm/unlock", JSON.createObjectNode().put("UnlockKey", unlockKey));
    }

    public List<SwarmNode> nodes() throws EngineApiException {
        List<SwarmNode> nodes = new ArrayList<>();
        call("GET", "/nodes", null).forEach(node -> nodes.add(SwarmNode.of(node)));
        return nodes;
    }

    /** Sets a node's availability to drain, so swarm moves its tasks elsewhere before the host goes. */
    public void drain(String nodeId) throws EngineApiException {
        JsonNode node = call("GET", "/nodes/" + nodeId, null);
        ObjectNode spec = ((ObjectNode) node.path("Spec")).put("Availability", "drain");
        call("POST", "/nodes/" + nodeId + "/update?version=" + node.path("Version").path("Index").asLong(), spec);
    }

    /**
     * Makes a manager a worker (`docker node demote`), which takes it out of the raft: done before a manager's host
     * goes, so the remaining managers' quorum is counted without it. Also works on a manager that is down, as long
     * as the others hold a quorum.
     */
    public void demote(String nodeId) throws EngineApiException {
        JsonNode node = call("GET", "/nodes/" + nodeId, null);
        ObjectNode spec = ((ObjectNode) node.path("Spec")).put("Role", SwarmRoles.WORKER);
        call("POST", "/nodes/" + nodeId + "/update?version=" + node.path("Version").path("Index").asLong(), spec);
    }

    /** How many tasks swarm still wants running on a node; 0 once a drain has moved them all. */
    public int runningTasks(String nodeId) throws EngineApiException {
        String filters = JSON.createObjectNode().<ObjectNode>set("node", JSON.createArrayNode().add(nodeId))
                .set("desired-state", JSON.createArrayNode().add("running")).toString();
        return call("GET", "/tasks?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8), null).size();
    }

    /** Removes a node from the swarm; {@code force} for one whose host is already gone. */
    public void removeNode(String nodeId, boolean force) throws EngineApiException {
        call("DELETE", "/nodes/" + nodeId + "?force=" + force, null);
    }

    JsonNode call(String method, String path, JsonNode body) throws EngineApiException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(API + path)).timeout(requestTimeout)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EngineApiException("Engine API at " + address() + " did not answer " + method + " " + path
                    + ": " + e.getMessage() + "; check that the host runs and its dockerd listens with TLS", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineApiException("Interrupted while calling " + method + " " + path + " at " + address(), e);
        }
        String text = response.body();
        if (response.statusCode() >= 300) {
            throw new EngineApiException(response.statusCode(), "Engine API at " + address() + " answered "
                    + response.statusCode() + " to " + method + " " + path + ": " + errorMessage(text));
        }
        try {
            return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new EngineApiException(response.statusCode(), "Engine API at " + address()
                    + " sent JSON that does not parse for " + method + " " + path + ": " + e.getMessage());
        }
    }

    private static String errorMessage(String body) {
        try {
            return JSON.readTree(body).path("message").asText(body.strip());
        } catch (IOException e) {
            return body.strip();
        }
    }
}
