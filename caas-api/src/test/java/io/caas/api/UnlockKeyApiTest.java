package io.caas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.Reply;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.secrets.ClusterSecretNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The autolock and cert_expiry labels at the API, and the unlock-key extension endpoints. */
class UnlockKeyApiTest {
    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.deployed(config -> config);
        api.template("swarm");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void badSecurityLabelsAreRefusedWithMagnumsErrorFormat() {
        Reply badDuration = create("{\"cert_expiry\":\"5 minutes\"}");
        assertThat(badDuration.status()).isEqualTo(400);
        assertThat(badDuration.json().path("errors").get(0).path("code").asText()).isEqualTo("client");
        assertThat(badDuration.detail()).startsWith("property \"labels/cert_expiry\" with value \"5 minutes\" is not valid:")
                .contains("e.g. 30m, 1h, 90d");
        assertThat(create("{\"cert_expiry\":\"1m\"}").detail()).contains("must live at least 2m");
        assertThat(create("{\"autolock\":\"yes\"}").detail())
                .isEqualTo("property \"labels/autolock\" with value \"yes\" is not valid; use true or false");
        assertThat(api.post("/v1/clustertemplates", "{\"name\":\"t2\",\"coe\":\"swarm-mode\",\"image_id\":\"fedora-atomic\","
                + "\"external_network_id\":\"public\",\"labels\":{\"cert_expiry\":\"soon\"}}").status()).isEqualTo(400);
        assertThat(create("{\"cert_expiry\":\"3m\",\"autolock\":\"true\"}").status()).isEqualTo(202);
    }

    @Test
    void theOwnerReadsTheEscrowedKeyAndRotationIsAnAcceptedOperation() {
        String uuid = create("{\"autolock\":\"true\"}").json().get("uuid").asText();
        assertThat(api.get("/v1/clusters/" + uuid + "/unlock_key").detail()).contains("has no unlock key yet");
        // the extension paths leave Magnum's own cluster calls to ClustersResource
        assertThat(api.get("/v1/clusters/c1").status()).isEqualTo(200);
        assertThat(api.post("/v1/clusters/c1/actions/resize", "{\"node_count\":2}", "OpenStack-API-Version",
                "container-infra latest").status()).isEqualTo(202);

        api.secrets.put(uuid, ClusterSecretNames.UNLOCK_KEY, "SWMKEY-1-test");
        Reply key = api.get("/v1/clusters/" + uuid + "/unlock_key");
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.json().get("unlock_key").asText()).isEqualTo("SWMKEY-1-test");

        setStatus(uuid, ClusterStatus.CREATE_IN_PROGRESS);
        assertThat(api.post("/v1/clusters/" + uuid + "/actions/rotate_unlock_key", "").status()).isEqualTo(409);
        setStatus(uuid, ClusterStatus.CREATE_COMPLETE);
        Reply rotate = api.post("/v1/clusters/" + uuid + "/actions/rotate_unlock_key", "");
        assertThat(rotate.status()).isEqualTo(202);
        assertThat(rotate.json().get("uuid").asText()).isEqualTo(uuid);
        ClusterOperation op = api.db.database().transaction(s -> s.createSelectionQuery(
                "from ClusterOperation o where o.clusterId = :u order by o.id desc", ClusterOperation.class)
                .setParameter("u", uuid).setMaxResults(1).getSingleResult());
        assertThat(op.action).isEqualTo("rotate_unlock_key");
        assertThat(api.sink.submitted).extracting(o -> o.action).contains("rotate_unlock_key");
        assertThat(cluster(uuid).status).isEqualTo(ClusterStatus.UPDATE_IN_PROGRESS);
    }

    @Test
    void aClusterWithoutAutolockHasNoKeyToReadOrRotate() {
        String uuid = create("{\"autolock\":\"false\"}").json().get("uuid").asText();
        setStatus(uuid, ClusterStatus.CREATE_COMPLETE);

        Reply read = api.get("/v1/clusters/" + uuid + "/unlock_key");
        assertThat(read.status()).isEqualTo(400);
        assertThat(read.detail()).contains("does not use swarm autolock").contains("autolock=true");
        assertThat(api.post("/v1/clusters/" + uuid + "/actions/rotate_unlock_key", "").status()).isEqualTo(400);
        assertThat(api.get("/v1/clusters/nothing/unlock_key").status()).isEqualTo(404);
    }

    private Reply create(String labels) {
        return api.post("/v1/clusters", "{\"name\":\"c1\",\"cluster_template_id\":\"swarm\",\"labels\":" + labels + "}");
    }

    private void setStatus(String uuid, ClusterStatus status) {
        api.db.database().execute(s -> s.createMutationQuery("update Cluster set status = :s where uuid = :u")
                .setParameter("s", status).setParameter("u", uuid).executeUpdate());
    }

    private Cluster cluster(String uuid) {
        return api.db.database().transaction(s -> s.createSelectionQuery("from Cluster c where c.uuid = :u", Cluster.class)
                .setParameter("u", uuid).getSingleResult());
    }
}
