package io.caas.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.api.auth.KeystonePeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What Keystone holds for a cluster's trust, as the cloud admin sees it: its trustee user and that user's trusts. */
final class Trustees {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Trustees() {
    }

    /** The trustee user caas made for the cluster (caas-&lt;uuid&gt; in domain caas_trustees), if Keystone has it. */
    static Optional<JsonNode> userOf(String clusterId) throws Exception {
        String admin = KeystonePeer.login("admin", "admin_pass", "admin").token();
        String domain = get(admin, "/v3/domains?name=caas_trustees").path("domains").path(0).path("id").asText();
        JsonNode users = get(admin, "/v3/users?name=caas-" + clusterId + "&domain_id=" + domain).path("users");
        return users.isEmpty() ? Optional.empty() : Optional.of(users.get(0));
    }

    /** The trusts whose trustee is {@code trusteeUserId}. */
    static List<JsonNode> trustsTo(String trusteeUserId) throws Exception {
        String admin = KeystonePeer.login("admin", "admin_pass", "admin").token();
        List<JsonNode> trusts = new ArrayList<>();
        get(admin, "/v3/OS-TRUST/trusts?trustee_user_id=" + trusteeUserId).path("trusts").forEach(trusts::add);
        return trusts;
    }

    /** Whether Keystone still knows trust {@code trustId}. */
    static boolean trustExists(String trustId) throws Exception {
        String admin = KeystonePeer.login("admin", "admin_pass", "admin").token();
        return send(admin, "/v3/OS-TRUST/trusts/" + trustId).statusCode() == 200;
    }

    private static JsonNode get(String token, String path) throws Exception {
        HttpResponse<String> response = send(token, path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " at Keystone: HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(KeystonePeer.URL + path)).header("X-Auth-Token", token)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
