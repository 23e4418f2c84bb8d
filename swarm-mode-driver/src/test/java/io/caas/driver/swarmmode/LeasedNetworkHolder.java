package io.caas.driver.swarmmode;

import java.util.List;

/**
 * Another test run, as a process of its own for {@link TestNetworkTest}: leases a network, puts a host on it with a
 * long sleep inside (what an engine would be), prints "name prefix sleepPid", and holds all until its stdin closes.
 */
final class LeasedNetworkHolder {
    private LeasedNetworkHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (TestNetwork network = TestNetwork.create()) {
            int host = network.nextHostNumber();
            network.addHost(host);
            Process sleeper = new ProcessBuilder("ip", "netns", "exec", network.name() + "-" + host, "sleep", "600")
                    .start();
            System.out.println(network.name() + " " + network.prefix() + " " + sleeper.pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the network until the parent closes our stdin (or kills us)
            }
            sleeper.destroyForcibly().waitFor();
        }
    }

    static List<String> command() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return List.of(java, "-cp", System.getProperty("java.class.path"), LeasedNetworkHolder.class.getName());
    }
}
