package io.caas.api.testing;

import io.caas.api.web.ApiServer;
import io.caas.api.web.Caller;
import io.caas.api.web.CallerResolver;
import io.caas.api.web.MagnumDefaultPolicy;
import io.caas.api.v1.Catalogues;
import io.caas.core.config.CaasConfig;
import io.caas.core.spi.DriverKey;
import io.caas.core.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real API server on an ephemeral loopback port over a fresh MariaDB database, and an HTTP client for it. The
 * caller comes from X-Project-Id / X-User-Id / X-Roles (no X-Roles: admin, as the no-auth default).
 */
public final class ApiFixture implements AutoCloseable {
    public static final DriverKey SWARM_MODE = new DriverKey("vm", "fedora-atomic", "swarm-mode");

    public final TestDatabase db = TestDatabase.create();
    public final RecordingSink sink = new RecordingSink();
    public final FakeCertificates certificates = new FakeCertificates();
    public final ApiServer.Handle handle;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Map<String, String> identity = Map.of();

    public ApiFixture() {
        this(CallerResolver.noAuthDefault());
    }

    public ApiFixture(CallerResolver resolver) {
        CaasConfig config = db.config().with("api", "host", "127.0.0.1").with("api", "port", "0");
        handle = new ApiServer(config, db.database(), Catalogues.single("local", new FakeCatalogue()), Set.of(SWARM_MODE),
                sink, resolver, new MagnumDefaultPolicy(), certificates).start();
    }

    /** Resolves callers from headers, so tests can act as tenants of different projects. */
    public static CallerResolver headerCallers() {
        return request -> {
            String roles = request.getHeaderString("X-Roles");
            Set<String> roleSet = roles == null ? Set.of("admin")
                    : Arrays.stream(roles.split(",")).map(String::strip).collect(Collectors.toSet());
            String project = request.getHeaderString("X-Project-Id");
            String user = request.getHeaderString("X-User-Id");
            return new Caller(user == null ? "admin" : user, project == null ? "default" : project, roleSet,
                    roleSet.contains("admin"));
        };
    }

    /** Following requests act as a member of {@code project} (user {@code user}). */
    public ApiFixture as(String project, String user) {
        identity = Map.of("X-Project-Id", project, "X-User-Id", user, "X-Roles", "member");
        return this;
    }

    public ApiFixture asAdmin() {
        identity = Map.of();
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + handle.port();
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Reply post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    public Reply patch(String path, String body, String... headers) {
        return send("PATCH", path, body, headers);
    }

    public Reply delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    public Reply send(String method, String path, String body, String... headers) {
        Map<String, String> all = new LinkedHashMap<>(identity);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        all.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Creates a swarm-mode template and returns its uuid. */
    public String template(String name) {
        Reply reply = post("/v1/clustertemplates", "{\"name\":\"" + name + "\",\"coe\":\"swarm-mode\",\"image_id\":"
                + "\"fedora-atomic-27\",\"flavor_id\":\"m1.small\",\"master_flavor_id\":\"m1.small\","
                + "\"external_network_id\":\"public\",\"labels\":{\"a\":\"1\"}}");
        if (reply.status() != 201) {
            throw new AssertionError("template create: " + reply.body());
        }
        return reply.json().get("uuid").asText();
    }

    /** Creates a cluster and returns its uuid. */
    public String cluster(String name, String template) {
        Reply reply = post("/v1/clusters", "{\"name\":\"" + name + "\",\"cluster_template_id\":\"" + template + "\"}");
        if (reply.status() != 202) {
            throw new AssertionError("cluster create: " + reply.body());
        }
        return reply.json().get("uuid").asText();
    }

    @Override
    public void close() {
        handle.stop();
        db.close();
    }
}
