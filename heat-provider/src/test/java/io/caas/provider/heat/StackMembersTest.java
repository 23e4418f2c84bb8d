package io.caas.provider.heat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StackMembersTest {

    @Test
    void indicesBelowTheHighestThatHoldNoNodeAreTheGroupsRemovalList() {
        StackMembers members = StackMembers.none();
        members.add("prod-default-master-0", "manager", "m0");
        for (int i = 0; i < 4; i++) {
            members.add("prod-default-worker-" + i, "worker", "w" + i);
        }
        assertThat(members.remove("prod-default-worker-1")).isTrue();
        assertThat(members.remove("prod-default-worker-1")).isFalse();

        Map<String, String> parameters = members.parameters("prod");
        assertThat(parameters).containsEntry("number_of_masters", "1").containsEntry("number_of_nodes", "3")
                .containsEntry("node_removal_indices", "1").containsEntry("master_removal_indices", "")
                .containsEntry("worker_name_prefix", "prod-default-worker-")
                .containsEntry("node_user_data", "{\"0\":\"w0\",\"2\":\"w2\",\"3\":\"w3\"}");
        // read back from the stack's parameters, as Heat shows them
        StackMembers again = StackMembers.of(parameters);
        assertThat(again.nameOf("worker", 3)).hasValue("prod-default-worker-3");
        assertThat(again.nameOf("worker", 1)).isEmpty();
        assertThat(again.parameters("prod")).isEqualTo(parameters);
    }

    @Test
    void aStackHoldsOneNodegroupPerRole() {
        StackMembers members = StackMembers.none();
        members.add("prod-default-worker-0", "worker", "w0");
        assertThatThrownBy(() -> members.add("prod-gpu-0", "worker", "g0"))
                .hasMessageContaining("default master and worker nodegroups only");
        assertThatThrownBy(() -> members.add("no-index", "worker", "x")).hasMessageContaining("does not end in");
    }
}
