package io.caas.provider.heat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.types.Facing;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;

/**
 * A stack update that keeps the stack's template, files and environment and changes only the parameters sent
 * (PATCH with existing semantics, as Magnum scales). OpenStack4j 3.12 only has PUT, which replaces everything, so
 * this one call goes to Heat directly, with the session's token and the catalog's orchestration endpoint.
 */
final class StackPatch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private StackPatch() {
    }

    static void send(OSClientV3 client, String region, String stackName, String stackId, Map<String, String> parameters,
                     Integer timeoutMinutes) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("parameters", parameters);
        if (timeoutMinutes != null) {
            body.put("timeout_mins", timeoutMinutes);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(orchestration(client, region) + "/stacks/" + stackName + "/" + stackId))
                .header("X-Auth-Token", client.getToken().getId())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("Heat refused the update of stack " + stackName + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
    }

    /** The public orchestration endpoint of {@code region} in the session's catalog, without a trailing slash. */
    static String orchestration(OSClientV3 client, String region) throws IOException {
        for (Service service : client.getToken().getCatalog()) {
            if (!"orchestration".equals(service.getType())) {
                continue;
            }
            for (Endpoint endpoint : service.getEndpoints()) {
                if (endpoint.getIface() == Facing.PUBLIC && (region == null || region.equals(endpoint.getRegion()))) {
                    return endpoint.getUrl().toString().replaceAll("/+$", "");
                }
            }
        }
        throw new IOException("Keystone's catalog has no public orchestration endpoint in region " + region
                + "; register Heat there");
    }
}
