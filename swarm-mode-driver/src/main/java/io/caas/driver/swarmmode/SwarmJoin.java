package io.caas.driver.swarmmode;

import java.util.List;

/** How a node joins a cluster's swarm: one token per role and the managers' swarm addresses (host:2377). */
public record SwarmJoin(String managerToken, String workerToken, List<String> managerAddresses) {
    public SwarmJoin {
        managerAddresses = List.copyOf(managerAddresses);
    }

    public String tokenFor(String role) {
        return SwarmRoles.MANAGER.equals(role) ? managerToken : workerToken;
    }

    @Override
    public String toString() {
        return "SwarmJoin[tokens redacted, managers=" + managerAddresses + "]";
    }
}
