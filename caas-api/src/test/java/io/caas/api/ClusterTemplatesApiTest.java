package io.caas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /v1/clustertemplates over real HTTP and MariaDB: shapes, defaults, validation texts, in-use rules, policy. */
class ClusterTemplatesApiTest {
    private static final List<String> FIELDS = List.of("uuid", "name", "coe", "image_id", "flavor_id",
            "master_flavor_id", "dns_nameserver", "keypair_id", "external_network_id", "fixed_network", "fixed_subnet",
            "network_driver", "apiserver_port", "docker_volume_size", "cluster_distro", "links", "http_proxy",
            "https_proxy", "no_proxy", "volume_driver", "registry_enabled", "labels", "tls_disabled", "public",
            "server_type", "insecure_registry", "docker_storage_driver", "master_lb_enabled", "floating_ip_enabled",
            "project_id", "user_id", "hidden", "tags", "created_at", "updated_at");
    private ApiFixture api;

    @BeforeEach
    void start() {
        api = new ApiFixture(ApiFixture.headerCallers());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void createAnswers201WithEveryFieldTheDefaultsAndALocation() {
        Reply reply = api.as("p1", "u1").post("/v1/clustertemplates", "{\"name\":\"t1\",\"coe\":\"swarm-mode\","
                + "\"image_id\":\"fedora-atomic-27\",\"labels\":{\"n\":3,\"flag\":true}}");
        assertThat(reply.status()).isEqualTo(201);
        JsonNode t = reply.json();
        assertThat(names(t)).containsExactlyInAnyOrderElementsOf(FIELDS);
        String uuid = t.get("uuid").asText();
        assertThat(reply.header("Location")).isEqualTo(api.url() + "/v1/clustertemplates/" + uuid);
        assertThat(t.get("server_type").asText()).isEqualTo("vm");
        assertThat(t.get("network_driver").asText()).isEqualTo("docker");
        assertThat(t.get("cluster_distro").asText()).isEqualTo("fedora-atomic");
        assertThat(t.get("floating_ip_enabled").asBoolean()).isTrue();
        assertThat(t.get("tls_disabled").asBoolean()).isFalse();
        assertThat(t.get("public").asBoolean()).isFalse();
        assertThat(t.get("hidden").asBoolean()).isFalse();
        assertThat(t.get("master_lb_enabled").asBoolean()).isFalse();
        assertThat(t.get("registry_enabled").asBoolean()).isFalse();
        assertThat(t.get("flavor_id").isNull()).isTrue();
        assertThat(t.get("updated_at").isNull()).isTrue();
        assertThat(t.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
        assertThat(t.get("labels").get("n").asText()).isEqualTo("3");
        assertThat(t.get("labels").get("flag").asText()).isEqualTo("True");
        assertThat(t.get("project_id").asText()).isEqualTo("p1");
        assertThat(t.get("user_id").asText()).isEqualTo("u1");
        assertThat(t.get("links").get(0).get("href").asText()).isEqualTo(api.url() + "/v1/clustertemplates/" + uuid);
        assertThat(t.get("links").get(0).get("rel").asText()).isEqualTo("self");
        assertThat(t.get("links").get(1).get("href").asText()).isEqualTo(api.url() + "/clustertemplates/" + uuid);
        assertThat(t.get("links").get(1).get("rel").asText()).isEqualTo("bookmark");

        JsonNode shown = api.get("/v1/clustertemplates/t1").json();
        assertThat(shown).isEqualTo(t);
        JsonNode list = api.get("/v1/clustertemplates").json();
        assertThat(list.get("clustertemplates").get(0)).isEqualTo(t);
        assertThat(list.has("next")).isFalse();
        assertThat(api.get("/v1/clustertemplates/detail").json().get("clustertemplates").get(0)).isEqualTo(t);
    }

    @Test
    void invalidBodiesAreMagnums400s() {
        String base = "\"coe\":\"swarm-mode\",\"image_id\":\"fedora-atomic-27\"";
        assertThat(api.post("/v1/clustertemplates", "{" + base + ",\"foo\":1}").detail())
                .isEqualTo("Unknown attribute for argument cluster_template: foo");
        assertThat(api.post("/v1/clustertemplates", "{\"image_id\":\"fedora-atomic-27\"}").detail())
                .isEqualTo("Invalid input for field/attribute coe. Value: 'None'. Mandatory field missing.");
        assertThat(api.post("/v1/clustertemplates", "{" + base + ",\"apiserver_port\":80}").detail())
                .isEqualTo("Invalid input for field/attribute apiserver_port. Value: '80'. Value should be greater or equal to 1024");
        assertThat(api.post("/v1/clustertemplates", "{" + base + ",\"name\":5}").detail())
                .isEqualTo("Invalid input for field/attribute name. Value: '5'. Value should be string");
        assertThat(api.post("/v1/clustertemplates", "{" + base + ",\"tls_disabled\":\"maybe\"}").detail())
                .startsWith("Unrecognized value 'maybe', acceptable values are:");
        assertThat(api.post("/v1/clustertemplates", "{\"coe\":\"dcos\",\"image_id\":\"fedora-atomic-27\"}").detail())
                .isEqualTo("Requested COE type dcos is not supported.");
        assertThat(api.post("/v1/clustertemplates", "{\"coe\":\"rancher\",\"image_id\":\"x\"}").detail())
                .startsWith("Invalid input for field/attribute coe. Value: 'rancher'. Value should be one of:");
        assertThat(api.post("/v1/clustertemplates", "{" + base + ",\"flavor_id\":\"m9\"}").detail())
                .isEqualTo("Unable to find flavor m9.");
        assertThat(api.post("/v1/clustertemplates", "{" + base + ",\"master_flavor_id\":\"m9\"}").detail())
                .isEqualTo("Unable to find flavor m9.");
        assertThat(api.post("/v1/clustertemplates", "{" + base + ",\"external_network_id\":\"nonet\"}").detail())
                .isEqualTo("Unable to find external network nonet.");
        assertThat(api.post("/v1/clustertemplates", "{\"coe\":\"swarm-mode\",\"image_id\":\"nope\"}").detail())
                .isEqualTo("Image nope could not be found.");
        assertThat(api.post("/v1/clustertemplates", "{\"coe\":\"swarm-mode\",\"image_id\":\"bare\"}").detail())
                .isEqualTo("Image bare doesn't contain os_distro field.");
        assertThat(api.post("/v1/clustertemplates", "{\"coe\":\"kubernetes\",\"image_id\":\"fedora-atomic-27\"}").detail())
                .isEqualTo("Cluster type (vm, fedora-atomic, kubernetes) not supported.");
        assertThat(api.post("/v1/clustertemplates", "{" + base + ",\"network_driver\":\"calico\"}").detail())
                .isEqualTo("Network driver type calico is not supported, expecting a docker/flannel/unspecified network driver.");
        assertThat(api.post("/v1/clustertemplates", "{" + base + ",\"project_id\":\"x\"}").detail())
                .isEqualTo("Invalid input for field/attribute project_id. Value: 'x'. Cannot set read only field.");
        Reply status = api.post("/v1/clustertemplates", "{" + base + ",\"foo\":1}");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().get("errors").get(0).get("title").asText())
                .isEqualTo("Unknown attribute for argument cluster_template: foo");
    }

    @Test
    void publicTemplatesNeedAnAdminAndAreSeenByEveryProject() {
        Reply denied = api.as("p1", "u1").post("/v1/clustertemplates",
                "{\"coe\":\"swarm-mode\",\"image_id\":\"fedora-atomic-27\",\"public\":true}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.detail()).isEqualTo("Not authorized to set public or hidden flag for cluster template.");
        Reply published = api.asAdmin().post("/v1/clustertemplates",
                "{\"name\":\"shared\",\"coe\":\"swarm-mode\",\"image_id\":\"fedora-atomic-27\",\"public\":true}");
        assertThat(published.status()).isEqualTo(201);
        api.asAdmin().template("admins-own");
        JsonNode seen = api.as("p2", "u2").get("/v1/clustertemplates").json().get("clustertemplates");
        assertThat(seen.findValuesAsText("name")).containsExactly("shared");
        assertThat(api.as("p2", "u2").get("/v1/clustertemplates/admins-own").status()).isEqualTo(404);
        assertThat(api.as("p2", "u2").get("/v1/clustertemplates/shared").status()).isEqualTo(200);
    }

    @Test
    void twoTemplatesWithOneNameAre409ByName() {
        api.template("twin");
        api.template("twin");
        Reply reply = api.get("/v1/clustertemplates/twin");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.detail()).isEqualTo("Multiple ClusterTemplates exist with same name. Please use the"
                + " ClusterTemplate uuid instead.");
    }

    @Test
    void patchAppliesJsonPatchIncludingAPythonLiteralForLabels() {
        String uuid = api.template("p");
        Reply patched = api.patch("/v1/clustertemplates/" + uuid, "[{\"op\":\"replace\",\"path\":\"/labels\","
                + "\"value\":\"{'x': 'y', 'n': 2}\"},{\"op\":\"add\",\"path\":\"/docker_volume_size\",\"value\":\"5\"},"
                + "{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"renamed\"}]");
        assertThat(patched.status()).isEqualTo(200);
        JsonNode t = patched.json();
        assertThat(t.get("labels").get("x").asText()).isEqualTo("y");
        assertThat(t.get("labels").get("n").asText()).isEqualTo("2");
        assertThat(t.get("docker_volume_size").asInt()).isEqualTo(5);
        assertThat(t.get("name").asText()).isEqualTo("renamed");
        assertThat(t.get("updated_at").isNull()).isFalse();
        Reply removed = api.patch("/v1/clustertemplates/" + uuid, "[{\"op\":\"remove\",\"path\":\"/flavor_id\"}]");
        assertThat(removed.json().get("flavor_id").isNull()).isTrue();

        assertThat(api.patch("/v1/clustertemplates/" + uuid, "[{\"op\":\"replace\",\"path\":\"/uuid\",\"value\":\"x\"}]")
                .detail()).isEqualTo("'/uuid' is an internal attribute and can not be updated");
        assertThat(api.patch("/v1/clustertemplates/" + uuid, "[{\"op\":\"remove\",\"path\":\"/coe\"}]").detail())
                .isEqualTo("'/coe' is a mandatory attribute and can not be removed");
        assertThat(api.patch("/v1/clustertemplates/" + uuid, "[{\"op\":\"replace\",\"path\":\"/name\"}]").detail())
                .isEqualTo("'add' and 'replace' operations needs value");
        assertThat(api.patch("/v1/clustertemplates/" + uuid, "[{\"op\":\"add\",\"path\":\"/coe\",\"value\":\"swarm\"}]")
                .detail()).isEqualTo("The attribute /coe has existed, please use 'replace' operation instead.");
        assertThat(api.patch("/v1/clustertemplates/" + uuid, "[{\"op\":\"add\",\"path\":\"/foo\",\"value\":\"1\"}]")
                .detail()).isEqualTo("Adding a new attribute /foo to the root of the resource is not allowed.");
        assertThat(api.patch("/v1/clustertemplates/" + uuid,
                "[{\"op\":\"replace\",\"path\":\"/flavor_id\",\"value\":\"m9\"}]").detail())
                .isEqualTo("Unable to find flavor m9.");
        assertThat(api.patch("/v1/clustertemplates/" + uuid,
                "[{\"op\":\"replace\",\"path\":\"/labels\",\"value\":\"{oops\"}]").detail())
                .startsWith("Couldn't apply patch '[{'path': '/labels', 'op': 'replace', 'value': '{oops'}]'. Reason: ");
        assertThat(api.patch("/v1/clustertemplates/" + uuid,
                "[{\"op\":\"replace\",\"path\":\"/public\",\"value\":\"true\"}]", "X-Roles", "member",
                "X-Project-Id", "default").status()).isEqualTo(403);
    }

    @Test
    void aTemplateInUseOnlyAcceptsARenameAndCannotBeDeleted() {
        String uuid = api.template("busy");
        api.cluster("user1", uuid);
        Reply change = api.patch("/v1/clustertemplates/" + uuid,
                "[{\"op\":\"replace\",\"path\":\"/flavor_id\",\"value\":\"m1.medium\"}]");
        assertThat(change.status()).isEqualTo(400);
        assertThat(change.detail()).isEqualTo("ClusterTemplate " + uuid + " is referenced by one or multiple clusters.");
        assertThat(api.patch("/v1/clustertemplates/" + uuid, "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"idle\"}]")
                .status()).isEqualTo(200);
        assertThat(api.patch("/v1/clustertemplates/" + uuid, "[{\"op\":\"replace\",\"path\":\"/public\",\"value\":true}]")
                .status()).isEqualTo(200);
        Reply delete = api.delete("/v1/clustertemplates/idle");
        assertThat(delete.status()).isEqualTo(400);
        assertThat(delete.detail()).isEqualTo("ClusterTemplate idle is referenced by one or multiple clusters.");
    }

    @Test
    void deleteIs204AndThenTheTemplateIsGone() {
        String uuid = api.template("gone");
        assertThat(api.delete("/v1/clustertemplates/" + uuid).status()).isEqualTo(204);
        Reply missing = api.get("/v1/clustertemplates/" + uuid);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.detail()).isEqualTo("ClusterTemplate " + uuid + " could not be found.");
    }

    @Test
    void listsPageWithANextLinkOnlyWhenThePageIsFull() {
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uuids.add(api.template("t" + i));
        }
        JsonNode first = api.get("/v1/clustertemplates?limit=2").json();
        assertThat(first.get("clustertemplates").findValuesAsText("uuid")).containsExactly(uuids.get(0), uuids.get(1));
        assertThat(first.get("next").asText()).isEqualTo(api.url()
                + "/v1/clustertemplates?sort_key=id&sort_dir=asc&limit=2&marker=" + uuids.get(1));
        JsonNode second = api.get(first.get("next").asText().substring(api.url().length())).json();
        assertThat(second.get("clustertemplates").findValuesAsText("uuid")).containsExactly(uuids.get(2));
        assertThat(second.has("next")).isFalse();
        JsonNode byName = api.get("/v1/clustertemplates?sort_key=name&sort_dir=desc").json();
        assertThat(byName.get("clustertemplates").findValuesAsText("name")).containsExactly("t2", "t1", "t0");
    }
}
