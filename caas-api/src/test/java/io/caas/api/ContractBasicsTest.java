package io.caas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.Reply;
import io.caas.api.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing, version documents, microversions, headers and error bodies that every endpoint shares. */
class ContractBasicsTest {
    private static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void rootListsV1WithItsVersionRange() throws Exception {
        Reply reply = api.get("/");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode expected = Json.MAPPER.readTree("{\"name\":\"OpenStack Magnum API\",\"description\":\"Magnum is an"
                + " OpenStack project which aims to provide container cluster management.\",\"versions\":[{\"id\":\"v1\","
                + "\"links\":[{\"href\":\"" + api.url() + "/v1/\",\"rel\":\"self\"}],\"status\":\"CURRENT\","
                + "\"max_version\":\"1.10\",\"min_version\":\"1.1\"}]}");
        assertThat(reply.json()).isEqualTo(expected);
        assertThat(reply.header("x-openstack-request-id")).matches("req-[0-9a-f-]{36}");
    }

    @Test
    void v1DocumentLinksEveryCollection() {
        for (String path : new String[] {"/v1", "/v1/"}) {
            Reply reply = api.get(path);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode v1 = reply.json();
            assertThat(v1.get("id").asText()).isEqualTo("v1");
            assertThat(v1.get("clusters").get(0).get("href").asText()).isEqualTo(api.url() + "/v1/clusters/");
            assertThat(v1.get("clusters").get(1).get("rel").asText()).isEqualTo("bookmark");
            assertThat(v1.get("media_types").get(0).get("type").asText()).isEqualTo("application/vnd.openstack.magnum.v1+json");
            assertThat(reply.header("OpenStack-API-Version")).isEqualTo("container-infra 1.1");
        }
    }

    @Test
    void healthcheckAnswersOkWhenTheDatabaseDoes() {
        Reply reply = api.get("/healthcheck");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("OK");
    }

    @Test
    void pathsWithoutV1AndWithATrailingSlashRouteToV1() {
        assertThat(api.get("/clusters").status()).isEqualTo(200);
        assertThat(api.get("/v1/clusters/").status()).isEqualTo(200);
        assertThat(api.get("/clustertemplates/").json().has("clustertemplates")).isTrue();
    }

    @Test
    void everyV1ResponseCarriesTheMicroversionHeaders() {
        Reply reply = api.get("/v1/clusters", "OpenStack-API-Version", "container-infra latest");
        assertThat(reply.header("OpenStack-API-Minimum-Version")).isEqualTo("container-infra 1.1");
        assertThat(reply.header("OpenStack-API-Maximum-Version")).isEqualTo("container-infra 1.10");
        assertThat(reply.header("OpenStack-API-Version")).isEqualTo("container-infra 1.10");
        assertThat(reply.header("Vary")).isEqualTo("OpenStack-API-Version");
        assertThat(api.get("/v1/clusters", "OpenStack-API-Version", "container-infra 1.4")
                .header("OpenStack-API-Version")).isEqualTo("container-infra 1.4");
    }

    @Test
    void anUnsupportedMicroversionIs406WithMagnumsBody() throws Exception {
        Reply reply = api.get("/v1/clusters", "OpenStack-API-Version", "container-infra 1.11");
        assertThat(reply.status()).isEqualTo(406);
        assertThat(reply.json()).isEqualTo(Json.MAPPER.readTree("{\"errors\":[{\"max_version\":\"1.10\","
                + "\"min_version\":\"1.1\",\"code\":\"magnum.microversion-unsupported\",\"links\":[{\"rel\":\"help\","
                + "\"href\":\"http://docs.openstack.org/api-guide/compute/microversions.html\"}],"
                + "\"title\":\"Requested microversion is unsupported\"}]}"));
        assertThat(reply.header("OpenStack-API-Version")).isEqualTo("container-infra 1.11");
        Reply malformed = api.get("/v1/clusters", "OpenStack-API-Version", "compute 1.2");
        assertThat(malformed.status()).isEqualTo(406);
        assertThat(malformed.detail()).isEqualTo("Invalid service type for OpenStack-API-Version header");
    }

    @Test
    void unknownPathIs404AndWrongMethod405AsMagnumErrorBodies() {
        Reply missing = api.get("/v1/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        JsonNode error = missing.json().get("errors").get(0);
        assertThat(error.get("status").asInt()).isEqualTo(404);
        assertThat(error.get("code").asText()).isEqualTo("client");
        assertThat(error.get("request_id").asText()).isEmpty();
        assertThat(error.get("links").size()).isZero();
        Reply wrongMethod = api.send("PUT", "/v1/clusters", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("errors").get(0).get("status").asInt()).isEqualTo(405);
        assertThat(wrongMethod.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void anUnknownQueryArgumentIs400() {
        Reply reply = api.get("/v1/clusters?foo=1");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.detail()).isEqualTo("Unknown argument: \"foo\"");
        assertThat(reply.json().get("errors").get(0).get("title").asText()).isEqualTo("Unknown argument: \"foo\"");
    }

    @Test
    void malformedJsonIs400NotA500() {
        Reply reply = api.post("/v1/clustertemplates", "{\"coe\": ");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.detail()).isEqualTo("Request is not in valid JSON format");
        Reply notAnObject = api.post("/v1/clusters", "[1, 2]");
        assertThat(notAnObject.status()).isEqualTo(400);
    }

    @Test
    void badPagingArgumentsAreMagnums400s() {
        assertThat(api.get("/v1/clusters?limit=0").detail()).isEqualTo("Limit must be positive");
        assertThat(api.get("/v1/clusters?sort_dir=up").detail())
                .isEqualTo("Invalid sort direction: up. Acceptable values are 'asc' or 'desc'");
        assertThat(api.get("/v1/clusters?sort_key=secret").detail())
                .isEqualTo("The sort_key value \"secret\" is an invalid field for sorting");
        assertThat(api.get("/v1/clusters?marker=abc").detail()).isEqualTo("Expected a uuid but received abc.");
    }

    @Test
    void linksFollowTheForwardedHeadersAProxySends() {
        Reply reply = api.get("/", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "api.caas.test");
        assertThat(reply.json().get("versions").get(0).get("links").get(0).get("href").asText())
                .isEqualTo("https://api.caas.test/v1/");
    }

    @Test
    void anUnexpectedFailureIsA500WithoutInternals() {
        String cluster = api.cluster("ca-broken", api.template("ca-broken-template"));
        api.caStore.ensureRoot(cluster);
        // a sealed key that no longer opens: as if the master key file were replaced
        api.db.database().execute(s -> s.createMutationQuery("update ClusterCa c set c.sealedKey = :garbage")
                .setParameter("garbage", new byte[64]).executeUpdate());

        Reply reply = api.get("/v1/certificates/" + cluster);

        assertThat(reply.status()).isEqualTo(500);
        JsonNode error = reply.json().get("errors").get(0);
        assertThat(error.get("code").asText()).isEqualTo("server");
        assertThat(error.get("title").asText()).isEqualTo("An unknown exception occurred");
        assertThat(reply.body()).doesNotContain("master_key_file").doesNotContain("Sealed");
    }

    @Test
    void healthcheckIs503WhenTheDatabaseIsGone() {
        ApiFixture lost = new ApiFixture();
        try {
            lost.db.database().close();
            Reply reply = lost.get("/healthcheck");
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().get("errors").get(0).get("status").asInt()).isEqualTo(503);
        } finally {
            lost.close();
        }
    }
}
