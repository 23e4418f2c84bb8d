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

/** /v1/clusters/{id}/nodegroups (1.9+): defaults, creation rules and their 409s, patch and delete. */
class NodeGroupsApiTest {
    private static final String[] V19 = {"OpenStack-API-Version", "container-infra 1.9"};
    private ApiFixture api;
    private String cluster;

    @BeforeEach
    void start() {
        api = new ApiFixture();
        cluster = api.cluster("c1", api.template("swarm"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void apiAddressKnown() {
        api.db.database().execute(s -> s.createMutationQuery("update Cluster c set c.apiAddress = 'tcp://10.0.0.2:2375'")
                .executeUpdate());
    }

    @Test
    void nodegroupsNeedMicroversion19() {
        assertThat(api.get("/v1/clusters/c1/nodegroups").status()).isEqualTo(406);
        assertThat(api.get("/v1/clusters/c1/nodegroups", "OpenStack-API-Version", "container-infra 1.8").detail())
                .isEqualTo("Version 1.8 was requested but the requested API get_all is not supported for this version.");
    }

    @Test
    void everyClusterHasDefaultMasterAndWorker() {
        JsonNode list = api.get("/v1/clusters/c1/nodegroups", V19).json().get("nodegroups");
        assertThat(list.findValuesAsText("name")).containsExactly("default-master", "default-worker");
        List<String> fields = new ArrayList<>();
        list.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("uuid", "name", "flavor_id", "node_count", "role", "is_default",
                "image_id", "status", "stack_id");
        JsonNode worker = api.get("/v1/clusters/c1/nodegroups/default-worker", V19).json();
        List<String> detail = new ArrayList<>();
        worker.fieldNames().forEachRemaining(detail::add);
        assertThat(detail).containsExactlyInAnyOrder("id", "uuid", "name", "cluster_id", "project_id",
                "docker_volume_size", "labels", "links", "flavor_id", "image_id", "node_addresses", "node_count", "role",
                "min_node_count", "max_node_count", "is_default", "stack_id", "status", "status_reason", "version",
                "merge_labels", "labels_overridden", "labels_added", "labels_skipped", "created_at", "updated_at");
        assertThat(worker.get("cluster_id").asText()).isEqualTo(cluster);
        assertThat(worker.get("role").asText()).isEqualTo("worker");
        assertThat(worker.get("is_default").asBoolean()).isTrue();
        assertThat(worker.get("links").get(0).get("href").asText())
                .isEqualTo(api.url() + "/v1/clusters/" + cluster + "/nodegroups/" + worker.get("uuid").asText());
        assertThat(api.get("/v1/clusters/c1/nodegroups?role=master", V19).json().get("nodegroups")
                .findValuesAsText("name")).containsExactly("default-master");
        Reply missing = api.get("/v1/clusters/c1/nodegroups/nope", V19);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.detail()).isEqualTo("Nodegroup nope could not be found.");
    }

    @Test
    void everyNodegroupShowsTheClustersStackIdSinceAllLiveInItsOneStack() {
        assertThat(api.get("/v1/clusters/c1/nodegroups/default-master", V19).json().get("stack_id").isNull()).isTrue();
        String stackId = "0d1f6b0e-52f8-4d4c-9a43-5e2b1d6c7a88";
        api.db.database().execute(s -> s.createMutationQuery("update Cluster c set c.stackId = :s where c.uuid = :u")
                .setParameter("s", stackId).setParameter("u", cluster).executeUpdate());

        JsonNode list = api.get("/v1/clusters/c1/nodegroups", V19).json().get("nodegroups");
        assertThat(list.findValuesAsText("stack_id")).containsExactly(stackId, stackId);
        assertThat(api.get("/v1/clusters/c1/nodegroups/default-master", V19).json().get("stack_id").asText())
                .isEqualTo(stackId);
        assertThat(api.get("/v1/clusters/c1/nodegroups/default-worker", V19).json().get("stack_id").asText())
                .isEqualTo(stackId);
    }

    @Test
    void creatingNeedsAnApiAddressAUniqueNameAndConsistentCounts() {
        Reply early = api.post("/v1/clusters/c1/nodegroups", "{\"name\":\"extra\"}", V19);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.detail()).isEqualTo("Cluster API address is not available yet");
        apiAddressKnown();
        Reply created = api.post("/v1/clusters/c1/nodegroups", "{\"name\":\"extra\",\"node_count\":2,"
                + "\"labels\":{\"zone\":\"b\"},\"merge_labels\":true}", V19);
        assertThat(created.status()).isEqualTo(202);
        JsonNode ng = created.json();
        assertThat(ng.get("role").asText()).isEqualTo("worker");
        assertThat(ng.get("image_id").asText()).isEqualTo("fedora-atomic-27");
        assertThat(ng.get("flavor_id").asText()).isEqualTo("m1.small");
        assertThat(ng.get("labels").get("a").asText()).isEqualTo("1");
        assertThat(ng.get("labels_added").get("zone").asText()).isEqualTo("b");
        assertThat(api.sink.submitted).extracting(o -> o.action).containsExactly("create", "create_nodegroup");
        Reply duplicate = api.post("/v1/clusters/c1/nodegroups", "{\"name\":\"extra\"}", V19);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.detail()).isEqualTo("A node group with name extra already exists in the cluster c1.");
        Reply counts = api.post("/v1/clusters/c1/nodegroups", "{\"name\":\"big\",\"node_count\":5,\"max_node_count\":3}", V19);
        assertThat(counts.status()).isEqualTo(409);
        assertThat(counts.detail()).isEqualTo("max_node_count for big is invalid (node_count (5) should be less or"
                + " equal to max_node_count (3)).");
        assertThat(api.post("/v1/clusters/c1/nodegroups", "{\"name\":\"m\",\"role\":\"master\"}", V19).detail())
                .isEqualTo("Creating master nodegroups is currently not supported.");
        Reply zero = api.post("/v1/clusters/c1/nodegroups", "{\"name\":\"idle\",\"node_count\":0}",
                "OpenStack-API-Version", "container-infra 1.10");
        assertThat(zero.status()).isEqualTo(202);
    }

