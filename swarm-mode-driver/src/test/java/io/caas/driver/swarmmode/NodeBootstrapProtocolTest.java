package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeBootstrapProtocolTest {
    @Test
    void joinReplyCarriesTheTokenOfTheNodesRole() {
        SwarmJoin join = new SwarmJoin("SWMTKN-1-abc-manager", "SWMTKN-1-abc-worker", List.of("198.18.3.11:2377", "198.18.3.12:2377"));

        assertThat(NodeBootstrapProtocol.joinReply(join, "worker")).isEqualTo("token=SWMTKN-1-abc-worker\nmanager=198.18.3.11:2377\n");
        assertThat(NodeBootstrapProtocol.joinReply(join, "manager")).startsWith("token=SWMTKN-1-abc-manager\n");
        assertThat(join.toString()).doesNotContain("SWMTKN");
    }
}
