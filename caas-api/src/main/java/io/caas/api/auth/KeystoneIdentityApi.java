package io.caas.api.auth;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The three Keystone v3 calls caas makes: log in, validate a token, list revocation events. */
final class KeystoneIdentityApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI v3;
    private final Duration timeout;
    private final HttpClient http;

    KeystoneIdentityApi(URI v3, Duration timeout) {
        this.v3 = v3;
        this.timeout = timeout;
        // uwsgi's http11-socket and most proxies in front of Keystone speak HTTP/1.1 only
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    record IssuedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[expires_at=" + expiresAt + "]";
        }
    }

    /** Thrown when Keystone answers 401 to caas's own token: it expired or was revoked, log in again. */
    static final class ServiceTokenRejected extends Exception {
        ServiceTokenRejected() {
            super("Keystone rejected caas's service token");
        }
    }

    IssuedToken passwordLogin(KeystoneSettings settings) throws IdentityUnavailableException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", settings.username());
        user.putObject("domain").put("name", settings.userDomainName());
        user.put("password", settings.password());
        ObjectNode project = ((ObjectNode) body.get("auth")).putObject("scope").putObject("project");
        project.put("name", settings.projectName());
        project.putObject("domain").put("name", settings.projectDomainName());

        HttpResponse<String> response = send(HttpRequest.newBuilder(resolve("auth/tokens?nocatalog"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() != 201) {
            throw new IdentityUnavailableException("Keystone refused the login of service user '"
                    + settings.username() + "' in project '" + settings.projectName() + "' (HTTP "
                    + response.statusCode() + "); check [keystone_authtoken] username, password, project_name");
        }
        String token = response.headers().firstValue("X-Subject-Token").orElseThrow(() ->
                new IdentityUnavailableException("Keystone issued no X-Subject-Token header to the service user"));
        return new IssuedToken(token, Instant.parse(parse(response).path("token").path("expires_at").asText()));
    }

    /** The token's identity, or empty if Keystone does not know it, it expired or it was revoked. */
    Optional<ValidatedToken> validate(String serviceToken, String userToken)
            throws IdentityUnavailableException, ServiceTokenRejected {
        HttpResponse<String> response = send(HttpRequest.newBuilder(resolve("auth/tokens?nocatalog"))
                .header("X-Auth-Token", serviceToken)
                .header("X-Subject-Token", userToken)
                .GET());
        return switch (response.statusCode()) {
            case 200 -> Optional.of(toValidatedToken(parse(response).path("token")));
            case 404 -> Optional.empty();
            case 401 -> throw new ServiceTokenRejected();
            case 403 -> throw new IdentityUnavailableException("Keystone does not let caas's service user validate"
                    + " tokens (HTTP 403); give it the admin or service role on its project");
            default -> throw new IdentityUnavailableException("Keystone answered HTTP " + response.statusCode()
                    + " to a token validation");
        };
    }

    List<RevocationEvent> revocationEvents(String serviceToken, Instant since)
            throws IdentityUnavailableException, ServiceTokenRejected {
        String query = "OS-REVOKE/events?since="
                + URLEncoder.encode(since.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(resolve(query))
                .header("X-Auth-Token", serviceToken)
                .GET());
        if (response.statusCode() == 401) {
            throw new ServiceTokenRejected();
        }
        if (response.statusCode() != 200) {
            throw new IdentityUnavailableException("Keystone answered HTTP " + response.statusCode()
                    + " to the revocation event list; give caas's service user the admin role on its project");
        }
        List<RevocationEvent> events = new ArrayList<>();
        parse(response).path("events").forEach(event -> events.add(new RevocationEvent(event)));
        return events;
    }

    private static ValidatedToken toValidatedToken(JsonNode token) {
        Set<String> roles = new LinkedHashSet<>();
        Set<String> roleIds = new LinkedHashSet<>();
        token.path("roles").forEach(role -> {
            roles.add(role.path("name").asText());
            roleIds.add(role.path("id").asText());
        });
        JsonNode auditIds = token.path("audit_ids");
        String auditId = auditIds.path(0).asText(null);
        String chainId = auditIds.size() > 1 ? auditIds.path(auditIds.size() - 1).asText() : auditId;
        JsonNode user = token.path("user");
        JsonNode project = token.path("project");
        return new ValidatedToken(user.path("id").asText(), user.path("name").asText(null),
                user.path("domain").path("id").asText(null),
                project.path("id").asText(null), project.path("name").asText(null),
                project.path("domain").path("id").asText(null), roles, roleIds,
                Instant.parse(token.path("issued_at").asText()), Instant.parse(token.path("expires_at").asText()),
                auditId, chainId);
    }

    private URI resolve(String relative) {
        return URI.create(v3 + "/" + relative);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IdentityUnavailableException {
        try {
            return http.send(request.timeout(timeout).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IdentityUnavailableException("Keystone at " + v3 + " does not answer (" + e
                    + "); check that it runs and that [keystone_authtoken] auth_url points at it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityUnavailableException("interrupted while waiting for Keystone", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response) throws IdentityUnavailableException {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IdentityUnavailableException("Keystone sent a body that is not JSON: " + e.getMessage(), e);
        }
    }
}
