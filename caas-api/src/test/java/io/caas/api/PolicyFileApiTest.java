package io.caas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [oslo_policy] policy_file reaches the API: an overridden rule denies whom Magnum's default allowed. */
class PolicyFileApiTest {
    @Test
    void anOverriddenRuleDeniesAMemberAndAllowsTheRoleItNames(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "\"cluster:create\": \"role:creator\"\n");
        try (ApiFixture api = new ApiFixture(ApiFixture.headerCallers(),
                config -> config.with("oslo_policy", "policy_file", policy.toString()))) {
            api.as("p1", "u1");
            String template = api.template("swarm");
            String body = "{\"name\":\"c1\",\"cluster_template_id\":\"" + template + "\"}";

            Reply member = api.post("/v1/clusters", body);
            Reply creator = api.post("/v1/clusters", body, "X-Roles", "member,creator");

            assertThat(member.status()).isEqualTo(403);
            assertThat(member.detail()).isEqualTo("Policy doesn't allow cluster:create to be performed.");
            assertThat(creator.status()).isEqualTo(202);
            assertThat(api.get("/v1/clusters").json().get("clusters")).hasSize(1);
        }
    }
}
