package io.caas.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.api.auth.KeystonePeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * A Keystone region of its own whose container-infra endpoint is a test's API. The Magnum plugin of the openstack
 * CLI ignores --os-endpoint once it logs in with a password and always takes the catalog's endpoint, so a test
 * points the CLI at its API with --os-region-name, leaving RegionOne's endpoint (shared by other tests) alone.
 */
final class CatalogRegion implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String adminToken;
    private final String region;
    private final String endpointId;

    private CatalogRegion(String adminToken, String region, String endpointId) {
        this.adminToken = adminToken;
        this.region = region;
        this.endpointId = endpointId;
    }

    static CatalogRegion pointingAt(String apiUrl) throws Exception {
        String admin = KeystonePeer.login("admin", "admin_pass", "admin").token();
        String region = "caas-test-" + UUID.randomUUID().toString().substring(0, 8);
        call(admin, "POST", "/v3/regions", "{\"region\": {\"id\": \"" + region + "\"}}", 201);
        JsonNode services = call(admin, "GET", "/v3/services?type=container-infra", null, 200).path("services");
        if (services.isEmpty()) {
            throw new IllegalStateException("Keystone has no container-infra service: run scripts/keystone-peer.sh seed");
        }
        String endpoint = call(admin, "POST", "/v3/endpoints", JSON.writeValueAsString(JSON.createObjectNode().set(
                "endpoint", JSON.createObjectNode().put("service_id", services.get(0).path("id").asText())
                        .put("interface", "public").put("url", apiUrl).put("region_id", region))), 201)
                .path("endpoint").path("id").asText();
        return new CatalogRegion(admin, region, endpoint);
    }

    String name() {
        return region;
    }

    @Override
    public void close() throws Exception {
        call(adminToken, "DELETE", "/v3/endpoints/" + endpointId, null, 204);
        call(adminToken, "DELETE", "/v3/regions/" + region, null, 204);
    }

    private static JsonNode call(String token, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(KeystonePeer.URL + path))
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " at Keystone: HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
