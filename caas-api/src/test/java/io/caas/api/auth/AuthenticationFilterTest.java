package io.caas.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.api.policy.Policy;
import io.caas.api.policy.PolicyNotAuthorizedMapper;
import io.caas.core.config.CaasConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter plugged into a real Jersey/Grizzly server, against the real Keystone. */
@ExtendWith(KeystonePeer.class)
class AuthenticationFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Policy POLICY = Policy.defaults();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;
    private String base;

    @Path("/")
    public static class Probe {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> root() {
            return Map.of("name", "root");
        }

        @GET
        @Path("v1")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> v1() {
            return Map.of("name", "v1");
        }

        @GET
        @Path("healthcheck")
        @Produces(MediaType.TEXT_PLAIN)
        public String health() {
            return "OK";
        }

        @GET
        @Path("v1/whoami")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> whoami(@Context ContainerRequestContext request) {
            RequestContext context = RequestContext.of(request);
            return Map.of("user_id", context.userId(), "project_id", context.projectId(),
                    "is_admin", context.isAdmin(), "request_id", context.requestId());
        }

        @GET
        @Path("v1/mservices")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> services(@Context ContainerRequestContext request) {
            POLICY.enforce("magnum-service:get_all", RequestContext.of(request), null);
            return Map.of("mservices", List.of());
        }
    }

    private void serve(String configText) {
        CaasConfig config = CaasConfig.parse(configText, Map.of());
        ResourceConfig app = new ResourceConfig(Probe.class)
                .register(JacksonFeature.class)
                .register(PolicyNotAuthorizedMapper.class)
                .register(Authentication.filter(config));
        server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), app);
        base = "http://127.0.0.1:" + server.getListener("grizzly").getPort();
    }

    private void serveKeystone() {
        serve("""
                [api]
                auth_strategy = keystone
                [keystone_authtoken]
                www_authenticate_uri = %s/v3
                auth_url = %s
                username = caas
                password = caas_pass
                project_name = service
                revocation_poll_interval = 0
                """.formatted(KeystonePeer.URL, KeystonePeer.URL));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void versionDocumentsAndHealthcheckNeedNoToken() throws Exception {
        serveKeystone();

        for (String path : new String[] {"/", "/v1", "/v1/", "/healthcheck"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void aMissingOrBogusTokenIs401InMagnumsEnvelopeWithAKeystoneChallenge() throws Exception {
        serveKeystone();

        for (HttpResponse<String> response : new HttpResponse[] {get("/v1/whoami"),
                get("/v1/whoami", "X-Auth-Token", "bogus")}) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Keystone uri=\"" + KeystonePeer.URL + "/v3\"");
            JsonNode error = JSON.readTree(response.body()).path("errors").path(0);
            assertThat(error.path("status").asInt()).isEqualTo(401);
            assertThat(error.path("code").asText()).isEqualTo("client");
            assertThat(error.path("title").asText()).isEqualTo("The request you have made requires authentication");
            assertThat(error.path("detail").asText()).isEqualTo("The request you have made requires authentication.");
            assertThat(error.path("request_id").asText()).isEmpty();
            assertThat(error.path("links").isArray()).isTrue();
        }
    }

    @Test
    void aValidTokenPutsTheCallersContextOnTheRequest() throws Exception {
        serveKeystone();
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");

        HttpResponse<String> response = get("/v1/whoami", "X-Auth-Token", alice.token());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("project_id").asText()).isEqualTo(alice.projectId());
        assertThat(body.path("user_id").asText()).isEqualTo(alice.userId());
        assertThat(body.path("is_admin").asBoolean()).isFalse();
        assertThat(body.path("request_id").asText()).startsWith("req-");
    }

    @Test
    void policyDenialsAre403WithMagnumsMessage() throws Exception {
        serveKeystone();
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        KeystonePeer.IssuedToken admin = KeystonePeer.login("admin", "admin_pass", "admin");

        HttpResponse<String> denied = get("/v1/mservices", "X-Auth-Token", alice.token());
        HttpResponse<String> allowed = get("/v1/mservices", "X-Auth-Token", admin.token());

        assertThat(denied.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(denied.body()).path("errors").path(0);
        assertThat(error.path("detail").asText()).isEqualTo("Policy doesn't allow magnum-service:get_all to be performed.");
        assertThat(error.path("title").asText()).isEqualTo("Policy doesn't allow magnum-service:get_all to be performed");
        assertThat(error.path("status").asInt()).isEqualTo(403);
        assertThat(allowed.statusCode()).isEqualTo(200);
    }

    @Test
    void noauthMakesEveryCallerAnAdminOfTheProjectItNames() throws Exception {
        serve("[api]\nauth_strategy = noauth\n");

        JsonNode anonymous = JSON.readTree(get("/v1/whoami").body());
        JsonNode named = JSON.readTree(get("/v1/whoami", "X-Project-Id", "p7", "X-Auth-Token", "notused").body());

        assertThat(anonymous.path("project_id").asText()).isEqualTo(NoAuthAuthenticator.DEFAULT_PROJECT_ID);
        assertThat(anonymous.path("user_id").asText()).isEqualTo("admin");
        assertThat(anonymous.path("is_admin").asBoolean()).isTrue();
        assertThat(named.path("project_id").asText()).isEqualTo("p7");
        assertThat(get("/v1/mservices").statusCode()).isEqualTo(200);
        assertThat(get("/v1/whoami", "X-Project-Id", "p7;rm -rf /").statusCode()).isEqualTo(401);
    }

    @Test
    void anUnreachableKeystoneIs503NotAnInvalidToken() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        serve("""
                [keystone_authtoken]
                auth_url = http://127.0.0.1:%d
                username = caas
                password = caas_pass
                revocation_poll_interval = 0
                """.formatted(closedPort));

        HttpResponse<String> response = get("/v1/whoami", "X-Auth-Token", "any");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(response.body()).path("errors").path(0);
        assertThat(error.path("code").asText()).isEqualTo("server");
        assertThat(error.path("detail").asText()).isEqualTo("The Keystone service is temporarily unavailable.");
    }

    @Test
    void anUnknownAuthStrategyIsRejectedAtStartUp() {
        assertThatThrownBy(() -> Authentication.filter(CaasConfig.parse("[api]\nauth_strategy = ldap\n", Map.of())))
                .hasMessageContaining("keystone or noauth");
    }
}
