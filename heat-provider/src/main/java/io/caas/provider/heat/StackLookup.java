package io.caas.provider.heat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.model.heat.Stack;
import org.openstack4j.openstack.heat.domain.HeatStack;

/**
 * A stack's state without its outputs ({@code resolve_outputs=False}), by name and id in one GET. Heat resolves
 * outputs by loading every nested stack (one per server here), which makes a full GET take hundreds of milliseconds
 * on a busy Heat; a change (update, delete) needs only the stack's id, status and parameters. OpenStack4j 3.12 has
 * no way to pass that query parameter, so this one call goes to Heat directly, like {@link StackPatch}.
 */
final class StackLookup {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private StackLookup() {
    }

    /** The stack, or empty when Heat no longer has it (404 or deleted). */
    static Optional<Stack> withoutOutputs(OSClientV3 client, String region, String name, String id)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(StackPatch.orchestration(client, region) + "/stacks/"
                        + name + "/" + id + "?resolve_outputs=False"))
                .header("X-Auth-Token", client.getToken().getId()).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("Heat answered HTTP " + response.statusCode() + " for stack " + name + ": "
                    + response.body());
        }
        Stack stack = ObjectMapperSingleton.getContext(HeatStack.class).readValue(response.body(), HeatStack.class);
        return "DELETE_COMPLETE".equals(stack.getStatus()) ? Optional.empty() : Optional.of(stack);
    }
}
