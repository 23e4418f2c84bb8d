package io.caas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.Reply;
import io.caas.api.web.Json;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterEvent;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.NodeGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /v1/clusters over real HTTP and MariaDB: the outbox, quotas, validation, isolation, actions and shapes. */
class ClustersApiTest {
    private static final String LATEST = "container-infra latest";
    private static final List<String> DETAIL_FIELDS = List.of("uuid", "name", "cluster_template_id", "keypair",
            "node_count", "master_count", "docker_volume_size", "labels", "master_flavor_id", "flavor_id",
            "create_timeout", "links", "stack_id", "status", "status_reason", "health_status", "health_status_reason",
            "discovery_url", "api_address", "coe_version", "container_version", "project_id", "user_id",
            "node_addresses", "master_addresses", "fixed_network", "fixed_subnet", "floating_ip_enabled",
            "merge_labels", "labels_overridden", "labels_added", "labels_skipped", "master_lb_enabled", "created_at",
            "updated_at");
    private static final List<String> LIST_FIELDS = List.of("uuid", "name", "cluster_template_id", "keypair",
            "docker_volume_size", "labels", "node_count", "status", "master_flavor_id", "flavor_id", "create_timeout",
            "master_count", "stack_id", "health_status", "links");
    private ApiFixture api;
    private String template;

