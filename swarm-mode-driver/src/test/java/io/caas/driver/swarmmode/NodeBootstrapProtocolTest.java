package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeBootstrapProtocolTest {
    @Test
    void readsWhatTheScriptReports() {
        NodeBootstrapProtocol.Progress progress =
                NodeBootstrapProtocol.progress("{\"state\":\"ENGINE_UP\",\"message\":\"Engine API on tcp://198.18.3.11:2376\"}");

        assertThat(progress).isEqualTo(new NodeBootstrapProtocol.Progress("ENGINE_UP", "Engine API on tcp://198.18.3.11:2376"));
    }

    @Test
    void aNodeCannotDeclareItselfReadyNorSendGarbage() {
        assertThatThrownBy(() -> NodeBootstrapProtocol.progress("{\"state\":\"READY\"}")).hasMessageContaining("not 'READY'");
        assertThatThrownBy(() -> NodeBootstrapProtocol.progress("<html>")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> NodeBootstrapProtocol.progress("")).hasMessageContaining("not ''");
    }

    @Test
    void longMessagesAreCut() {
        String message = "x".repeat(5000);

        assertThat(NodeBootstrapProtocol.progress("{\"state\":\"FAILED\",\"message\":\"" + message + "\"}").message()).hasSize(1000);
    }

    @Test
    void joinReplyCarriesTheTokenOfTheNodesRole() {
        SwarmJoin join = new SwarmJoin("SWMTKN-1-abc-manager", "SWMTKN-1-abc-worker", List.of("198.18.3.11:2377", "198.18.3.12:2377"));

        assertThat(NodeBootstrapProtocol.joinReply(join, "worker")).isEqualTo("token=SWMTKN-1-abc-worker\nmanager=198.18.3.11:2377\n");
        assertThat(NodeBootstrapProtocol.joinReply(join, "manager")).startsWith("token=SWMTKN-1-abc-manager\n");
        assertThat(join.toString()).doesNotContain("SWMTKN");
    }
}