    @Test
    void patchChangesTheBoundsAndDeleteRefusesDefaults() {
        apiAddressKnown();
        api.post("/v1/clusters/c1/nodegroups", "{\"name\":\"extra\"}", V19);
        Reply patched = api.patch("/v1/clusters/c1/nodegroups/extra",
                "[{\"op\":\"replace\",\"path\":\"/max_node_count\",\"value\":4}]", V19);
        assertThat(patched.status()).isEqualTo(202);
        assertThat(patched.json().get("max_node_count").asInt()).isEqualTo(4);
        assertThat(api.patch("/v1/clusters/c1/nodegroups/extra",
                "[{\"op\":\"replace\",\"path\":\"/node_count\",\"value\":4}]", V19).detail())
                .isEqualTo("'/node_count' is an internal attribute and can not be updated");
        assertThat(api.patch("/v1/clusters/c1/nodegroups/extra",
                "[{\"op\":\"replace\",\"path\":\"/min_node_count\",\"value\":3}]", V19).status()).isEqualTo(409);
        Reply defaultGroup = api.delete("/v1/clusters/c1/nodegroups/default-worker", V19);
        assertThat(defaultGroup.status()).isEqualTo(400);
        assertThat(defaultGroup.detail()).isEqualTo("Deleting a default nodegroup is not supported.");
        assertThat(api.delete("/v1/clusters/c1/nodegroups/extra", V19).status()).isEqualTo(204);
        assertThat(api.get("/v1/clusters/c1/nodegroups/extra", V19).json().get("status").asText())
                .isEqualTo("DELETE_IN_PROGRESS");
    }
}
