package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.core.model.ClusterNode;
import io.caas.core.spi.HealthReport;
import io.caas.core.spi.HealthReport.NodeHealth;
import io.caas.core.spi.HealthReport.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmHealthJudgementTest {
    private final List<ClusterNode> rows = new ArrayList<>();
    private final List<SwarmNode> swarm = new ArrayList<>();

    @Test
    void allReadyAndReachableIsHealthyInMagnumsShape() {
        managers(3, 0);
        worker("w-0", "ready");

        HealthReport report = judge(Map.of(), Map.of());

        assertThat(report.status()).isEqualTo(Status.HEALTHY);
        assertThat(report.reasons()).isEqualTo(Map.of("api", "ok", "m-0.Ready", "True", "m-1.Ready", "True",
                "m-2.Ready", "True", "w-0.Ready", "True"));
        assertThat(report.nodes().values()).containsOnly(NodeHealth.healthy());
    }

    @Test
    void oneOfThreeManagersUnreachablePutsQuorumAtRiskAndTwoLoseIt() {
        managers(3, 1);
        HealthReport atRisk = judge(Map.of(), Map.of());
        assertThat(atRisk.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(atRisk.reasons()).containsEntry("quorum", "at risk: 2 of 3 managers reachable, quorum is 2")
                .containsEntry("m-2.Ready", "False").containsEntry("m-2.Reason", "node is down, manager unreachable");
        assertThat(atRisk.nodes().get("m-2")).isEqualTo(new NodeHealth(Status.UNHEALTHY, "node is down, manager unreachable"));

        rows.clear();
        swarm.clear();
        managers(3, 2);
        assertThat(judge(Map.of(), Map.of()).reasons()).containsEntry("quorum", "lost: 1 of 3 managers reachable, quorum is 2");
    }

    @Test
    void fiveManagersToleratingOneLossKeepQuorumOutOfTheReasons() {
        managers(5, 1);
        HealthReport report = judge(Map.of(), Map.of());
        assertThat(report.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(report.reasons()).doesNotContainKey("quorum");
    }

    @Test
    void downMissingFailedLockedAndSilentNodesEachSayWhy() {
        managers(1, 0);
        worker("w-down", "down");
        row("w-gone", "worker", "READY");
        row("w-failed", "worker", "FAILED").message = "engine did not start";
        row("w-booting", "worker", "BOOTING");

        HealthReport report = judge(Map.of("m-0", "engine unreachable: timed out"), Map.of());

        assertThat(report.nodes()).containsEntry("w-down", new NodeHealth(Status.UNHEALTHY, "node is down"))
                .containsEntry("w-gone", new NodeHealth(Status.UNHEALTHY, "not in the swarm"))
                .containsEntry("w-failed", new NodeHealth(Status.UNHEALTHY, "failed: engine did not start"))
                .containsEntry("m-0", new NodeHealth(Status.UNKNOWN, "engine unreachable: timed out"))
                .doesNotContainKey("w-booting");
        assertThat(report.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(judge(Map.of(), Map.of("m-0", "manager was locked; caas unlocked it")).nodes().get("m-0"))
                .isEqualTo(new NodeHealth(Status.UNHEALTHY, "manager was locked; caas unlocked it"));
    }

    @Test
    void anEngineThatDoesNotAnswerWhileSwarmSeesItFineIsUnknown() {
        managers(3, 0);
        HealthReport report = judge(Map.of("m-1", "engine unreachable: refused"), Map.of());
        assertThat(report.status()).isEqualTo(Status.UNKNOWN);
        assertThat(report.reasons()).containsEntry("m-1.Ready", "False").doesNotContainKey("quorum");
    }

    private HealthReport judge(Map<String, String> engineProblems, Map<String, String> locked) {
        return SwarmHealthJudgement.judge(rows, swarm, engineProblems, locked);
    }

    /** {@code count} managers, the last {@code unreachable} of them unreachable (and down) in swarm's view. */
    private void managers(int count, int unreachable) {
        for (int i = 0; i < count; i++) {
            boolean reachable = i < count - unreachable;
            row("m-" + i, "manager", "READY");
            swarm.add(new SwarmNode("id-m-" + i, 1, "m-" + i, "manager", reachable ? "ready" : "down", "active",
                    reachable ? "reachable" : "unreachable", "", ""));
        }
    }

    private void worker(String name, String state) {
        row(name, "worker", "READY");
        swarm.add(new SwarmNode("id-" + name, 1, name, "worker", state, "active", "", "", ""));
    }

    private ClusterNode row(String name, String role, String state) {
        ClusterNode row = new ClusterNode();
        row.name = name;
        row.role = role;
        row.state = state;
        rows.add(row);
        return row;
    }
}
