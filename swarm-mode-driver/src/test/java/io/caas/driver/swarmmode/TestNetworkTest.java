package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Test networks of concurrent runs on one machine: real bridges, namespaces and leases under /run/caas-test-nets,
 * the other run a JVM of its own.
 */
class TestNetworkTest {

    @Test
    void twoNetworksInOneJvmGetDistinctNamesAndSubnetsAndCloseTakesTheirBridges() throws Exception {
        String firstBridge;
        String secondBridge;
        try (TestNetwork first = TestNetwork.create(); TestNetwork second = TestNetwork.create()) {
            assertThat(first.name()).isNotEqualTo(second.name()).matches("ct[0-9]{2}");
            assertThat(first.prefix()).isNotEqualTo(second.prefix()).startsWith("198.19.");
            firstBridge = first.name() + "0";
            secondBridge = second.name() + "0";
            assertThat(addresses(firstBridge)).contains("inet " + first.gatewayAddress() + "/24");
            assertThat(addresses(secondBridge)).contains("inet " + second.gatewayAddress() + "/24");
        }
        assertThat(linkExists(firstBridge)).isFalse();
        assertThat(linkExists(secondBridge)).isFalse();
    }

    @Test
    void anotherProcessGetsADistinctNetworkAndItsLeaseIsReclaimedOnceItIsDead() throws Exception {
        Process other = new ProcessBuilder(LeasedNetworkHolder.command()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            String[] held = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().split(" ");
            String otherName = held[0];
            String otherPrefix = held[1];
            long sleeper = Long.parseLong(held[2]);
            try (TestNetwork mine = TestNetwork.create()) {
                assertThat(mine.name()).isNotEqualTo(otherName);
                assertThat(mine.prefix()).isNotEqualTo(otherPrefix);
            }
            assertThatThrownBy(() -> TestNetwork.create(otherName, otherPrefix))
                    .hasMessageContaining("leased by live pid " + other.pid());

            other.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // a killed run: lease, bridge, host and sleep stay
            assertThat(ProcessHandle.of(sleeper)).isPresent();

            try (TestNetwork reclaimed = TestNetwork.create(otherName, otherPrefix)) {
                assertThat(reclaimed.reclaimedFromPid()).isEqualTo(other.pid());
                assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive)).as("the dead run's process").isNotEqualTo(
                        java.util.Optional.of(true));
                assertThat(namespaces()).noneMatch(namespace -> namespace.startsWith(otherName + "-"));
                assertThat(addresses(otherName + "0")).contains("inet " + otherPrefix + ".1/24");
            }
            assertThat(NetworkLeases.MACHINE.resolve(otherName)).doesNotExist();
        } finally {
            other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String addresses(String link) throws Exception {
        return Processes.run(List.of("ip", "-4", "addr", "show", "dev", link)).out();
    }

    private static boolean linkExists(String link) throws Exception {
        return Processes.run(List.of("ip", "link", "show", link)).exitCode() == 0;
    }

    private static List<String> namespaces() throws Exception {
        return Processes.run(List.of("ip", "netns", "list")).out().lines().map(line -> line.split(" ")[0]).toList();
    }
}
