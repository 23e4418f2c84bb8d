package io.caas.api.policy;

import io.caas.api.auth.RequestContext;
import io.caas.core.config.CaasConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTest {
    private static final RequestContext ALICE = new RequestContext("alice-id", "alice", "default", "tenant-a",
            "tenant-a", Set.of("member", "reader"), false, "req-1", "token-a");
    private static final RequestContext ADMIN = new RequestContext("admin-id", "admin", "default", "admin-project",
            "admin", Set.of("admin"), true, "req-2", "token-admin");
    private static final Map<String, Object> ALICE_CLUSTER = Map.of("project_id", "tenant-a", "user_id", "alice-id");
    private static final Map<String, Object> BOB_CLUSTER = Map.of("project_id", "tenant-b", "user_id", "bob-id");

    private final Policy policy = Policy.defaults();

    @Test
    void ownerRulesLetTheProjectActOnItsOwnObjectsOnly() {
        assertThat(policy.allows("nodegroup:get", ALICE, ALICE_CLUSTER)).isTrue();
        assertThat(policy.allows("nodegroup:get", ALICE, BOB_CLUSTER)).isFalse();
        assertThat(policy.allows("clustertemplate:update", ALICE, BOB_CLUSTER)).isFalse();
        assertThat(policy.allows("certificate:rotate_ca", ALICE, ALICE_CLUSTER)).isTrue();
    }

    @Test
    void adminRulesNeedTheAdminRole() {
        for (String rule : new String[] {"magnum-service:get_all", "quota:create", "quota:get_all",
                "clustertemplate:publish", "cluster:get_all_all_projects"}) {
            assertThat(policy.allows(rule, ALICE, null)).as(rule).isFalse();
            assertThat(policy.allows(rule, ADMIN, null)).as(rule).isTrue();
        }
        assertThat(policy.allows("nodegroup:get", ADMIN, BOB_CLUSTER)).isTrue();
    }

    @Test
    void certificatesBelongToTheClusterCreatorOrItsTrustee() {
        Map<String, Object> cluster = Map.of("project_id", "tenant-a", "user_id", "alice-id",
                "trustee_user_id", "trustee-1");
        RequestContext colleague = new RequestContext("carol-id", "carol", "default", "tenant-a", "tenant-a",
                Set.of("member"), false, "req-3", "t");
        RequestContext trustee = new RequestContext("trustee-1", "trustee", "magnum", "tenant-a", "tenant-a",
                Set.of(), false, "req-4", "t");

        assertThat(policy.allows("certificate:get", ALICE, cluster)).isTrue();
        assertThat(policy.allows("certificate:create", colleague, cluster)).isFalse();
        assertThat(policy.allows("certificate:create", trustee, cluster)).isTrue();
    }

    @Test
    void clusterUsersOfTheTrusteeDomainCannotManageClusters() {
        RequestContext trustee = new RequestContext("trustee-1", "trustee", "magnum", "tenant-a", "tenant-a",
                Set.of(), false, "req-4", "t");
        Map<String, Object> target = Map.of("project_id", "tenant-a", "trustee_domain_id", "magnum");

        assertThat(policy.allows("cluster:create", ALICE, target)).isTrue();
        assertThat(policy.allows("cluster:create", trustee, target)).isFalse();
        assertThat(policy.allows("cluster:get_all", ALICE, null)).isTrue();
    }

    @Test
    void enforceThrowsMagnumsMessageAndStatus() {
        assertThatThrownBy(() -> policy.enforce("quota:create", ALICE, null))
                .isInstanceOf(PolicyNotAuthorized.class)
                .hasMessage("Policy doesn't allow quota:create to be performed.")
                .satisfies(e -> assertThat(((PolicyNotAuthorized) e).rule()).isEqualTo("quota:create"));
        assertThat(PolicyNotAuthorized.HTTP_STATUS).isEqualTo(403);
    }

    @Test
    void withoutATargetTheCallersOwnProjectIsTheTarget() {
        assertThat(policy.allows("stats:get_all", ALICE, null)).isTrue();
        assertThat(policy.allows("stats:get_all", ALICE, Map.of("project_id", "tenant-b"))).isFalse();
    }

    @Test
    void unknownRuleNamesAreProgrammingErrors() {
        assertThatThrownBy(() -> policy.allows("cluster:explode", ADMIN, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster:explode");
    }

    @Test
    void aPolicyFileOverridesTheDefaultsOfTheSameNameOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                # members may read the conductor list, nobody may publish
                "magnum-service:get_all": "role:member or rule:admin_api"
                "clustertemplate:publish": "!"
                """);
        Policy overridden = Policy.load(CaasConfig.parse("[oslo_policy]\npolicy_file = " + file + "\n", Map.of()));

        assertThat(overridden.allows("magnum-service:get_all", ALICE, null)).isTrue();
        assertThat(overridden.allows("clustertemplate:publish", ADMIN, null)).isFalse();
        assertThat(overridden.allows("quota:create", ALICE, null)).isFalse();
        assertThat(overridden.allows("quota:create", ADMIN, null)).isTrue();
    }

    @Test
    void aJsonPolicyFileIsReadToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"quota:get_all\": \"@\"}");

        assertThat(Policy.withOverrides(file).allows("quota:get_all", ALICE, null)).isTrue();
    }

    @Test
    void badPolicyFilesAreRejectedWithWhatToFix(@TempDir Path dir) throws IOException {
        Path cycle = Files.writeString(dir.resolve("cycle.yaml"), "\"a\": \"rule:b\"\n\"b\": \"rule:a or role:x\"\n");
        Path list = Files.writeString(dir.resolve("list.yaml"), "\"quota:get\": [\"role:admin\"]\n");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "\"quota:get\": \"(role:admin\"\n");

        assertThatThrownBy(() -> Policy.withOverrides(cycle)).hasMessageContaining("cycle");
        assertThatThrownBy(() -> Policy.withOverrides(list)).hasMessageContaining("must be a check string");
        assertThatThrownBy(() -> Policy.withOverrides(broken)).hasMessageContaining("quota:get")
                .hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> Policy.withOverrides(dir.resolve("absent.yaml")))
                .hasMessageContaining("does not exist");
    }
}
