package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When a manager may leave the raft without the swarm losing its quorum. */
class ReachableManagersTest {
    private static SwarmNode manager(String name, String reachability) {
        return new SwarmNode("id-" + name, 1, name, SwarmRoles.MANAGER, "ready", "active", reachability, "", "");
    }

    private static final SwarmNode WORKER = new SwarmNode("id-w", 1, "w", SwarmRoles.WORKER, "ready", "active", "", "", "");

    @Test
    void aHealthyManagerLeavesOnlyWhenEveryOtherManagerIsReachable() {
        SwarmNode leaving = manager("m0", "reachable");
        assertThatCode(() -> ReachableManagers.requireQuorumWithout(leaving,
                List.of(leaving, manager("m1", "reachable"), manager("m2", "reachable"), WORKER))).doesNotThrowAnyException();
        assertThatThrownBy(() -> ReachableManagers.requireQuorumWithout(leaving,
                List.of(leaving, manager("m1", "reachable"), manager("m2", "unreachable"))))
                .hasMessageContaining("would leave 1 of 2 other managers reachable");
    }

    @Test
    void aDeadManagerLeavesWhenAMajorityOfTheOthersIsReachable() {
        SwarmNode dead = manager("m0", "unreachable");
        assertThatCode(() -> ReachableManagers.requireQuorumWithout(dead,
                List.of(dead, manager("m1", "reachable"), manager("m2", "reachable")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> ReachableManagers.requireQuorumWithout(dead,
                List.of(dead, manager("m1", "reachable"), manager("m2", "unreachable"))))
                .isInstanceOf(SwarmDriverException.class);
    }

    @Test
    void theOnlyManagerNeverLeaves() {
        SwarmNode only = manager("m0", "reachable");
        assertThatThrownBy(() -> ReachableManagers.requireQuorumWithout(only, List.of(only, WORKER)))
                .hasMessageContaining("0 of 0 other managers");
    }
}