    @BeforeEach
    void start() {
        api = new ApiFixture(ApiFixture.headerCallers());
        template = api.template("swarm");
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

    private List<ClusterOperation> operations() {
        return api.db.database().transaction(s -> s.createSelectionQuery("from ClusterOperation o order by o.id",
                ClusterOperation.class).getResultList());
    }

    @Test
    void createWritesClusterNodegroupsAndOperationInOneGoThenSubmitsIt() {
        Reply reply = api.post("/v1/clusters", "{\"name\":\"c1\",\"cluster_template_id\":\"swarm\",\"node_count\":2,"
                + "\"labels\":{\"b\":\"2\"},\"merge_labels\":true,\"create_timeout\":15,\"discovery_url\":null,"
                + "\"keypair\":null,\"master_count\":1}");
        assertThat(reply.status()).isEqualTo(202);
        assertThat(names(reply.json())).containsExactly("uuid");
        String uuid = reply.json().get("uuid").asText();
        Cluster cluster = api.db.database().transaction(s -> s.createSelectionQuery("from Cluster c where c.uuid = :u",
                Cluster.class).setParameter("u", uuid).getSingleResult());
        assertThat(cluster.status).isEqualTo(ClusterStatus.CREATE_IN_PROGRESS);
        assertThat(cluster.labels).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(cluster.flavorId).isEqualTo("m1.small");
        assertThat(cluster.provider).isEqualTo("local");
        List<NodeGroup> groups = api.db.database().transaction(s -> s.createSelectionQuery(
                "from NodeGroup n where n.clusterId = :u order by n.id", NodeGroup.class).setParameter("u", uuid).getResultList());
        assertThat(groups).extracting(g -> g.name).containsExactly("default-master", "default-worker");
        assertThat(groups).extracting(g -> g.nodeCount).containsExactly(1, 2);
        assertThat(groups).extracting(g -> g.role).containsExactly("master", "worker");
        List<ClusterOperation> ops = operations();
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).action).isEqualTo("create");
        assertThat(ops.get(0).state).isEqualTo(ClusterOperation.State.PENDING);
        assertThat(ops.get(0).clusterId).isEqualTo(uuid);
        assertThat(ops.get(0).requestId).isEqualTo(reply.header("x-openstack-request-id"));
        assertThat(api.sink.submitted).extracting(o -> o.uuid).containsExactly(ops.get(0).uuid);
    }

    @Test
    void aBrokerThatIsDownStillGets202AndLeavesTheOperationPending() {
        api.sink.brokerDown = true;
        Reply reply = api.post("/v1/clusters", "{\"cluster_template_id\":\"" + template + "\"}");
        assertThat(reply.status()).isEqualTo(202);
        assertThat(operations()).singleElement().satisfies(op -> assertThat(op.state).isEqualTo(ClusterOperation.State.PENDING));
        assertThat(api.sink.submitted).isEmpty();
        JsonNode shown = api.get("/v1/clusters/" + reply.json().get("uuid").asText()).json();
        assertThat(shown.get("name").asText()).endsWith("-cluster");
    }

    @Test
    void showDetailAndListHaveTheContractsFields() {
        String uuid = api.cluster("c1", template);
        JsonNode shown = api.get("/v1/clusters/c1").json();
        assertThat(names(shown)).containsExactlyInAnyOrderElementsOf(DETAIL_FIELDS);
        assertThat(shown.get("uuid").asText()).isEqualTo(uuid);
        assertThat(shown.get("health_status_reason").size()).isZero();
        assertThat(shown.get("node_addresses").isArray()).isTrue();
        assertThat(shown.get("labels_added").size()).isZero();
        assertThat(shown.get("links").get(0).get("href").asText()).isEqualTo(api.url() + "/v1/clusters/" + uuid);
        JsonNode item = api.get("/v1/clusters").json().get("clusters").get(0);
        assertThat(names(item)).containsExactlyInAnyOrderElementsOf(LIST_FIELDS);
        JsonNode detail = api.get("/v1/clusters/detail").json().get("clusters").get(0);
        assertThat(detail).isEqualTo(shown);
    }

    @Test
    void theStackIdTheConductorRecordedShowsInDetailAndListAndIsNullWithoutAStack() {
        String uuid = api.cluster("c1", template);
        assertThat(api.get("/v1/clusters/c1").json().get("stack_id").isNull()).isTrue();
        assertThat(api.get("/v1/clusters").json().get("clusters").get(0).get("stack_id").isNull()).isTrue();

        String stackId = "0d1f6b0e-52f8-4d4c-9a43-5e2b1d6c7a88";
        api.db.database().execute(s -> s.createMutationQuery("update Cluster c set c.stackId = :s where c.uuid = :u")
                .setParameter("s", stackId).setParameter("u", uuid).executeUpdate());

        assertThat(api.get("/v1/clusters/c1").json().get("stack_id").asText()).isEqualTo(stackId);
        assertThat(api.get("/v1/clusters").json().get("clusters").get(0).get("stack_id").asText()).isEqualTo(stackId);
        assertThat(api.get("/v1/clusters/detail").json().get("clusters").get(0).get("stack_id").asText()).isEqualTo(stackId);
    }

    @Test
    void aFailedClusterShowsItsFaults() {
        String uuid = api.cluster("broken", template);
        api.db.database().execute(s -> {
            s.createMutationQuery("update Cluster c set c.status = :st where c.uuid = :u")
                    .setParameter("st", ClusterStatus.CREATE_FAILED).setParameter("u", uuid).executeUpdate();
            s.createMutationQuery("update NodeGroup n set n.status = 'CREATE_FAILED', n.statusReason = 'no image'"
                    + " where n.clusterId = :u and n.role = 'worker'").setParameter("u", uuid).executeUpdate();
            ClusterNode node = new ClusterNode();
            node.uuid = java.util.UUID.randomUUID().toString();
            node.clusterId = uuid;
            node.name = "broken-default-master-0";
            node.role = "manager";
            node.state = "FAILED";
            node.message = "Heat stack caas-x is CREATE_FAILED: resource server failed";
            s.persist(node);
        });
        JsonNode shown = api.get("/v1/clusters/broken").json();
        assertThat(shown.get("faults").get("default-worker").asText()).isEqualTo("no image");
        assertThat(shown.get("faults").get("broken-default-master-0").asText())
                .isEqualTo("Heat stack caas-x is CREATE_FAILED: resource server failed");
        assertThat(api.get("/v1/clusters/detail").json().get("clusters").get(0).has("faults")).isFalse();
    }

    @Test
    void invalidCreatesAreRejectedWithMagnumsTexts() {
        String t = "\"cluster_template_id\":\"" + template + "\"";
        assertThat(api.post("/v1/clusters", "{" + t + ",\"foo\":1,\"bar\":2}").detail())
                .isEqualTo("Unknown attributes for argument cluster: bar, foo");
        assertThat(api.post("/v1/clusters", "{" + t + ",\"name\":\"1bad\"}").detail())
                .isEqualTo("Invalid input for field/attribute name. Value: '1bad'. Value should match the pattern"
                        + " ^[a-zA-Z][a-zA-Z0-9_.-]*$");
        assertThat(api.post("/v1/clusters", "{" + t + ",\"name\":\"" + "a".repeat(243) + "\"}").detail())
                .endsWith("Value should have a maximum character requirement of 242");
        assertThat(api.post("/v1/clusters", "{" + t + ",\"master_count\":0}").detail())
                .isEqualTo("Invalid input for field/attribute master_count. Value: '0'. Value should be greater or equal to 1");
        assertThat(api.post("/v1/clusters", "{" + t + ",\"master_count\":3}").detail())
                .isEqualTo("master_count must be 1 when master_lb_enabled is False");
        assertThat(api.post("/v1/clusters", "{" + t + ",\"node_count\":\"many\"}").detail())
                .isEqualTo("Invalid input for field/attribute node_count. Value: 'many'. invalid literal for int()"
                        + " with base 10: 'many'");
        assertThat(api.post("/v1/clusters", "{" + t + ",\"flavor_id\":\"m9\"}").detail()).isEqualTo("Unable to find flavor m9.");
        assertThat(api.post("/v1/clusters", "{\"name\":\"x\"}").detail()).isEqualTo(
                "Invalid input for field/attribute cluster_template_id. Value: 'None'. Mandatory field missing.");
        assertThat(api.post("/v1/clusters", "{" + t + ",\"node_count\":0}").detail())
                .isEqualTo("Resizing a nodegroup to zero is not supported in the provided microversion.");
        assertThat(api.post("/v1/clusters", "{" + t + ",\"node_count\":0}", "OpenStack-API-Version", LATEST).status())
                .isEqualTo(202);
        Reply oldMissing = api.post("/v1/clusters", "{\"cluster_template_id\":\"nothing\"}");
        assertThat(oldMissing.status()).isEqualTo(400);
        assertThat(oldMissing.detail()).isEqualTo("ClusterTemplate nothing could not be found.");
        assertThat(api.post("/v1/clusters", "{\"cluster_template_id\":\"nothing\"}", "OpenStack-API-Version", LATEST)
                .status()).isEqualTo(404);
    }

    @Test
    void theQuotaStopsTheTwentyFirstClusterAndAQuotaRowChangesIt() {
        api.db.database().execute(s -> {
            for (int i = 0; i < 20; i++) {
                Cluster c = new Cluster();
                c.uuid = java.util.UUID.randomUUID().toString();
                c.name = "q" + i;
                c.projectId = "default";
                c.status = ClusterStatus.CREATE_COMPLETE;
                s.persist(c);
            }
        });
        Reply over = api.post("/v1/clusters", "{\"cluster_template_id\":\"" + template + "\"}");
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.detail()).isEqualTo("Resource limit exceeded: You have reached the maximum clusters per"
                + " project, 20. You may delete a cluster to make room for a new one.");
        assertThat(api.post("/v1/quotas", "{\"project_id\":\"default\",\"resource\":\"Cluster\",\"hard_limit\":21}")
                .status()).isEqualTo(201);
        assertThat(api.post("/v1/clusters", "{\"cluster_template_id\":\"" + template + "\"}").status()).isEqualTo(202);
    }

    @Test
    void anotherProjectsClusterIsNotFound() {
        api.as("p1", "u1");
        String shared = api.post("/v1/clustertemplates", "{\"coe\":\"swarm-mode\",\"image_id\":\"fedora-atomic-27\"}")
                .json().get("uuid").asText();
        String mine = api.cluster("mine", shared);
        Reply other = api.as("p2", "u2").get("/v1/clusters/" + mine);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.detail()).isEqualTo("Cluster " + mine + " could not be found.");
        assertThat(api.get("/v1/clusters/mine").status()).isEqualTo(404);
        assertThat(api.delete("/v1/clusters/" + mine).status()).isEqualTo(404);
        assertThat(api.get("/v1/clusters").json().get("clusters").size()).isZero();
        assertThat(api.as("p1", "u1").get("/v1/clusters").json().get("clusters").size()).isEqualTo(1);
        assertThat(api.asAdmin().get("/v1/clusters/" + mine).status()).isEqualTo(200);
    }

    @Test
    void patchNodeCountBecomesAResizeAndOtherFieldsAreRefused() {
        String uuid = api.cluster("c1", template);
        Reply reply = api.patch("/v1/clusters/c1", "[{\"op\":\"replace\",\"path\":\"/node_count\",\"value\":3}]");
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("uuid").asText()).isEqualTo(uuid);
        JsonNode shown = api.get("/v1/clusters/c1").json();
        assertThat(shown.get("node_count").asInt()).isEqualTo(3);
        assertThat(shown.get("status").asText()).isEqualTo("UPDATE_IN_PROGRESS");
        ClusterOperation resize = operations().get(1);
        assertThat(resize.action).isEqualTo("resize");
        assertThat(Json.parse(resize.arguments).get("node_count").asInt()).isEqualTo(3);
        Reply refused = api.patch("/v1/clusters/c1", "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"x\"}]");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).isEqualTo("cannot change cluster property(ies) name.");
        assertThat(api.patch("/v1/clusters/c1", "[{\"op\":\"replace\",\"path\":\"/api_address\",\"value\":\"x\"}]")
                .detail()).isEqualTo("'/api_address' is an internal attribute and can not be updated");
        Reply health = api.patch("/v1/clusters/c1", "[{\"op\":\"replace\",\"path\":\"/health_status\",\"value\":\"HEALTHY\"}]");
        assertThat(health.status()).as(health.body()).isEqualTo(202);
        assertThat(api.get("/v1/clusters/c1").json().get("health_status").asText()).isEqualTo("HEALTHY");
        assertThat(operations().get(2).action).isEqualTo("update");
    }

    @Test
    void deleteMarksTheClusterAndQueuesADelete() {
        String uuid = api.cluster("c1", template);
        assertThat(api.delete("/v1/clusters/" + uuid).status()).isEqualTo(204);
        assertThat(api.get("/v1/clusters/" + uuid).json().get("status").asText()).isEqualTo("DELETE_IN_PROGRESS");
        assertThat(api.sink.submitted).extracting(o -> o.action).containsExactly("create", "delete");
    }

    @Test
    void resizeNeeds17AndUpgradeNeeds18() {
        String uuid = api.post("/v1/clusters", "{\"name\":\"c1\",\"cluster_template_id\":\"" + template
                + "\",\"master_count\":3,\"master_lb_enabled\":true}").json().get("uuid").asText();
        Reply old = api.post("/v1/clusters/c1/actions/resize", "{\"node_count\":2}");
        assertThat(old.status()).isEqualTo(406);
        Reply resized = api.post("/v1/clusters/c1/actions/resize", "{\"node_count\":4,\"nodes_to_remove\":[]}",
                "OpenStack-API-Version", "container-infra 1.7");
        assertThat(resized.status()).isEqualTo(202);
        assertThat(resized.json().get("uuid").asText()).isEqualTo(uuid);
        assertThat(api.get("/v1/clusters/c1").json().get("node_count").asInt()).isEqualTo(4);
        assertThat(api.post("/v1/clusters/c1/actions/resize", "{\"node_count\":0}", "OpenStack-API-Version",
                "container-infra 1.9").detail()).isEqualTo("Resizing a nodegroup to zero is not supported in the provided microversion.");
        assertThat(api.post("/v1/clusters/c1/actions/resize", "{\"node_count\":1,\"nodegroup\":\"default-master\"}",
                "OpenStack-API-Version", LATEST).detail()).isEqualTo("Resizing a master nodegroup is not supported.");
        assertThat(api.post("/v1/clusters/c1/actions/upgrade", "{\"cluster_template\":\"swarm\"}",
                "OpenStack-API-Version", "container-infra 1.7").detail())
                .isEqualTo("Cluster upgrade is not supported in the provided microversion.");
        Reply upgraded = api.post("/v1/clusters/c1/actions/upgrade", "{\"cluster_template\":\"swarm\",\"max_batch_size\":1}",
                "OpenStack-API-Version", "container-infra 1.8");
        assertThat(upgraded.status()).isEqualTo(202);
        assertThat(operations()).extracting(o -> o.action).containsExactly("create", "resize", "upgrade");
    }

    @Test
    void upgradeIsRefusedInMagnumsFormatForTemplatesOfAnotherKindOneManagerOrADeletedCluster() {
        api.post("/v1/clusters", "{\"name\":\"c3\",\"cluster_template_id\":\"" + template
                + "\",\"master_count\":3,\"master_lb_enabled\":true}");
        api.cluster("c1", template);
        // the API takes templates of installed drivers only; one of another driver is left by an older deployment
        api.db.database().execute(s -> {
            io.caas.core.model.ClusterTemplate k8s = new io.caas.core.model.ClusterTemplate();
            k8s.uuid = java.util.UUID.randomUUID().toString();
            k8s.name = "k8s";
            k8s.projectId = "default";
            k8s.coe = "kubernetes";
            k8s.serverType = "vm";
            k8s.clusterDistro = "fedora-atomic";
            k8s.imageId = "fedora-atomic-27";
            s.persist(k8s);
        });

        Reply unknown = api.post("/v1/clusters/c3/actions/upgrade", "{\"cluster_template\":\"nope\"}", "OpenStack-API-Version", LATEST);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.detail()).isEqualTo("ClusterTemplate nope could not be found.");
        Reply otherCoe = api.post("/v1/clusters/c3/actions/upgrade", "{\"cluster_template\":\"k8s\"}", "OpenStack-API-Version", LATEST);
        assertThat(otherCoe.status()).isEqualTo(409);
        assertThat(otherCoe.detail()).startsWith("Cluster Template is not valid for upgrade: template k8s is a kubernetes/");
        Reply noBatch = api.post("/v1/clusters/c3/actions/upgrade", "{\"cluster_template\":\"swarm\",\"max_batch_size\":0}",
                "OpenStack-API-Version", LATEST);
        assertThat(noBatch.status()).isEqualTo(400);
        Reply oneManager = api.post("/v1/clusters/c1/actions/upgrade", "{\"cluster_template\":\"swarm\"}", "OpenStack-API-Version", LATEST);
        assertThat(oneManager.status()).isEqualTo(409);
        assertThat(oneManager.detail()).contains("has one manager");

        assertThat(api.delete("/v1/clusters/c3").status()).isEqualTo(204);
        Reply deleting = api.post("/v1/clusters/c3/actions/upgrade", "{\"cluster_template\":\"swarm\"}", "OpenStack-API-Version", LATEST);
        assertThat(deleting.status()).isEqualTo(400);
        assertThat(deleting.detail()).isEqualTo("Upgrading a cluster when status is \"DELETE_IN_PROGRESS\" is not supported.");
        assertThat(operations()).extracting(o -> o.action).doesNotContain("upgrade");
    }

    @Test
    void rotateJoinTokensIsAnOperationOnAClusterWhoseSwarmRuns() {
        String uuid = api.cluster("c1", template);
        assertThat(api.post("/v1/clusters/c1/actions/rotate_join_tokens", "").detail()).isEqualTo("Cluster " + uuid
                + " is CREATE_IN_PROGRESS and has no join tokens to rotate yet; rotate them once the cluster is CREATE_COMPLETE.");
        api.db.database().execute(s -> s.createMutationQuery("update Cluster c set c.status = :done, c.swarmClusterId = 'swarm1'"
                + " where c.uuid = :u").setParameter("done", ClusterStatus.CREATE_COMPLETE).setParameter("u", uuid).executeUpdate());
        Reply badRole = api.post("/v1/clusters/c1/actions/rotate_join_tokens", "{\"role\":\"everyone\"}");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(api.post("/v1/clusters/c1/actions/rotate_join_tokens", "{\"roles\":\"worker\"}").status()).isEqualTo(400);

        Reply workers = api.post("/v1/clusters/c1/actions/rotate_join_tokens", "{\"role\":\"worker\"}");
        Reply both = api.post("/v1/clusters/c1/actions/rotate_join_tokens", "");

        assertThat(workers.status()).isEqualTo(202);
        assertThat(workers.json().get("uuid").asText()).isEqualTo(uuid);
        assertThat(both.status()).isEqualTo(202);
        assertThat(operations()).extracting(o -> o.action).containsExactly("create", "rotate_join_tokens", "rotate_join_tokens");
        assertThat(operations().subList(1, 3)).extracting(o -> o.arguments)
                .containsExactly("{\"role\":\"worker\"}", "{\"role\":\"both\"}");
        assertThat(api.get("/v1/clusters/c1").json().get("status").asText()).isEqualTo("UPDATE_IN_PROGRESS");
        assertThat(api.as("p2", "u2").post("/v1/clusters/" + uuid + "/actions/rotate_join_tokens", "").status()).isEqualTo(404);
    }

    @Test
    void nodesAndEventsShowProgressNewestEventFirst() {
        String uuid = api.cluster("c1", template);
        api.db.database().execute(s -> {
            ClusterNode node = new ClusterNode();
            node.uuid = java.util.UUID.randomUUID().toString();
            node.clusterId = uuid;
            node.name = "c1-manager-0";
            node.role = "manager";
            node.address = "10.0.0.2";
            node.state = "JOINING";
            node.message = "docker swarm join";
            s.persist(node);
            ClusterEvent event = new ClusterEvent();
            event.clusterId = uuid;
            event.kind = "node_booted";
            event.message = "c1-manager-0 booted";
            event.createdAt = Instant.now();
            s.persist(event);
        });
        JsonNode node = api.get("/v1/clusters/c1/nodes").json().get("nodes").get(0);
        assertThat(node.get("name").asText()).isEqualTo("c1-manager-0");
        assertThat(node.get("role").asText()).isEqualTo("manager");
        assertThat(node.get("address").asText()).isEqualTo("10.0.0.2");
        assertThat(node.get("state").asText()).isEqualTo("JOINING");
        assertThat(node.get("message").asText()).isEqualTo("docker swarm join");
        JsonNode events = api.get("/v1/clusters/c1/events").json().get("events");
        assertThat(events.findValuesAsText("kind")).containsExactly("node_booted", "create_accepted");
        assertThat(api.as("other", "u").get("/v1/clusters/" + uuid + "/nodes").status()).isEqualTo(404);
    }

    @Test
    void eventsPageNewestFirstForTheOwnerOnly() {
        String uuid = api.cluster("c1", template);
        api.db.database().execute(s -> {
            for (int i = 1; i <= 4; i++) {
                ClusterEvent event = new ClusterEvent();
                event.clusterId = uuid;
                event.kind = "step_" + i;
                event.createdAt = Instant.now();
                s.persist(event);
            }
        });
        JsonNode first = api.as("default", "owner").get("/v1/clusters/c1/events?limit=2").json();
        assertThat(first.get("events").findValuesAsText("kind")).containsExactly("step_4", "step_3");
        String next = first.get("next").asText();
        assertThat(next).contains("/v1/clusters/" + uuid + "/events?limit=2&marker=");
        JsonNode second = api.get(next.substring(next.indexOf("/v1/"))).json();
        assertThat(second.get("events").findValuesAsText("kind")).containsExactly("step_2", "step_1");
        JsonNode last = api.get("/v1/clusters/c1/events?limit=2&marker=" + second.get("events").get(1).get("id").asLong()).json();
        assertThat(last.get("events").findValuesAsText("kind")).containsExactly("create_accepted");
        assertThat(last.has("next")).isFalse();
        assertThat(api.get("/v1/clusters/c1/events?marker=x").status()).isEqualTo(400);

        assertThat(api.as("p2", "u2").get("/v1/clusters/" + uuid + "/events").status()).isEqualTo(404);
        assertThat(api.asAdmin().get("/v1/clusters/" + uuid + "/events").json().get("events")).hasSize(5);
    }

    @Test
    void clustersWithOneNameAreAConflictByName() {
        api.cluster("twin", template);
        api.cluster("twin", template);
        Reply reply = api.get("/v1/clusters/twin");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.detail()).isEqualTo("Multiple clusters exist with same name. Please use the cluster uuid instead.");
    }
}
