package io.caas.core.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keystone v3 calls behind per-cluster trusts (OpenStack4j 3.12 has no OS-TRUST API): the trustee user, made and
 * deleted by the trustee-domain admin; the trust, made with the creating user's own token; and the trustee's
 * trust-scoped token, which acts as that user on the cluster's project.
 *
 * <p>Trusts are made with {@code impersonation} (Heat and the nodes act as the user, as Magnum does) and
 * {@code allow_redelegation}: Heat (deferred_auth_method = trusts) makes its own trust for each stack from the
 * token it is called with, and Keystone refuses that from a trust-scoped token of a trust that forbids
 * redelegation (403 at stack create).
 */
public final class KeystoneTrusts {
    private static final Logger LOG = LoggerFactory.getLogger(KeystoneTrusts.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private static final int PASSWORD_BYTES = 32;

    /** A token Keystone issued: its id and the whole body (what OpenStack4j builds a client from). */
    public record IssuedToken(String id, String body, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[expires_at=" + expiresAt + "]";
        }
    }

    private record DomainAdmin(IssuedToken token, String domainId) {
    }

    private final TrustSettings settings;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();
    private DomainAdmin domainAdmin;

    public KeystoneTrusts(TrustSettings settings) {
        this.settings = settings;
        // uwsgi's http11-socket and most proxies in front of Keystone speak HTTP/1.1 only
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.httpTimeout()).build();
    }

    /**
     * Makes cluster {@code clusterId}'s trustee (user caas-&lt;cluster&gt; with a random password) and the trust from
     * the caller to it on {@code projectId}; when the trust cannot be made, the trustee is removed again.
     *
     * @param callerToken the caller's own token: Keystone only lets a user delegate their own roles
     */
    public ClusterTrust create(String callerToken, String trustorUserId, String projectId, Collection<String> callerRoles,
                               String clusterId) throws TrustException {
        DomainAdmin admin = domainAdmin();
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        String userName = "caas-" + clusterId;
        ObjectNode user = JSON.createObjectNode();
        user.putObject("user").put("name", userName).put("domain_id", admin.domainId()).put("password", password)
                .put("description", "caas cluster " + clusterId + " acting for project " + projectId);
        HttpResponse<String> made = send("POST", "users", admin.token().id(), user);
        if (made.statusCode() == 409) {
            throw new TrustException("Keystone already has a trustee user " + userName + " in domain "
                    + settings.trusteeDomainName() + "; create the cluster with another UUID", true);
        }
        expect(made, 201, "create trustee user " + userName + " as [trust] trustee_domain_admin_name "
                + settings.domainAdminName());
        String trusteeId = parse(made).path("user").path("id").asText();

        List<String> roles = settings.roles().isEmpty() ? List.copyOf(callerRoles) : settings.roles();
        ObjectNode trust = JSON.createObjectNode();
        ObjectNode body = trust.putObject("trust").put("trustor_user_id", trustorUserId).put("trustee_user_id", trusteeId)
                .put("project_id", projectId).put("impersonation", true).put("allow_redelegation", true);
        ArrayNode roleList = body.putArray("roles");
        roles.forEach(role -> roleList.addObject().put("name", role));
        HttpResponse<String> delegated;
        try {
            delegated = send("POST", "OS-TRUST/trusts", callerToken, trust);
        } catch (TrustException e) {
            deleteQuietly(trusteeId);
            throw e;
        }
        if (delegated.statusCode() != 201) {
            deleteQuietly(trusteeId);
            boolean callerFault = delegated.statusCode() / 100 == 4;
            throw new TrustException("Keystone refused the trust from user " + trustorUserId + " to the cluster's"
                    + " trustee on project " + projectId + " with roles " + roles + " (HTTP " + delegated.statusCode()
                    + ": " + keystoneMessage(delegated) + ")" + (callerFault
                    ? "; create the cluster with a project-scoped token of your own (not a trust or application"
                    + " credential that forbids delegation) holding these roles"
                    : "; Keystone failed, try again later"), callerFault);
        }
        String trustId = parse(delegated).path("trust").path("id").asText();
        LOG.info("event=cluster_trust_created cluster={} trustee_user_id={} trust_id={} project={} roles={}",
                clusterId, trusteeId, trustId, projectId, roles);
        return new ClusterTrust(trusteeId, userName, password, trustId, projectId);
    }

    /** Deletes the trust and the trustee user; either one already gone counts as deleted. */
    public void delete(ClusterTrust trust) throws TrustException {
        DomainAdmin admin = domainAdmin();
        HttpResponse<String> revoked = send("DELETE", "OS-TRUST/trusts/" + trust.trustId(), admin.token().id(), null);
        if (revoked.statusCode() != 404) {
            expect(revoked, 204, "delete trust " + trust.trustId());
        }
        HttpResponse<String> removed = send("DELETE", "users/" + trust.trusteeUserId(), admin.token().id(), null);
        if (removed.statusCode() != 404) {
            expect(removed, 204, "delete trustee user " + trust.trusteeUserId());
        }
        LOG.info("event=cluster_trust_deleted trustee_user_id={} trust_id={}", trust.trusteeUserId(), trust.trustId());
    }

    /** Whether Keystone still has the trust (as the trustee-domain admin sees it). */
    public boolean exists(ClusterTrust trust) throws TrustException {
        HttpResponse<String> response = send("GET", "OS-TRUST/trusts/" + trust.trustId(), domainAdmin().token().id(), null);
        if (response.statusCode() == 404) {
            return false;
        }
        expect(response, 200, "read trust " + trust.trustId());
        return true;
    }

    /** The trustee's token scoped to the trust: it acts as the trustor on the trust's project. */
    public IssuedToken trustScopedToken(ClusterTrust trust) throws TrustException {
        ObjectNode auth = JSON.createObjectNode();
        ObjectNode identity = auth.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        identity.putObject("password").putObject("user").put("id", trust.trusteeUserId())
                .put("password", trust.trusteePassword());
        ((ObjectNode) auth.get("auth")).putObject("scope").putObject("OS-TRUST:trust").put("id", trust.trustId());
        HttpResponse<String> response = send("POST", "auth/tokens", null, auth);
        if (response.statusCode() != 201) {
            throw new TrustException("Keystone refused the trustee " + trust.trusteeUserId() + " a token for trust "
                    + trust.trustId() + " (HTTP " + response.statusCode() + ": " + keystoneMessage(response)
                    + "); the trust was deleted or expired, or its trustor lost the delegated roles on project "
                    + trust.projectId(), response.statusCode() / 100 == 4);
        }
        return issued(response);
    }

    private void deleteQuietly(String trusteeId) {
        try {
            DomainAdmin admin = domainAdmin();
            send("DELETE", "users/" + trusteeId, admin.token().id(), null);
        } catch (TrustException e) {
            LOG.warn("event=trustee_cleanup_failed trustee_user_id={} error=\"{}\"", trusteeId, e.getMessage());
        }
    }

    private synchronized DomainAdmin domainAdmin() throws TrustException {
        if (domainAdmin != null && domainAdmin.token().expiresAt().isAfter(Instant.now().plus(RENEW_BEFORE))) {
            return domainAdmin;
        }
        ObjectNode auth = JSON.createObjectNode();
        ObjectNode identity = auth.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", settings.domainAdminName()).put("password", settings.domainAdminPassword());
        user.putObject("domain").put("name", settings.domainAdminDomainName());
        ((ObjectNode) auth.get("auth")).putObject("scope").putObject("domain").put("name", settings.trusteeDomainName());
        HttpResponse<String> response = send("POST", "auth/tokens?nocatalog", null, auth);
        expect(response, 201, "log in as [trust] trustee_domain_admin_name " + settings.domainAdminName()
                + " scoped to domain " + settings.trusteeDomainName());
        IssuedToken token = issued(response);
        domainAdmin = new DomainAdmin(token, parse(response).path("token").path("domain").path("id").asText());
        return domainAdmin;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    private IssuedToken issued(HttpResponse<String> response) throws TrustException {
        String id = response.headers().firstValue("X-Subject-Token").orElseThrow(() ->
                new TrustException("Keystone issued a token without an X-Subject-Token header", false));
        return new IssuedToken(id, response.body(),
                Instant.parse(parse(response).path("token").path("expires_at").asText()));
    }

    /** The trustee-domain admin's calls failing is the operator's to fix: their message says which key to check. */
    private void expect(HttpResponse<String> response, int status, String what) throws TrustException {
        if (response.statusCode() != status) {
            throw new TrustException("Keystone did not let caas " + what + " (HTTP " + response.statusCode() + ": "
                    + keystoneMessage(response) + "); check the [trust] section and that the trustee domain admin"
                    + " has the admin role on domain " + settings.trusteeDomainName(), false);
        }
    }

    private HttpResponse<String> send(String method, String path, String token, JsonNode body) throws TrustException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.identityV3() + "/" + path))
                .timeout(settings.httpTimeout()).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TrustException("Keystone at " + settings.identityV3() + " does not answer (" + e
                    + "); check that it runs and that [trust] auth_url (or [keystone_authtoken] auth_url) points at it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrustException("Interrupted while waiting for Keystone", e);
        }
    }

    private static String keystoneMessage(HttpResponse<String> response) {
        try {
            String message = JSON.readTree(response.body()).path("error").path("message").asText("");
            return message.isEmpty() ? "no message" : message;
        } catch (IOException e) {
            return "no JSON body";
        }
    }

    private static JsonNode parse(HttpResponse<String> response) throws TrustException {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new TrustException("Keystone sent a body that is not JSON: " + e.getMessage(), false);
        }
    }
}
