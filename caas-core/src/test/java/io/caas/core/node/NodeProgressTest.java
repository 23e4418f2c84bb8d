package io.caas.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeProgressTest {
    @Test
    void readsWhatABootScriptReports() {
        assertThat(NodeProgress.parse("{\"state\":\"ENGINE_UP\",\"message\":\"Engine API on tcp://198.18.3.11:2376\"}"))
                .isEqualTo(new NodeProgress("ENGINE_UP", "Engine API on tcp://198.18.3.11:2376"));
        assertThat(NodeProgress.parse("{\"state\":\"BOOTING\"}")).isEqualTo(new NodeProgress("BOOTING", ""));
    }

    @Test
    void aNodeCannotDeclareItselfReadyNorSendGarbage() {
        assertThatThrownBy(() -> NodeProgress.parse("{\"state\":\"READY\"}")).hasMessageContaining("not 'READY'");
        assertThatThrownBy(() -> NodeProgress.parse("<html>")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> NodeProgress.parse("")).hasMessageContaining("not ''");
        assertThatThrownBy(() -> NodeProgress.parse("[\"BOOTING\"]")).hasMessageContaining("not ''");
    }

    @Test
    void longMessagesAreCut() {
        assertThat(NodeProgress.parse("{\"state\":\"FAILED\",\"message\":\"" + "x".repeat(5000) + "\"}").message())
                .hasSize(NodeProgress.MAX_MESSAGE);
    }
}
