package io.caas.api.testing;

import io.caas.api.web.ApiServer;
import io.caas.api.web.Caller;
import io.caas.api.web.CallerResolver;
import io.caas.api.v1.Catalogues;
import io.caas.api.ca.ClusterCaCertificates;
import io.caas.api.ca.IssuedCertificateLog;
import io.caas.api.policy.Policy;
import io.caas.api.policy.PolicyAuthorizer;
import io.caas.core.config.CaasConfig;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.secrets.SecretBox;
import io.caas.core.spi.Catalogue;
import io.caas.core.spi.DriverKey;
import io.caas.core.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A real API server on an ephemeral loopback port over a fresh MariaDB database, and an HTTP client for it. The
 * caller comes from X-Project-Id / X-User-Id / X-Roles (no X-Roles: admin, as the no-auth default).
 */
public final class ApiFixture implements AutoCloseable {
    public static final DriverKey SWARM_MODE = new DriverKey("vm", "fedora-atomic", "swarm-mode");

    public final TestDatabase db = TestDatabase.create();
    public final RecordingSink sink = new RecordingSink();
    public final Path stateDir = temporaryDirectory();
    public final SecretBox box = SecretBox.fromKeyFile(stateDir.resolve("master.key"));
    public final ClusterCaStore caStore = new ClusterCaStore(db.database(), box, Clock.systemUTC(), Duration.ofDays(3650));
    public final ClusterSecrets secrets = new ClusterSecrets(db.database(), box);
    public final ApiServer.Handle handle;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Map<String, String> identity = Map.of();

    public ApiFixture() {
        this(CallerResolver.noAuthDefault());
    }

    public ApiFixture(CallerResolver resolver) {
        this(resolver, config -> config);
    }

    /**
     * The server as tests wire it: callers from {@code resolver}, the policy of the (adjusted) configuration and the
     * real cluster CA store.
     */
    public ApiFixture(CallerResolver resolver, UnaryOperator<CaasConfig> configure) {
        this(configure, (fixture, config) -> fixture.server(config, resolver,
                Catalogues.single("local", new FakeCatalogue()), Set.of(SWARM_MODE)));
    }

    /**
     * The API (no auth: callers are admin) over one provider's catalogue, e.g. a real cloud's: template create checks
     * images, flavors and external networks against it and accepts the distros of {@code drivers}.
     */
    public static ApiFixture over(String provider, Catalogue catalogue, DriverKey... drivers) {
        return new ApiFixture(config -> config, (fixture, config) -> fixture.server(config,
                CallerResolver.noAuthDefault(), Catalogues.single(provider, catalogue), Set.of(drivers)));
    }

    private ApiServer server(CaasConfig config, CallerResolver resolver, Catalogues catalogues, Set<DriverKey> drivers) {
        return new ApiServer(config, db.database(), catalogues, drivers, sink, resolver,
                new PolicyAuthorizer(Policy.load(config)), new ClusterCaCertificates(caStore,
                        new IssuedCertificateLog(db.database(), Clock.systemUTC()), Duration.ofDays(30)));
    }

    private ApiFixture(UnaryOperator<CaasConfig> configure, BiFunction<ApiFixture, CaasConfig, ApiServer> build) {
        CaasConfig config = configure.apply(db.config().with("api", "host", "127.0.0.1").with("api", "port", "0"));
        handle = build.apply(this, config).start();
    }

    /** The API exactly as {@link ApiServer#forConfig} builds it for {@code caas}, here with auth_strategy = noauth. */
    public static ApiFixture deployed(UnaryOperator<CaasConfig> configure, Object... extraComponents) {
        return new ApiFixture(config -> configure.apply(config.with("api", "auth_strategy", "noauth")),
                (fixture, config) -> {
                    ApiServer server = ApiServer.forConfig(config, fixture.db.database(),
                            Catalogues.single("local", new FakeCatalogue()), Set.of(SWARM_MODE), fixture.sink,
                            fixture.caStore, fixture.secrets);
                    Arrays.stream(extraComponents).forEach(server::register);
                    return server;
                });
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("caas-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
